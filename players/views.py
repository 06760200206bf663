"""Reader pages for players: the index, the player page and head-to-head."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Quote
from matches.models import Match

from .models import Player


def player_index(request):
    players = Player.objects.ranked()
    q = request.GET.get("q", "").strip()[:100]
    country = request.GET.get("country", "").strip().upper()[:3]
    if q:
        players = players.search(q)
    if country:
        players = players.filter(country=country)
    page = Paginator(players, 50).get_page(request.GET.get("page"))
    return render(request, "players/player_list.html", {"page": page, "q": q, "country": country})


def player_detail(request, slug):
    player = get_object_or_404(Player, slug=slug)
    results = list(Match.objects.for_player(player).with_related().latest_first()[:20])
    stories = Article.objects.published().for_cards().about_player(player)[:10]
    quotes = Quote.objects.filter(speaker=player, article__in=Article.objects.published()).select_related(
        "article", "match__edition__tournament"
    )[:10]
    return render(
        request,
        "players/player_detail.html",
        {"player": player, "results": results, "stories": stories, "quotes": quotes},
    )


def head_to_head(request, a, b):
    player_a = get_object_or_404(Player, slug=a)
    player_b = get_object_or_404(Player, slug=b)
    matches = list(Match.objects.between(player_a, player_b).with_related().latest_first())
    wins_a = sum(1 for m in matches if m.won_by(player_a))
    wins_b = sum(1 for m in matches if m.won_by(player_b))
    return render(
        request,
        "players/head_to_head.html",
        {"a": player_a, "b": player_b, "matches": matches, "wins_a": wins_a, "wins_b": wins_b},
    )
