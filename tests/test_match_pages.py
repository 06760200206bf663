"""The match page: score by set, status, statistics, the head-to-head before it, stories and quotes."""

import re
from datetime import date

import pytest

from articles.models import ArticleStatus
from matches.models import Level, Round, Status, Surface
from tests.factories import (
    ArticleFactory,
    EditionFactory,
    MatchFactory,
    MatchStatsFactory,
    PlayerFactory,
    QuoteFactory,
    TournamentFactory,
)

pytestmark = pytest.mark.django_db

# the match, its stats, fact box (rows, ranking weeks, seasons held), earlier meetings, stories,
# related stories, quotes
MATCH_PAGE_QUERIES = 10


def text_of(html):
    """The page as a reader reads it: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def edition(year=2025, start=None, name="Paris Masters", level=Level.MASTERS, surface=Surface.HARD):
    tournament = TournamentFactory(name=name, level=level)
    return EditionFactory(tournament=tournament, year=year, start_date=start, surface=surface)


@pytest.fixture
def paris():
    norrie = PlayerFactory(first_name="Cameron", last_name="Norrie", slug="cameron-norrie")
    alcaraz = PlayerFactory(first_name="Carlos", last_name="Alcaraz", slug="carlos-alcaraz")
    match = MatchFactory(
        edition=edition(start=date(2025, 10, 27)),
        round=Round.R32,
        player1=norrie,
        player2=alcaraz,
        p2_seed=1,
        p1_entry="",
        score="4-6 6-3 6-4",
        winner_side=1,
        duration_minutes=136,
        date=date(2025, 10, 29),
    )
    return match


def test_match_page_shows_the_score_by_set_status_round_edition_and_duration(client, paris):
    html = html_of(client, paris.get_absolute_url())
    assert "Cameron Norrie</a> d. <a" in html
    assert 'class="score-box' in html
    assert "Completed" in html
    assert "Round of 32" in html
    assert "Paris Masters 2025" in html
    assert "2 h 16 min" in html and 'datetime="PT136M"' in html
    assert 'datetime="2025-10-29"' in html
    assert 'href="/players/cameron-norrie/"' in html and 'href="/players/carlos-alcaraz/"' in html


def test_match_page_shows_both_players_serve_stats_side_by_side_with_percentages(client, paris):
    MatchStatsFactory(
        match=paris,
        player=paris.player1,
        aces=7,
        double_faults=2,
        serve_points=80,
        first_serves_in=50,
        first_serve_points_won=38,
        second_serve_points_won=16,
        break_points_saved=3,
        break_points_faced=5,
    )
    MatchStatsFactory(
        match=paris,
        player=paris.player2,
        aces=11,
        double_faults=4,
        serve_points=90,
        first_serves_in=54,
        first_serve_points_won=40,
        second_serve_points_won=18,
        break_points_saved=6,
        break_points_faced=9,
    )
    html = html_of(client, paris.get_absolute_url())
    table = html[html.index("stats-table") : html.index("</table>", html.index("stats-table"))]
    assert "<caption" in table and 'scope="row"' in table
    text = text_of(table)
    assert "7 Aces 11" in text and "2 Double faults 4" in text
    assert "62% (50/80) First serve in 60% (54/90)" in text
    assert "76% (38/50) First-serve points won 74% (40/54)" in text
    assert "53% (16/30) Second-serve points won 50% (18/36)" in text
    assert "3/5 (60%) Break points saved 6/9 (67%)" in text
    # From the opponent's serve figures: return points, break points converted, all points.
    assert "36% (32/90) Return points won 32% (26/80)" in text
    assert "3/9 (33%) Break points converted 2/5 (40%)" in text
    assert "51% (86/170) Total points won 49% (84/170)" in text
    assert text.index("Serve") < text.index("Aces") < text.index("Return") < text.index("Return points won")
    assert "Winners" not in table  # not recorded, so not shown


def test_match_page_shows_winners_and_unforced_errors_when_a_reporter_recorded_them(client, paris):
    MatchStatsFactory(match=paris, player=paris.player1, winners=31, unforced_errors=22)
    html = html_of(client, paris.get_absolute_url())
    text = text_of(html)
    assert "31 Winners –" in text and "22 Unforced errors –" in text


def test_match_page_shows_the_head_to_head_before_the_match_only(client, paris):
    norrie, alcaraz = paris.player1, paris.player2
    earlier_year = edition(year=2023, start=date(2023, 7, 3), name="Wimbledon", level=Level.GRAND_SLAM)
    MatchFactory(edition=earlier_year, player1=alcaraz, player2=norrie, winner_side=1, score="6-3 6-4")
    same_year_earlier = edition(year=2025, start=date(2025, 2, 10), name="Rio", level=Level.ATP_500)
    MatchFactory(edition=same_year_earlier, player1=alcaraz, player2=norrie, winner_side=1, score="6-2 6-2")
    later = edition(year=2026, start=date(2026, 1, 19), name="Australian Open", level=Level.GRAND_SLAM)
    MatchFactory(edition=later, player1=norrie, player2=alcaraz, winner_side=1, score="6-1 6-1 6-1")
    html = html_of(client, paris.get_absolute_url())
    assert "Before: Carlos Alcaraz led 2\u20130; after: Carlos Alcaraz leads 2\u20131" in html
    section = html[html.index("h2h-heading") :]
    assert "Wimbledon 2023" in section and "Rio 2025" in section
    assert "Australian Open 2026" not in section
    assert 'href="/players/cameron-norrie/vs/carlos-alcaraz/"' in section


def test_head_to_head_before_counts_earlier_rounds_of_the_same_edition_but_not_later_ones(client):
    a, b = PlayerFactory(), PlayerFactory()
    finals = edition(year=2024, start=date(2024, 11, 10), name="Tour Finals", level=Level.FINALS)
    MatchFactory(edition=finals, round=Round.RR, player1=b, player2=a, winner_side=1, score="6-4 6-4")
    final = MatchFactory(edition=finals, round=Round.F, player1=a, player2=b, winner_side=1, score="6-4 6-4")
    MatchFactory(edition=finals, round=Round.F, player1=PlayerFactory(), player2=PlayerFactory())
    html = html_of(client, final.get_absolute_url())
    assert f"Before: {b.name} led 1\u20130; after: level at 1\u20131" in html


def test_first_meeting_says_so(client, paris):
    assert "Before: their first counted meeting" in html_of(client, paris.get_absolute_url())


def test_walkover_match_page_says_walkover_and_the_earlier_walkover_is_left_out(client):
    a, b = PlayerFactory(), PlayerFactory()
    MatchFactory(
        edition=edition(year=2023, start=date(2023, 5, 1)),
        player1=a,
        player2=b,
        status=Status.WALKOVER,
        score="W/O",
    )
    match = MatchFactory(edition=edition(year=2024, start=date(2024, 5, 1)), player1=a, player2=b)
    html = html_of(client, match.get_absolute_url())
    assert "1 walkover left out" in html
    assert "Before: their first counted meeting" in html


def test_scheduled_match_page_shows_the_players_and_no_score(client):
    match = MatchFactory(status=Status.SCHEDULED, winner_side=None, score="")
    html = html_of(client, match.get_absolute_url())
    assert f"{match.player1.name}</a> v <a" in html
    assert "Not played yet." in html


def test_match_page_shows_published_stories_and_quotes_about_the_match(client, paris):
    story = ArticleFactory(title="Norrie stuns Alcaraz")
    story.linked_matches.add(paris)
    QuoteFactory(article=story, match=paris, speaker=paris.player1, text="This win is so big for me.")
    draft = ArticleFactory(title="Draft report", status=ArticleStatus.DRAFT)
    draft.linked_matches.add(paris)
    QuoteFactory(article=draft, match=paris, speaker=paris.player1, text="Unpublished words.")
    html = html_of(client, paris.get_absolute_url())
    assert "Norrie stuns Alcaraz" in html and "This win is so big for me." in html
    assert "Draft report" not in html and "Unpublished words." not in html


@pytest.mark.parametrize(
    "url",
    [
        "/matches/0/",
        "/matches/123456789/",
        "/matches/99999999999999999999999/",
        "/matches/9223372036854775808/",
        "/matches/-1/",
        "/matches/abc/",
        "/matches/1e3/",
    ],
)
def test_unknown_or_hostile_match_ids_are_404(client, url):
    html_of(client, url, status=404)


@pytest.mark.parametrize("earlier_meetings", [0, 30])
def test_match_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries, earlier_meetings):
    a, b = PlayerFactory(), PlayerFactory()
    match = MatchFactory(edition=edition(year=2025, start=date(2025, 6, 2)), player1=a, player2=b)
    MatchStatsFactory(match=match, player=a)
    MatchStatsFactory(match=match, player=b)
    for n in range(earlier_meetings):
        MatchFactory(
            edition=edition(year=2000 + n, start=date(2000 + n, 6, 2), name=f"Open {n}"), player1=b, player2=a
        )
        story = ArticleFactory()
        story.linked_matches.add(match)
        QuoteFactory(article=story, match=match, speaker=a)
    with django_assert_max_num_queries(MATCH_PAGE_QUERIES):
        html_of(client, match.get_absolute_url())


@pytest.mark.django_db
def test_rows_in_sql_are_the_orms_rows():
    """``matches.rows`` (SQL) gives what ``MatchQuerySet.rows()`` gives: the same named rows, dates
    as dates, the tournament's surface for an edition without one, in the same order."""
    from django.db.models import Q

    from matches.models import Match
    from matches.rows import fact_box_rows, player_rows
    from tests.factories import EditionFactory, MatchFactory, PlayerFactory

    a, b, c = PlayerFactory(), PlayerFactory(), PlayerFactory()
    old = EditionFactory(year=2019, start_date=None, surface="")
    new = EditionFactory(year=2024, surface=Surface.CLAY)
    MatchFactory(edition=old, player1=a, player2=b, round=Round.F)
    MatchFactory(edition=new, player1=a, player2=c, round=Round.R32, date=date(2024, 6, 4))
    MatchFactory(edition=new, player1=c, player2=a, round=Round.R16, winner_side=2)
    MatchFactory(edition=new, player1=b, player2=a, round=Round.QF, date=date(2024, 6, 6), p1_rank=7)
    MatchFactory(edition=EditionFactory(year=2021), player1=b, player2=c)
    assert player_rows(a.pk).fetch() == list(Match.objects.for_player(a).rows())
    assert player_rows(a.pk).fetch()[0]._fields == Match.objects.for_player(a).rows()[0]._fields
    newest = Match.objects.for_player(a).latest_first().first()
    recent = Q(edition__year__gte=2022) | Q(player1=a, player2=b) | Q(player1=b, player2=a)
    pair = Match.objects.for_players([a.pk, b.pk])
    expected = list(pair.filter(recent, sequence__lte=newest.sequence).rows())
    assert fact_box_rows([a.pk, b.pk], since_year=2022, up_to_sequence=newest.sequence).fetch() == expected
    assert len(expected) == 4 and {row.surface for row in expected} == {Surface.HARD, Surface.CLAY}
    expected = list(Match.objects.for_players([c.pk]).filter(edition__year__gte=2020).rows())
    assert fact_box_rows([c.pk], since_year=2020, up_to_sequence=10**9).fetch() == expected


@pytest.mark.django_db
@pytest.mark.parametrize("hide_event", [False, True])
def test_result_rows_match_the_result_row_template(hide_event):
    """The lists of results (``{% result_rows %}``) write the same HTML as the include they
    replace (``includes/result_row.html``), escaping included."""
    from django.template.loader import render_to_string

    from matches.models import Match
    from matches.templatetags.tennis import result_rows
    from tests.factories import MatchFactory, PlayerFactory, TournamentFactory

    edition = EditionFactory(tournament=TournamentFactory(name="Queen's <Club> & Co"))
    MatchFactory(edition=edition, player1=PlayerFactory(first_name="", last_name="O'Neil <b>"))
    MatchFactory(edition=edition, player2=None, winner_side=2, round=Round.R16)
    MatchFactory(edition=edition, player1=None, winner_side=None, status=Status.SCHEDULED, score="")
    MatchFactory(edition=edition, score="", score_text="W/O <odd>", round=Round.QF)
    matches = list(Match.objects.for_results().latest_first())
    expected = "".join(
        render_to_string("includes/result_row.html", {"match": match, "hide_event": hide_event})
        for match in matches
    )
    assert result_rows(matches, hide_event=hide_event) == expected
    assert "O&#x27;Neil &lt;b&gt;" in expected
    assert ("Queen&#x27;s &lt;Club&gt; &amp; Co" in expected) != hide_event


@pytest.mark.django_db
@pytest.mark.parametrize("in_body", [False, True])
def test_score_box_tag_matches_the_score_box_template(in_body):
    """The score box of story and match pages (``{% score_box %}``) writes the same HTML as the
    template a story body's match becomes (``includes/score_box.html``)."""
    from django.template.loader import render_to_string

    from matches.models import Match
    from matches.templatetags.tennis import score_box
    from tests.factories import MatchFactory, PlayerFactory, TournamentFactory

    edition = EditionFactory(tournament=TournamentFactory(name="Queen's <Club>"))
    MatchFactory(edition=edition, p1_seed=3, p2_entry="WC", score="7-6(5) 4-6 [10-8]", winner_side=1)
    named = PlayerFactory(last_name="O'Neil <b>")
    MatchFactory(edition=edition, player1=named, score="6-4 2-1 RET", winner_side=1)
    MatchFactory(edition=edition, player2=None, p1_entry="ODD", score="W/O", status=Status.WALKOVER)
    MatchFactory(edition=edition, score="", score_text="6-4 ?-?", winner_side=2)
    MatchFactory(edition=edition, score="", score_text="", winner_side=2)
    MatchFactory(edition=edition, score="", winner_side=None, status=Status.SCHEDULED, p2_seed=1)
    boxes = []
    for match in Match.objects.with_related():
        expected = render_to_string("includes/score_box.html", {"match": match, "in_body": in_body})
        assert score_box(match, in_body=in_body) == expected
        boxes.append(expected)
    html = "".join(boxes)
    for seen in ("MTB", " tiebreak ", "(retired)", "Wild card", "O&#x27;Neil &lt;b&gt;", "Not played yet"):
        assert seen in html


@pytest.mark.django_db
def test_fact_box_tag_matches_the_fact_box_template():
    """The fact box of story and match pages (``{% fact_box %}``) writes what
    ``includes/fact_box.html`` writes from ``fact_box_context``: ranks from the entry list and
    from ranking weeks, streaks, head-to-heads, walkovers left out, unnamed players."""
    from datetime import date

    from django.template.loader import render_to_string

    from matches.facts import fact_box as facts_of
    from matches.models import Match
    from matches.templatetags.tennis import fact_box, fact_box_context
    from players.asof import Streak
    from tests.factories import MatchFactory, PlayerFactory, RankingEntryFactory

    a, b = PlayerFactory(last_name="O'Neil <b>"), PlayerFactory()
    RankingEntryFactory(player=b, week=date(2024, 5, 27), rank=12)
    edition = EditionFactory(year=2024)
    MatchFactory(edition=edition, player1=a, player2=b, round=Round.R32, p1_rank=1, winner_side=1)
    MatchFactory(edition=edition, player1=a, player2=b, round=Round.R16, score="W/O", status=Status.WALKOVER)
    MatchFactory(edition=edition, player1=b, player2=a, round=Round.QF, p1_rank=40, p2_rank=2, winner_side=1)
    MatchFactory(edition=edition, player1=a, player2=None, round=Round.SF, winner_side=1, p1_rank=1)
    scheduled = {"winner_side": None, "score": "", "status": Status.SCHEDULED}
    MatchFactory(edition=edition, player1=a, player2=b, round=Round.F, **scheduled)
    MatchFactory(edition=EditionFactory(year=2023), player1=a, player2=b, winner_side=2)
    seen = []
    for match in Match.objects.with_related():
        facts = facts_of(match)
        streaks = (None, None)
        if facts and match.round == Round.R32:  # the streak lines, which need seasons held in full
            streaks = (Streak(3, "at <Masters> 1000 events", False), Streak(1, "", True))
        for streak, level in zip(streaks, (2, 3), strict=True):
            if streak:
                facts.p1.streak, facts.p2.streak, facts.p1.season_held = streak, Streak(4, "", False), True
            expected = render_to_string("includes/fact_box.html", fact_box_context(match, facts, level))
            assert fact_box(match, facts, level) == expected
            seen.append(expected)
    html = "".join(seen)
    for text in ("O&#x27;Neil &lt;b&gt;", "ranking of", "4th win in a row", "Ended", "&lt;Masters&gt;"):
        assert text in html
