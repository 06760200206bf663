"""Reader pages for matches, tournaments and editions.

Each page runs a fixed number of queries: related rows come with ``select_related`` or one extra
query keyed by id, never a query per row (the tests hold every page to a budget).
"""

from django.core.paginator import Paginator
from django.db.models import Case, Count, F, Max, Min, OuterRef, Q, Subquery, When
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from articles.models import Article, Quote
from articles.related import match_topics, related_stories
from newsroom.prepared import Prepared, keep_prefetched
from newsroom.together import evaluate
from players import stats
from players.models import Player

from . import davis_cup, draws, groups, levels
from .facts import fact_box, fact_box_question
from .models import Edition, Level, Match, MatchStats, Round, Status, Tournament

RECENT_MEETINGS = 5
TOURNAMENT_STORIES = 6  # on the tournament page; the rest on its stories page (articles.topics)


# The match page's questions, compiled once (newsroom.prepared); ``now`` is the request's.
MATCH = Prepared(lambda pk: Match.objects.for_page().filter(pk=pk).order_by()[:1])
MATCH_STATS = Prepared(lambda pk: MatchStats.objects.filter(match=pk).order_by())
MATCH_STORIES = Prepared(
    lambda pk, now: Article.objects.published(now).for_cards().card_fields().about_matches([pk])[:10]
)
MEETINGS_BEFORE = Prepared(
    lambda a, b, pk, sequence, day: (
        Match.objects.between(a, b).before_point(pk, sequence, day).for_results().latest_first()
    )
)
MATCH_QUOTES = Prepared(
    lambda pk, now: (
        Quote.objects.filter(match=pk, article__in=Article.objects.published(now))
        .for_blocks(match=False, article=True)
        .order_by("-article__publish_at", "position")
    )
)


def match_detail(request, pk):
    match = next(iter(MATCH(pk)), None)
    if match is None:
        raise Http404("No such match.")
    now = timezone.now()
    # What needs only the match, then what needs its stories: two round trips (newsroom.together).
    match_stats, stories, quotes = MATCH_STATS(pk), MATCH_STORIES(match.pk, now), MATCH_QUOTES(match.pk, now)
    before = []
    if match.player1_id and match.player2_id:
        before = MEETINGS_BEFORE(match.player1_id, match.player2_id, match.pk, match.sequence, match.date)
    facts_question = fact_box_question(match)
    evaluate(match_stats, stories, quotes, before, facts_question)
    keep_prefetched(match, "stats", match_stats)
    stats_by_player = {s.player_id: s for s in match.stats.all()}
    stories, before = list(stories), list(before)
    related = related_stories(match_topics(match), exclude=[story.pk for story in stories])
    facts = fact_box(match, question=facts_question)
    evaluate(related)
    return render(
        request,
        "matches/match_detail.html",
        {
            "match": match,
            "facts": facts,
            "stats_pair": (stats_by_player.get(match.player1_id), stats_by_player.get(match.player2_id)),
            "meetings_before": before[:RECENT_MEETINGS],
            "meetings_count": len(before),
            "stories": stories,
            "related": related,
            "quotes": quotes,
            "rule": stats.RULE,
            "event_jsonld": event_jsonld(match, request),
        },
    )


def event_jsonld(match, request):
    """schema.org SportsEvent for the match, from what the page already holds."""
    day = match.date or match.edition.start_date
    data = {
        "@context": "https://schema.org",
        "@type": "SportsEvent",
        "name": str(match),
        "url": request.build_absolute_uri(match.get_absolute_url()),
        "sport": "Tennis",
        "superEvent": {"@type": "SportsEvent", "name": str(match.edition)},
        "competitor": [
            {"@type": "Person", "name": p.name, "url": request.build_absolute_uri(p.get_absolute_url())}
            for p in (match.player1, match.player2)
            if p is not None
        ],
    }
    if day:
        data["startDate"] = day.isoformat()
    return data


def _winner_id():
    return Case(When(winner_side=1, then=F("player1_id")), When(winner_side=2, then=F("player2_id")))


def with_latest_and_champion(tournaments):
    """Tournaments with their latest edition's year and their newest champion (id and year), as
    subqueries run for the rows fetched only."""
    latest = Edition.objects.filter(tournament=OuterRef("pk")).order_by("-year").values("year")[:1]
    newest_final = (
        Match.objects.filter(edition__tournament=OuterRef("pk"), round=Round.F, winner_side__isnull=False)
        .exclude(status=Status.ABANDONED)
        .order_by("-edition__year", "id")
    )
    return tournaments.annotate(
        latest_year=Subquery(latest),
        champion_id=Subquery(newest_final.annotate(champion=_winner_id()).values("champion")[:1]),
        champion_year=Subquery(newest_final.values("edition__year")[:1]),
    )


def _with_champions(tournaments):
    tournaments = list(tournaments)
    champions = Player.objects.in_bulk({t.champion_id for t in tournaments if t.champion_id})
    for tournament in tournaments:
        tournament.champion = champions.get(tournament.champion_id)
    return tournaments


def tournament_index(request):
    """Every level, in ``levels.LEVEL_ORDER``; the tournaments of a small level all listed, of a
    large one those held recently (its page has the rest), Davis Cup ties by year. Five queries."""
    newest_year = Edition.objects.aggregate(newest=Max("year"))["newest"]
    since = levels.recent_since(newest_year)
    counts = dict(Tournament.objects.order_by().values_list("level").annotate(count=Count("id")))
    in_full = [level for level, count in counts.items() if levels.listed_in_full(level, count)]
    recent = Edition.objects.filter(year__gte=since or 0).values("tournament_id")
    listed = _with_champions(
        with_latest_and_champion(
            Tournament.objects.filter(Q(level__in=in_full) | Q(pk__in=recent)).exclude(level=Level.DAVIS_CUP)
        ).only("name", "slug", "level", "city")
    )
    by_level = {}
    for tournament in listed:
        by_level.setdefault(tournament.level, []).append(tournament)
    davis_cup_years = list(
        Edition.objects.filter(tournament__level=Level.DAVIS_CUP)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    groups = [
        {
            "level": level,
            "label": levels.LABELS.get(level, level),
            "slug": levels.SLUGS.get(level),
            "count": counts[level],
            "in_full": level in in_full,
            "tournaments": sorted(by_level.get(level, []), key=lambda t: t.name),
        }
        for level in sorted(counts, key=levels.position)
    ]
    return render(
        request,
        "matches/tournament_list.html",
        {
            "groups": groups,
            "team_level": Level.DAVIS_CUP,
            "since": since,
            "newest_year": newest_year,
            "davis_cup_years": davis_cup_years,
        },
    )


def level_detail(request, level):
    """Every tournament of a level, A to Z, a page at a time; Davis Cup: its years."""
    if level not in levels.BY_SLUG:
        raise Http404("No such level.")
    code = levels.BY_SLUG[level]
    label = levels.LABELS[code]
    if code == Level.DAVIS_CUP:
        years = (
            Edition.objects.filter(tournament__level=code)
            .order_by("-year")
            .values("year")
            .annotate(ties=Count("id"))
        )
        return render(request, "matches/davis_cup_years.html", {"label": label, "years": years})
    tournaments = with_latest_and_champion(
        Tournament.objects.filter(level=code).only("name", "slug", "level", "city")
    ).annotate(first_year=Min("editions__year"))
    page = Paginator(tournaments.order_by("name", "id"), levels.LEVEL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    if not page.paginator.count:
        raise Http404("No tournaments at this level.")
    return render(
        request,
        "matches/level_detail.html",
        {"label": label, "slug": level, "page": page, "tournaments": _with_champions(page.object_list)},
    )


def davis_cup_year(request, year):
    """A year's Davis Cup ties by stage and round (``matches.davis_cup``)."""
    editions = list(
        Edition.objects.filter(tournament__level=Level.DAVIS_CUP, year=year)
        .select_related("tournament")
        .only("year", "name", "start_date", "tournament__name", "tournament__slug")
    )
    if not editions:
        raise Http404("No Davis Cup ties that year.")
    years = Edition.objects.filter(tournament__level=Level.DAVIS_CUP).aggregate(
        previous=Max("year", filter=Q(year__lt=year)), next=Min("year", filter=Q(year__gt=year))
    )
    return render(
        request,
        "matches/davis_cup_year.html",
        {
            "year": year,
            "label": levels.LABELS[Level.DAVIS_CUP],
            "stages": davis_cup.by_stage([(edition.display_name, edition) for edition in editions]),
            "count": len(editions),
            "previous_year": years["previous"],
            "next_year": years["next"],
        },
    )


def tournament_detail(request, slug):
    tournament = get_object_or_404(Tournament, slug=slug)
    editions = list(tournament.editions.annotate(match_count=Count("matches")).order_by("-year"))
    finals = {}
    if tournament.level != Level.DAVIS_CUP:
        for final in (
            Match.objects.filter(edition__tournament=tournament, round=Round.F).for_results().order_by("id")
        ):
            finals.setdefault(final.edition_id, final)
    for edition in editions:
        edition.tournament = tournament
        edition.final = finals.get(edition.pk)
    return render(
        request,
        "matches/tournament_detail.html",
        {
            "tournament": tournament,
            "editions": editions,
            "stories": Article.objects.published()
            .for_cards()
            .about_tournament(tournament)[:TOURNAMENT_STORIES],
        },
    )


def edition_detail(request, slug, year):
    """The edition's draw (``matches.draws``: a pure function of its matches) and its stories."""
    edition = get_object_or_404(Edition.objects.with_tournament(), tournament__slug=slug, year=year)
    matches = Match.objects.for_draw(edition)
    team_event = edition.tournament.level == Level.DAVIS_CUP
    final = next((m for m in matches if m.round == Round.F and m.winner_side), None)
    stories = Article.objects.published().for_cards().about_edition(edition)[:10]
    return render(
        request,
        "matches/edition_detail.html",
        {
            "edition": edition,
            "draw": draws.build(matches),
            "team_event": team_event,
            "standings_rule": groups.STANDINGS_RULE,
            "final": None if team_event else final,
            "stories": stories,
        },
    )
