"""Reader pages for players: the index, the player page and head-to-head.

Records come from one query of slim rows (``Match.objects....rows()``) run through the pure
functions in ``players.stats``; each page runs the same number of queries however long a career is.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from articles import schema
from articles.markdown import render as render_markdown
from articles.models import Article, Quote
from articles.related import Topics, related_stories
from matches.coverage import held_seasons
from matches.models import Match, Surface
from matches.rows import player_rows
from newsroom.prepared import Prepared
from newsroom.text import clean_query
from newsroom.together import evaluate

from . import stats
from .career import career_high
from .countries import country_code, country_name
from .models import Player, RankingEntry

RESULTS_PER_PAGE = 25
RELATED_MATCHES = 20  # the latest matches whose stories a player page offers as related


def player_index(request):
    """Players ranked first; search by any spelling of a name, filter by country name or code."""
    players = Player.objects.ranked()
    q = clean_query(request.GET.get("q", ""))
    country_text = clean_query(request.GET.get("country", ""), 60)
    country = country_code(country_text)
    if not country and len(country_text) == 3 and country_text.isalpha():
        country = country_text.upper()  # a code the names table does not hold (URS, TCH…)
    if q:
        players = players.search(q)
    if country:
        players = players.filter(country=country)
    elif country_text:
        players = players.none()  # a country we cannot tell: say so rather than list everyone
    page = Paginator(players, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "country": country,
        "country_text": country_text,
        "country_label": country_name(country) if country else "",
        "unknown_country": bool(country_text and not country),
        # Ranks are "now" figures: the table says which week they are from.
        "ranking_week": RankingEntry.objects.aggregate(newest=Max("week"))["newest"],
    }
    return render(request, "players/player_list.html", context)


def _choice(value, allowed):
    """``value`` if it is one of ``allowed`` (compared as text), else None: bad input is ignored."""
    for option in allowed:
        if str(option) == value:
            return option
    return None


# The player page's questions, compiled once (newsroom.prepared); ``now`` is the request's.
PLAYER = Prepared(lambda slug: Player.objects.filter(slug=slug).order_by()[:1])
# Looked up by id: no order to ask for (the match's default one joins its edition and tournament).
RESULTS = Prepared(lambda ids: Match.objects.for_results().filter(pk__in=ids).order_by())
FINALS = Prepared(lambda ids: Match.objects.filter(pk__in=ids).order_by().final_lines())
RANKING_WEEKS = Prepared(
    lambda player_id: (
        RankingEntry.objects.filter(player=player_id).order_by("week").values_list("week", "rank")
    )
)
STORIES = Prepared(
    lambda player_id, now: (
        Article.objects.published(now).for_cards().card_fields().about_player(player_id)[:10]
    )
)
QUOTES = Prepared(
    lambda player_id, now: (
        Quote.objects.filter(speaker=player_id, article__in=Article.objects.published(now))
        .for_blocks(article=True)
        .order_by("-article__publish_at", "position")[:10]
    )
)


def player_detail(request, slug):
    player = next(iter(PLAYER(slug)), None)
    if player is None:
        raise Http404("No such player.")
    now = timezone.now()
    # What needs only the player's id, then what needs their matches: two round trips
    # (newsroom.together).
    found = player_rows(player.pk)
    ranking_weeks, stories, quotes = RANKING_WEEKS(player.pk), STORIES(player.pk, now), QUOTES(player.pk, now)
    evaluate(found, ranking_weeks, stories, quotes)
    rows = found.result
    seasons = stats.seasons(rows)
    year_param = request.GET.get("year", "")
    career = year_param == "all"
    year = None if career else _choice(year_param, seasons) or (seasons[0] if seasons else None)
    surface = _choice(request.GET.get("surface", ""), Surface.values)

    season_rows = stats.filter_rows(rows, year=year)
    shown = stats.filter_rows(season_rows, surface=surface)
    page = Paginator([row.id for row in shown], RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    title_rows = stats.titles(rows, player.pk)
    title_ids = [row.id for row in title_rows]
    results = RESULTS(page.object_list) if page.object_list else []
    finals = FINALS(title_ids) if title_ids else []
    # Stories from their latest matches and events, besides those listed.
    related = related_stories(
        Topics(
            matches=frozenset(row.id for row in rows[:RELATED_MATCHES]),
            editions=frozenset(row.edition_id for row in rows[:RELATED_MATCHES]),
        ),
        exclude=[story.pk for story in stories],
    )
    evaluate(results, finals, related)
    matches = {match.pk: match for match in results}
    finals = {line.id: line for line in finals}

    query = [("year", "all" if career else year), ("surface", surface)]
    coverage = held_seasons()
    first_season = seasons[-1] if seasons else None
    # Every title counts, a walkover's too (stats.titles), so not stats.entered_by_hand here.
    titles_by_hand = sum(1 for row in title_rows if not coverage.holds(row.year))
    record_by_hand = stats.entered_by_hand(season_rows, coverage) if career else 0
    ranking_weeks = list(ranking_weeks)
    stories = list(stories)
    high = career_high(ranking_weeks)
    return render(
        request,
        "players/player_detail.html",
        {
            "player": player,
            "bio_html": render_markdown(player.bio).html if player.bio.strip() else "",
            "rank_at_match": None if player.current_rank else stats.rank_at_latest_match(rows, player.pk),
            "chart": stats.ranking_chart(ranking_weeks),
            # The best of the weeks held, saying which weeks those are.
            "career_high": high,
            "rankings_held": RankingEntry.objects.held() if high else None,
            "seasons": seasons,
            "year": year,
            "career": career,
            "surface": surface,
            "surfaces": [(s.value, s.label) for s in Surface if s.value in stats.surfaces_played(rows)],
            "summary": stats.player_summary(season_rows, player.pk),
            # Career figures say which seasons they count, and the matches of other seasons entered
            # by hand that they count too; a season not held says so too.
            "coverage_phrase": coverage.phrase(first_season, entered=record_by_hand),
            "record_by_hand": record_by_hand,
            "titles_phrase": coverage.phrase(first_season, entered=titles_by_hand),
            "season_held": year is None or coverage.holds(year),
            "titles": [finals[pk] for pk in title_ids],
            "page": page,
            "results": [matches[pk] for pk in page.object_list],
            "query": urlencode([(key, value) for key, value in query if value]),
            "stories": stories,
            "related": related,
            "quotes": quotes,
            "rule": stats.RULE,
            "person_jsonld": person_jsonld(player, request),
        },
    )


def person_jsonld(player, request):
    """schema.org Person for search engines, from the player's own fields."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": player.name,
        "url": request.build_absolute_uri(player.get_absolute_url()),
    }
    if player.country:
        data["nationality"] = player.country_name
    if player.birth_date:
        data["birthDate"] = player.birth_date.isoformat()
    if player.height_cm:
        data["height"] = f"{player.height_cm} cm"
    if player.photo:
        data["image"] = schema.image(player.photo)
    return data


def head_to_head(request, a, b):
    if a == b:
        raise Http404("A player has no head-to-head with themselves.")
    players = {p.slug: p for p in Player.objects.filter(slug__in=[a, b])}
    if len(players) != 2:
        raise Http404("No such player.")
    player_a, player_b = players[a], players[b]
    matches = list(Match.objects.between(player_a, player_b).for_results().latest_first())
    debuts = Match.objects.first_seasons([player_a.pk, player_b.pk])
    rows = [stats.row_from_match(m) for m in matches]
    match_ids = [m.pk for m in matches]
    stories = (
        Article.objects.published().for_cards().filter(linked_matches__in=match_ids).distinct()[:10]
        if match_ids
        else []
    )
    coverage = held_seasons()
    return render(
        request,
        "players/head_to_head.html",
        {
            "a": player_a,
            "b": player_b,
            "matches": matches,
            "summary": stats.head_to_head(rows, player_a.pk, player_b.pk),
            # Counted from the later debut: the seasons they could have met.
            "coverage_phrase": (
                coverage.phrase(max(debuts.values()), entered=stats.entered_by_hand(rows, coverage))
                if len(debuts) == 2
                else ""
            ),
            "stories": stories,
            "rule": stats.RULE,
        },
    )
