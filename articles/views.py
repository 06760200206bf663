"""Reader pages for stories: the home page, the story list and the story."""

import re

from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.generic import ListView

from matches.facts import fact_box, fact_box_question
from matches.models import Edition, Match, MatchQuerySet, Tournament
from newsroom.prepared import Prepared, keep_prefetched
from newsroom.text import clean_query
from newsroom.together import evaluate
from players.asof import RankAt
from players.countries import country_code, country_name
from players.models import Player, RankingEntry, name_search

from . import schema
from .corrections import Correction, corrections_jsonld
from .markdown import placed_blocks
from .models import Article, ArticleQuerySet, BodyReference, Byline, Quote
from .redirects import redirect_target
from .related import related_stories, story_topics

# The story page's columns: the story's own but the search text and the bookkeeping (version,
# timestamps of edits), its edition as a story card names it, and its match as a score box shows it.
STORY_FIELDS = (
    "id",
    "title",
    "slug",
    "standfirst",
    "body",
    "body_html",
    "section",
    "status",
    "publish_at",
    "hero_image",
    "hero_alt",
    "hero_decorative",
    "hero_caption",
    "hero_credit",
    "updated",
    *ArticleQuerySet.CARD_FIELDS[-3:],
    "edition__tournament__slug",
    *(f"match__{field}" for field in MatchQuerySet.PAGE_FIELDS),
)


def _story_queryset():
    return Article.objects.select_related(
        "edition__tournament", "match__edition__tournament", "match__player1", "match__player2"
    ).only(*STORY_FIELDS)


# The story page's questions, compiled once (newsroom.prepared): the story, then what it links, each
# for one story (its id). The ``now`` of the published ones is the request's.
STORY_FOR_READERS = Prepared(
    # The slug is unique: no order to ask for (ordering a select of this width is a cost of its own).
    lambda slug, now: _story_queryset().published(now).filter(slug=slug).order_by()[:1]
)
STORY_FOR_STAFF = Prepared(lambda slug: _story_queryset().filter(slug=slug).order_by()[:1])
STORY_LINKS = {
    "players": Prepared(
        lambda pk: (
            Player.objects.filter(articles=pk)
            .only("slug", "first_name", "last_name", "country")
            .order_by("current_rank", "last_name")
        )
    ),
    "linked_matches": Prepared(lambda pk: Match.objects.filter(articles=pk).for_results().latest_first()),
    # In the story's order (``Quote.Meta.ordering`` without the join to the story).
    "quotes": Prepared(lambda pk: Quote.objects.filter(article=pk).for_blocks().order_by("position", "id")),
    "bylines": Prepared(
        lambda pk: Byline.objects.filter(article=pk).select_related("author").order_by("position", "id")
    ),
    # Only what the story's topics read (articles.related), in no order: ids, editions' tournaments.
    "body_references": Prepared(
        lambda pk: (
            BodyReference.objects.filter(article=pk)
            .select_related("edition")
            .only("article", "player", "match", "tournament", "edition__tournament")
            .order_by()
        )
    ),
}
STORY_CORRECTIONS = Prepared(
    lambda pk, now: Correction.objects.filter(article=pk).dated_by_now(now).order_by("published_at", "id")
)


def find_story(slug, *, drafts=False):
    """The story at ``slug`` with what it links (``article.players.all()`` and so on read no more),
    and the rows of its match's fact box (``matches.facts.fact_box_question``, evaluated; None
    without a match), asked together; (None, None) when there is no such story. Readers' stories
    are the published ones; ``drafts`` for staff: any."""
    now = timezone.now()
    article = next(iter(STORY_FOR_STAFF(slug) if drafts else STORY_FOR_READERS(slug, now)), None)
    if article is None:
        return None, None
    linked = {name: query(article.pk) for name, query in STORY_LINKS.items()}
    linked["corrections"] = STORY_CORRECTIONS(article.pk, now)
    facts = fact_box_question(article.match) if article.match else None
    evaluate(*linked.values(), facts)
    for name, queryset in linked.items():
        keep_prefetched(article, name, queryset)
    return article, facts


def home(request):
    stories = list(Article.objects.published().for_cards()[:13])
    results = Match.objects.decided().newest(8)
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
    return render_story(request, slug)


def render_story(request, slug, *, preview=False):
    """The story page. Readers see published stories only, and an old address of one is a 301 to
    its current one; staff may see drafts and scheduled stories. The admin's preview (``preview``)
    is this same page, never cached and never indexed."""
    staff = request.user.is_authenticated and request.user.is_staff
    article, facts_question = find_story(slug, drafts=staff)
    if article is None:
        target = redirect_target(slug, Article.objects.all() if staff else Article.objects.published())
        if target is None:
            raise Http404("No such story.")
        return HttpResponsePermanentRedirect(target)
    facts = fact_box(article.match, question=facts_question) if article.match else None
    ranks, ranks_question = ranks_as_of(article, facts)
    related = related_stories(story_topics(article), exclude=[article.pk])
    evaluate(ranks_question, related)
    placed = placed_blocks(article.body)
    corrections = list(article.corrections.all())
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "facts": facts,
            "players_then": players_as_of(article, ranks, ranks_question),
            "related": related,
            "preview": preview or not article.is_published,
            "article_jsonld": article_jsonld(article, request),
            # A match or quote the body already shows as a block is not shown a second time.
            "show_score_box": article.match_id and ("match", str(article.match_id)) not in placed,
            "quotes_below": [q for q in article.quotes.all() if ("quote", str(q.pk)) not in placed],
            "corrections": corrections,
            "last_corrected": corrections[-1].published_at if corrections else None,
        },
    )
    if preview or not article.is_published:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


def ranks_as_of(article, facts):
    """The ranks as of the story of its players: those the reported match gives its two players
    ({player id: RankAt}), and the question for the others (``newest_on_or_before_question``: each
    one's newest ranking week on or before the match, or the publication), or None."""
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
    others = [p.pk for p in article.players.all() if p.pk not in ranks]
    return ranks, RankingEntry.objects.newest_on_or_before_question(others, day)


def players_as_of(article, ranks, question):
    """The story's players with their rank as of the story: ``ranks_as_of``'s, its question answered."""
    for player_id, (week, rank) in (question.result if question else {}).items():
        ranks[player_id] = RankAt(rank, week)
    return [(player, ranks.get(player.pk)) for player in article.players.all()]


class CorrectionListView(ListView):
    """Every correction to a published story, newest first."""

    template_name = "articles/correction_list.html"
    context_object_name = "corrections"
    paginate_by = 30

    def get_queryset(self):
        return Correction.objects.published().newest_first()


def article_jsonld(article, request):
    """schema.org NewsArticle for search engines, from what the page already holds."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.standfirst,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "articleSection": article.get_section_display(),
        "about": [
            {"@type": "Person", "name": p.name, "url": request.build_absolute_uri(p.get_absolute_url())}
            for p in article.players.all()
        ],
    }
    if article.publish_at:
        data["datePublished"] = article.publish_at.isoformat()
        data["dateModified"] = max(article.updated, article.publish_at).isoformat()
    data.update(schema.credits(article, request))
    if corrections := corrections_jsonld(article.corrections.all()):
        data["correction"] = corrections
    return data


YEAR_RE = re.compile(r"^(18[7-9]\d|19\d\d|20\d\d)$")


def search(request):
    """Stories, players and tournaments for a query: bounded lists, a fixed number of queries.

    Players are found by any spelling of their name, or by their country's name or code ('Spain',
    'ESP'). A query with a year ('Wimbledon 2024') finds the editions of that year instead of the
    tournaments."""
    q = clean_query(request.GET.get("q", ""))
    stories = players = tournaments = editions = []
    country = country_code(q) if q else ""
    if q:
        stories = Article.objects.published().for_cards().search(q)[:20]
        if country:  # many players: read in rank order until twenty are found
            players = Player.objects.filter(name_search(q) | Q(country=country)).ranked()[:20]
        else:
            players = Player.objects.search(q).ranked()[:20]
        words = q.split()[:6]
        years = [word for word in words if YEAR_RE.match(word)]
        words = [word for word in words if not YEAR_RE.match(word)]
        if years:
            edition_qs = Edition.objects.with_tournament().filter(year=int(years[-1]))
            for word in words:
                edition_qs = edition_qs.filter(Q(tournament__name__icontains=word) | Q(name__icontains=word))
            editions = edition_qs.order_by("tournament__name")[:20]
        else:
            tournament_qs = Tournament.objects.all()
            for word in words:
                tournament_qs = tournament_qs.filter(name__icontains=word)
            tournaments = tournament_qs.order_by("name")[:20]
    return render(
        request,
        "articles/search.html",
        {
            "q": q,
            "stories": stories,
            "players": players,
            "tournaments": tournaments,
            "editions": editions,
            "country": country,
            "country_label": country_name(country) if country else "",
        },
    )
