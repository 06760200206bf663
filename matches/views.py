"""Reader pages for matches, tournaments and editions."""

from itertools import groupby

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Quote

from .models import Edition, Match, MatchStats, Tournament


def match_detail(request, pk):
    match = get_object_or_404(
        Match.objects.with_related().prefetch_related(
            Prefetch("stats", queryset=MatchStats.objects.select_related("player"))
        ),
        pk=pk,
    )
    stats = {s.player_id: s for s in match.stats.all()}
    stats_pair = (stats.get(match.player1_id), stats.get(match.player2_id))
    stories = Article.objects.published().for_cards().filter(matches=match)[:10]
    quotes = Quote.objects.filter(match=match, article__in=Article.objects.published()).select_related(
        "speaker", "article"
    )
    return render(
        request,
        "matches/match_detail.html",
        {"match": match, "stats_pair": stats_pair, "stories": stories, "quotes": quotes},
    )


def tournament_index(request):
    tournaments = Tournament.objects.annotate(edition_count=Count("editions")).order_by("name")
    return render(request, "matches/tournament_list.html", {"tournaments": tournaments})


def tournament_detail(request, slug):
    tournament = get_object_or_404(Tournament, slug=slug)
    editions = tournament.editions.annotate(match_count=Count("matches")).order_by("-year")
    return render(request, "matches/tournament_detail.html", {"tournament": tournament, "editions": editions})


def edition_detail(request, slug, year):
    edition = get_object_or_404(Edition.objects.with_tournament(), tournament__slug=slug, year=year)
    matches = edition.matches.with_related().order_by("-round_order", "id")
    rounds = [(key, list(group)) for key, group in groupby(matches, key=lambda m: m.get_round_display())]
    stories = Article.objects.published().for_cards().filter(edition=edition)[:10]
    return render(
        request, "matches/edition_detail.html", {"edition": edition, "rounds": rounds, "stories": stories}
    )
