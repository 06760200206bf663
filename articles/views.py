"""Reader pages for stories: the home page, the story list and the story."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.generic import ListView

from matches.facts import fact_box
from matches.models import Match, Tournament
from newsroom.text import clean_query
from players.asof import RankAt
from players.models import Player, RankingEntry

from .models import Article, BodyReference, Quote
from .related import related_stories, story_topics


def _story_queryset():
    return Article.objects.select_related(
        "edition__tournament", "match__edition__tournament", "match__player1", "match__player2"
    ).prefetch_related(
        Prefetch("players", queryset=Player.objects.order_by("current_rank", "last_name")),
        Prefetch("linked_matches", queryset=Match.objects.with_related().latest_first()),
        Prefetch("quotes", queryset=Quote.objects.select_related("speaker", "match__edition__tournament")),
        Prefetch("body_references", queryset=BodyReference.objects.select_related("edition")),
    )


def home(request):
    stories = list(Article.objects.published().for_cards()[:13])
    results = Match.objects.with_related().decided().latest_first()[:8]
    in_the_news = (
        Player.objects.filter(articles__in=[a.pk for a in stories]).distinct().ranked()[:8] if stories else []
    )
    return render(
        request,
        "articles/home.html",
        {
            "top_story": stories[0] if stories else None,
            "stories": stories[1:],
            "results": results,
            "in_the_news": in_the_news,
        },
    )


class ArticleListView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "stories"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_cards()


def article_detail(request, slug):
    """Readers see published stories only; staff may preview drafts and scheduled stories."""
    queryset = _story_queryset()
    if not (request.user.is_authenticated and request.user.is_staff):
        queryset = queryset.published()
    article = get_object_or_404(queryset, slug=slug)
    facts = fact_box(article.match) if article.match else None
    related = related_stories(story_topics(article), exclude=[article.pk])
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "facts": facts,
            "players_then": players_as_of(article, facts),
            "related": related,
            "preview": not article.is_published,
            "article_jsonld": article_jsonld(article, request),
        },
    )
    if not article.is_published:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


def players_as_of(article, facts):
    """The story's players with their rank as of the story: the reported match's ranks for its two
    players, else each player's newest ranking week on or before the match (or the publication)."""
    players = list(article.players.all())
    ranks = {}
    if facts:
        match = article.match
        for player_id, going in ((match.player1_id, facts.p1), (match.player2_id, facts.p2)):
            if player_id and going.rank:
                ranks[player_id] = going.rank
    if article.match:
        day = article.match.date or article.match.edition.start_date
    else:
        day = timezone.localdate(article.publish_at) if article.publish_at else timezone.localdate()
    others = [p.pk for p in players if p.pk not in ranks]
    for player_id, (week, rank) in RankingEntry.objects.newest_on_or_before(others, day).items():
        ranks[player_id] = RankAt(rank, week)
    return [(player, ranks.get(player.pk)) for player in players]


def article_jsonld(article, request):
    """schema.org NewsArticle for search engines, from what the page already holds."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.standfirst,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "articleSection": article.get_section_display(),
        "about": [
            {"@type": "Person", "name": p.name, "url": request.build_absolute_uri(p.get_absolute_url())}
            for p in article.players.all()
        ],
    }
    if article.publish_at:
        data["datePublished"] = article.publish_at.isoformat()
        data["dateModified"] = max(article.updated, article.publish_at).isoformat()
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    if article.hero_image:
        data["image"] = request.build_absolute_uri(article.hero_image.url)
    return data


def search(request):
    """Stories, players and tournaments for a query: bounded lists, a fixed number of queries."""
    q = clean_query(request.GET.get("q", ""))
    stories = players = tournaments = []
    if q:
        stories = Article.objects.published().for_cards().search(q)[:20]
        players = Player.objects.search(q).ranked()[:20]
        tournament_qs = Tournament.objects.all()
        for word in q.split()[:5]:
            tournament_qs = tournament_qs.filter(name__icontains=word)
        tournaments = tournament_qs.order_by("name")[:20]
    return render(
        request,
        "articles/search.html",
        {"q": q, "stories": stories, "players": players, "tournaments": tournaments},
    )
