"""Tournament pages: the index by level, a tournament's editions and champions, an edition by round."""

import re
from datetime import date

import pytest

from matches.models import Level, Round, Status
from players.models import Player
from tests.factories import ArticleFactory, EditionFactory, MatchFactory, PlayerFactory, TournamentFactory

pytestmark = pytest.mark.django_db

INDEX_QUERIES = 2  # tournaments with latest edition and champion id, the champions
TOURNAMENT_QUERIES = 4  # the tournament, its editions, their finals, its stories
EDITION_QUERIES = 3  # the edition, its matches, stories


def text_of(html):
    """The page as a reader reads it: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def final(edition, winner, loser, score="6-4 6-4", **kwargs):
    return MatchFactory(
        edition=edition, round=Round.F, player1=winner, player2=loser, winner_side=1, score=score, **kwargs
    )


@pytest.fixture
def wimbledon():
    tournament = TournamentFactory(name="Wimbledon", slug="wimbledon", level=Level.GRAND_SLAM)
    alcaraz = PlayerFactory(first_name="Carlos", last_name="Alcaraz", slug="carlos-alcaraz")
    djokovic = PlayerFactory(first_name="Novak", last_name="Djokovic", slug="novak-djokovic")
    e2023 = EditionFactory(tournament=tournament, year=2023, start_date=date(2023, 7, 3))
    e2024 = EditionFactory(tournament=tournament, year=2024, start_date=date(2024, 7, 1))
    final(e2023, alcaraz, djokovic, score="1-6 7-6(6) 6-1 3-6 6-4", best_of=5)
    final(e2024, alcaraz, djokovic, score="6-2 6-2 7-6(4)", best_of=5)
    return tournament


def test_tournament_index_groups_by_level_with_the_latest_edition_and_champion(client, wimbledon):
    TournamentFactory(name="Queen's Club", level=Level.ATP_500)
    TournamentFactory(name="Mystery Cup", level="")
    html = html_of(client, "/tournaments/")
    assert html.index("Grand Slam") < html.index("ATP 500") < html.index("Other events")
    assert 'href="/tournaments/wimbledon/2024/"' in html
    assert 'href="/players/carlos-alcaraz/"' in html


def test_tournament_page_lists_editions_newest_first_with_the_winner_of_the_final(client, wimbledon):
    html = html_of(client, "/tournaments/wimbledon/")
    assert html.index("/tournaments/wimbledon/2024/") < html.index("/tournaments/wimbledon/2023/")
    assert "Carlos Alcaraz" in html and "d. <a" in html
    assert "6\u20132 6\u20132 7\u20136(4)" in text_of(html)


def test_tournament_page_edition_without_a_final_shows_a_dash(client):
    tournament = TournamentFactory(slug="new-event")
    EditionFactory(tournament=tournament, year=2026)
    html = html_of(client, "/tournaments/new-event/")
    assert "/tournaments/new-event/2026/" in html


def bracket_html(html, code):
    """One round's column of the draw."""
    start = html.index(f'id="draw-{code}"')
    return html[start : html.index("</section>", start)]


def test_edition_page_draws_the_bracket_from_the_first_round_to_the_final(client, wimbledon):
    edition = wimbledon.editions.get(year=2024)
    alcaraz, djokovic = Player.objects.get(slug="carlos-alcaraz"), Player.objects.get(slug="novak-djokovic")
    medvedev, musetti = PlayerFactory(last_name="Medvedev"), PlayerFactory(last_name="Musetti")
    # Player 2 won: the draw still marks the right winner, and the scores read per player.
    MatchFactory(
        edition=edition,
        round=Round.SF,
        player1=medvedev,
        player2=alcaraz,
        winner_side=2,
        score="7-6(1) 3-6 4-6 4-6",
        best_of=5,
        p2_seed=3,
        p1_seed=5,
    )
    MatchFactory(
        edition=edition,
        round=Round.SF,
        player1=djokovic,
        player2=musetti,
        winner_side=1,
        score="6-4 7-6(2) 6-4",
        best_of=5,
        p1_seed=2,
        p2_entry="Q",
    )
    html = html_of(client, "/tournaments/wimbledon/2024/")
    tabs = html[html.index('class="bracket-tabs"') :]
    assert tabs.index('href="#draw-sf"') < tabs.index('href="#draw-f"')
    semis = text_of(bracket_html(html, "sf"))
    # The best seed's half on top; seeds and entry codes marked; each match links to its page.
    assert semis.index("Djokovic") < semis.index("Medvedev")
    assert "seed (3)" in semis and "seed (2)" in semis
    assert 'title="Qualifier">Q</abbr>' in bracket_html(html, "sf")
    assert "C. Alcaraz d. F. Medvedev 6\u20137(1) 6\u20133 6\u20134 6\u20134" in semis.replace("First", "F.")
    rows = {row.split("</p>")[0] for row in bracket_html(html, "f").split('<p class="bm-name')[1:]}
    alcaraz = next(row for row in rows if "C. Alcaraz" in row)
    djokovic = next(row for row in rows if "N. Djokovic" in row)
    assert alcaraz.startswith(' won"') and 'aria-label="winner"' in alcaraz
    assert "winner" not in djokovic


def test_a_match_still_to_be_played_reads_v_with_no_winner(client):
    edition = EditionFactory(tournament=TournamentFactory(slug="paris"), year=2025)
    norrie = PlayerFactory(first_name="Cameron", last_name="Norrie")
    MatchFactory(
        edition=edition,
        round=Round.R16,
        player1=norrie,
        player2=None,
        status=Status.SCHEDULED,
        winner_side=None,
        score="",
    )
    column = bracket_html(html_of(client, "/tournaments/paris/2025/"), "r16")
    assert "winner" not in column
    assert '<span class="unknown">To be decided</span>' in column
    assert '<span class="bm-v" aria-hidden="true">v</span>' in column
    assert "C. Norrie v to be decided, scheduled" in text_of(column)


def test_walkovers_and_retirements_are_labelled_in_the_draw(client):
    edition = EditionFactory(tournament=TournamentFactory(slug="basel"), year=2024)
    MatchFactory(edition=edition, round=Round.QF, status=Status.WALKOVER, score="W/O")
    MatchFactory(edition=edition, round=Round.QF, status=Status.RETIRED, score="6-3 2-1 RET")
    column = text_of(bracket_html(html_of(client, "/tournaments/basel/2024/"), "qf"))
    assert "w/o" in column and "ret." in column


def test_a_seed_with_a_bye_reads_bye_in_the_first_round(client):
    edition = EditionFactory(tournament=TournamentFactory(slug="masters"), year=2024)
    seed, other, winner = PlayerFactory(last_name="Seeded"), PlayerFactory(), PlayerFactory(last_name="Qual")
    MatchFactory(edition=edition, round=Round.R64, player1=winner, player2=other)
    MatchFactory(edition=edition, round=Round.R32, player1=seed, player2=winner, p1_seed=4)
    first = text_of(bracket_html(html_of(client, "/tournaments/masters/2024/"), "r64"))
    assert first.index("Seeded") < first.index("bye") < first.index("Qual")


def test_qualifying_is_drawn_below_the_main_draw(client):
    edition = EditionFactory(tournament=TournamentFactory(slug="open"), year=2024)
    MatchFactory(edition=edition, round=Round.Q1)
    MatchFactory(edition=edition, round=Round.R32)
    html = html_of(client, "/tournaments/open/2024/")
    assert (
        html.index('id="draw-heading"') < html.index('id="qualifying-heading"') < html.index('id="draw-q1"')
    )


def test_a_round_robin_is_shown_as_groups_with_standings(client):
    edition = EditionFactory(tournament=TournamentFactory(slug="finals", level=Level.FINALS), year=2024)
    a, b, c = (PlayerFactory(last_name=name) for name in ("Sinner", "Fritz", "Medvedev"))
    MatchFactory(edition=edition, round=Round.RR, player1=a, player2=b, score="6-4 6-4")
    MatchFactory(edition=edition, round=Round.RR, player1=a, player2=c, score="6-3 6-4")
    MatchFactory(edition=edition, round=Round.RR, player1=b, player2=c, score="6-4 6-3")
    MatchFactory(edition=edition, round=Round.F, player1=a, player2=b, score="6-4 6-4")
    html = html_of(client, "/tournaments/finals/2024/")
    group = text_of(html[html.index("Group A") : html.index("</table>", html.index("Group A"))])
    assert group.index("Sinner") < group.index("Fritz") < group.index("Medvedev")
    assert "2\u20130 4\u20130" in group
    assert html.index("Group A") < html.index('id="draw-f"')


def test_edition_page_shows_stories_about_the_edition(client, wimbledon):
    edition = wimbledon.editions.get(year=2024)
    ArticleFactory(title="Alcaraz retains his title", edition=edition)
    ArticleFactory(title="Named in the body", body="Back at [[edition:wimbledon/2024]].")
    ArticleFactory(title="Reports the final", match=edition.matches.get(round=Round.F))
    ArticleFactory(title="About the 2023 edition", edition=wimbledon.editions.get(year=2023))
    html = html_of(client, "/tournaments/wimbledon/2024/")
    assert "Alcaraz retains his title" in html and "Named in the body" in html and "Reports the final" in html
    assert "About the 2023 edition" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/tournaments/nowhere/",
        "/tournaments/wimbledon/1900/",
        "/tournaments/wimbledon/99999999999999999999/",
        "/tournaments/wimbledon/20245/",
        "/tournaments/wimbledon/abcd/",
        "/tournaments/nowhere/2024/",
    ],
)
def test_unknown_tournaments_and_editions_are_404(client, wimbledon, url):
    html_of(client, url, status=404)


@pytest.mark.parametrize("size", [1, 30])
def test_tournament_pages_run_a_bounded_number_of_queries(client, django_assert_max_num_queries, size):
    tournament = TournamentFactory(slug="big-event", level=Level.ATP_250)
    for year in range(2000, 2000 + size):
        edition = EditionFactory(tournament=tournament, year=year)
        final(edition, PlayerFactory(), PlayerFactory())
        for _ in range(3):
            MatchFactory(edition=edition, round=Round.SF)
        ArticleFactory(edition=edition)
    for _ in range(size):
        other = TournamentFactory(level=Level.MASTERS)
        final(EditionFactory(tournament=other, year=2024), PlayerFactory(), PlayerFactory())
    with django_assert_max_num_queries(INDEX_QUERIES):
        html_of(client, "/tournaments/")
    with django_assert_max_num_queries(TOURNAMENT_QUERIES):
        html_of(client, "/tournaments/big-event/")
    with django_assert_max_num_queries(EDITION_QUERIES):
        html_of(client, f"/tournaments/big-event/{2000 + size - 1}/")


def test_tournament_index_names_the_newest_champion_with_the_year_when_the_latest_edition_has_none(
    client, wimbledon
):
    EditionFactory(tournament=wimbledon, year=2025)
    html = html_of(client, "/tournaments/")
    assert 'href="/tournaments/wimbledon/2025/"' in html
    assert 'Carlos Alcaraz</a> <small class="meta">(2024)</small>' in html


def test_davis_cup_ties_are_listed_compactly_without_a_champion(client):
    tie = TournamentFactory(name="Davis Cup Finals F: ITA vs NED", slug="dc-ita-ned", level=Level.DAVIS_CUP)
    final(EditionFactory(tournament=tie, year=2024), PlayerFactory(), PlayerFactory())
    html = html_of(client, "/tournaments/")
    section = html[html.index(">Davis Cup") :]
    assert 'class="tie-list"' in section
    assert 'href="/tournaments/dc-ita-ned/2024/"' in section
    assert "Davis Cup Finals F: ITA vs NED 2024" in section
