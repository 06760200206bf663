"""Reader pages for matches, tournaments and editions.

Each page runs a fixed number of queries: related rows come with ``select_related`` or one extra
query keyed by id, never a query per row (the tests hold every page to a budget).
"""

from itertools import groupby

from django.db.models import Case, Count, F, OuterRef, Prefetch, Subquery, When
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Quote
from articles.related import match_topics, related_stories
from players import stats
from players.models import Player

from . import draws, groups
from .facts import fact_box
from .models import Edition, Level, Match, MatchStats, Round, Status, Tournament

RECENT_MEETINGS = 5
TOURNAMENT_STORIES = 6  # on the tournament page; the rest on its stories page (articles.topics)


def match_detail(request, pk):
    match = get_object_or_404(
        Match.objects.with_related().prefetch_related(Prefetch("stats", queryset=MatchStats.objects.all())),
        pk=pk,
    )
    stats_by_player = {s.player_id: s for s in match.stats.all()}
    stories = list(Article.objects.published().for_cards().about_matches([match])[:10])
    before = []
    if match.player1_id and match.player2_id:
        before = list(
            Match.objects.between(match.player1_id, match.player2_id)
            .before(match)
            .with_related()
            .latest_first()
        )
    return render(
        request,
        "matches/match_detail.html",
        {
            "match": match,
            "facts": fact_box(match),
            "stats_pair": (stats_by_player.get(match.player1_id), stats_by_player.get(match.player2_id)),
            "meetings_before": before[:RECENT_MEETINGS],
            "meetings_count": len(before),
            "stories": stories,
            "related": related_stories(match_topics(match), exclude=[story.pk for story in stories]),
            "quotes": Quote.objects.filter(match=match, article__in=Article.objects.published())
            .select_related("speaker", "article", "match")
            .order_by("-article__publish_at", "position"),
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


LEVEL_ORDER = [
    Level.GRAND_SLAM,
    Level.FINALS,
    Level.OLYMPICS,
    Level.MASTERS,
    Level.ATP_500,
    Level.ATP_250,
    Level.TOUR,
    Level.NEXTGEN_FINALS,
    Level.OTHER_FINALS,
    Level.DAVIS_CUP,
    Level.CHALLENGER,
    Level.ITF,
    Level.ITF_25,
    Level.ITF_15,
    Level.ITF_10,
    Level.EXHIBITION,
    Level.TEAM,
    Level.JUNIORS,
]
LEVEL_LABELS = dict(Level.choices)


def _winner_id():
    return Case(When(winner_side=1, then=F("player1_id")), When(winner_side=2, then=F("player2_id")))


def tournament_index(request):
    latest = Edition.objects.filter(tournament=OuterRef("pk")).order_by("-year").values("year")[:1]
    newest_final = (
        Match.objects.filter(edition__tournament=OuterRef("pk"), round=Round.F, winner_side__isnull=False)
        .exclude(status=Status.ABANDONED)
        .order_by("-edition__year", "id")
    )
    tournaments = list(
        Tournament.objects.annotate(
            latest_year=Subquery(latest),
            champion_id=Subquery(newest_final.annotate(champion=_winner_id()).values("champion")[:1]),
            champion_year=Subquery(newest_final.values("edition__year")[:1]),
        ).order_by("name")
    )
    champions = Player.objects.in_bulk({t.champion_id for t in tournaments if t.champion_id})
    for tournament in tournaments:
        tournament.champion = champions.get(tournament.champion_id)
    rank = {level: position for position, level in enumerate(LEVEL_ORDER)}
    tournaments.sort(key=lambda t: (rank.get(t.level, len(LEVEL_ORDER)), t.name))
    groups = [
        (level, LEVEL_LABELS.get(level, "Other events"), list(group))
        for level, group in groupby(tournaments, key=lambda t: t.level)
    ]
    return render(request, "matches/tournament_list.html", {"groups": groups, "team_level": Level.DAVIS_CUP})


def tournament_detail(request, slug):
    tournament = get_object_or_404(Tournament, slug=slug)
    editions = list(tournament.editions.annotate(match_count=Count("matches")).order_by("-year"))
    finals = {}
    if tournament.level != Level.DAVIS_CUP:
        for final in (
            Match.objects.filter(edition__tournament=tournament, round=Round.F).with_related().order_by("id")
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
