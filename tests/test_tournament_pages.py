"""Tournament pages: the index by level, a tournament's editions and champions, an edition by round."""

import re
from datetime import date

import pytest

from matches.davis_cup import read_tie
from matches.models import Level, Round, Status
from players.models import Player
from tests.factories import ArticleFactory, EditionFactory, MatchFactory, PlayerFactory, TournamentFactory

pytestmark = pytest.mark.django_db

INDEX_QUERIES = 5  # newest season, tournaments per level, the listed ones, their champions, Davis Cup years
LEVEL_QUERIES = 3  # the count, the page of tournaments, their champions
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


def test_a_draw_of_scores_as_the_data_wrote_them_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    edition = EditionFactory(tournament=TournamentFactory(slug="surbiton"), year=1968)
    for _ in range(6):
        MatchFactory(edition=edition, round=Round.R32, score="", score_text="UNK", winner_side=1)
    with django_assert_max_num_queries(EDITION_QUERIES):
        html = html_of(client, "/tournaments/surbiton/1968/")
    assert "score not known (UNK in the data)" in html


def test_tournament_index_names_the_newest_champion_with_the_year_when_the_latest_edition_has_none(
    client, wimbledon
):
    EditionFactory(tournament=wimbledon, year=2025)
    html = html_of(client, "/tournaments/")
    assert 'href="/tournaments/wimbledon/2025/"' in html
    assert 'Carlos Alcaraz</a> <small class="meta">(2024)</small>' in html


def test_davis_cup_ties_are_reached_by_year_from_the_index(client):
    tie = TournamentFactory(name="Davis Cup Finals F: ITA vs NED", slug="dc-ita-ned", level=Level.DAVIS_CUP)
    final(EditionFactory(tournament=tie, year=2024), PlayerFactory(), PlayerFactory())
    html = html_of(client, "/tournaments/")
    section = html[html.index(">Davis Cup") :]
    assert 'href="/tournaments/level/davis-cup/2024/"' in section
    assert "dc-ita-ned" not in html  # the ties themselves are on the year's page


@pytest.fixture
def small_index(monkeypatch):
    """The index lists levels of up to three tournaments in full (40 on the site)."""
    monkeypatch.setattr("matches.levels.INDEX_FULL_LEVEL", 3)


def test_a_large_level_lists_its_recent_tournaments_and_links_to_all_of_them(client, wimbledon, small_index):
    for year, name in [(2024, "Halle"), (2023, "Queens Club"), (1990, "Bristol"), (1975, "Aberavon")]:
        final(
            EditionFactory(tournament=TournamentFactory(name=name, level=Level.TOUR), year=year),
            PlayerFactory(),
            PlayerFactory(),
        )
    html = html_of(client, "/tournaments/")
    section = text_of(html[html.index('ATP Tour (250/500) <span class="count">') :])
    assert "The 2 held in 2023–2024." in section
    assert "Halle" in section and "Queens Club" in section
    assert "Bristol" not in section and "Aberavon" not in section
    assert 'href="/tournaments/level/atp-tour/"' in html
    assert "Wimbledon" in text_of(html)  # a small level is listed in full, whatever its dates


def test_a_levels_page_lists_every_tournament_a_to_z_with_its_years(client, monkeypatch):
    monkeypatch.setattr("matches.levels.LEVEL_PAGE_SIZE", 2)
    bristol = TournamentFactory(name="Bristol", slug="bristol", level=Level.TOUR)
    for year in (1975, 1981):
        final(EditionFactory(tournament=bristol, year=year), PlayerFactory(), PlayerFactory())
    champion = PlayerFactory(first_name="Mark", last_name="Edmondson", slug="mark-edmondson")
    final(EditionFactory(tournament=bristol, year=1990), champion, PlayerFactory())
    TournamentFactory(name="Aberavon", level=Level.TOUR)
    TournamentFactory(name="Cologne", level=Level.TOUR)
    html = html_of(client, "/tournaments/level/atp-tour/")
    text = text_of(html)
    assert text.index("Aberavon") < text.index("Bristol")
    assert "Cologne" not in text
    assert "1975– 1990" in text or "1975–1990" in text
    assert 'href="/tournaments/bristol/1990/"' in html and 'href="/players/mark-edmondson/"' in html
    assert "Page 1 of 2" in text
    assert "Cologne" in text_of(html_of(client, "/tournaments/level/atp-tour/?page=2"))


@pytest.mark.parametrize("url", ["/tournaments/level/nowhere/", "/tournaments/level/challenger/"])
def test_an_unknown_or_empty_level_is_404(client, url):
    html_of(client, url, status=404)


@pytest.mark.parametrize("size", [1, 12])
def test_index_and_level_pages_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, small_index, size
):
    for number in range(size):
        for level, year in ((Level.TOUR, 2024), (Level.TOUR, 1980), (Level.MASTERS, 2024)):
            tournament = TournamentFactory(level=level)
            final(EditionFactory(tournament=tournament, year=year), PlayerFactory(), PlayerFactory())
        tie = TournamentFactory(name=f"Davis Cup WG R1: ESP vs A{number:02d}", level=Level.DAVIS_CUP)
        MatchFactory(edition=EditionFactory(tournament=tie, year=2000 + number))
    with django_assert_max_num_queries(INDEX_QUERIES):
        html_of(client, "/tournaments/")
    with django_assert_max_num_queries(LEVEL_QUERIES):
        html_of(client, "/tournaments/level/atp-tour/")
    with django_assert_max_num_queries(1):
        html_of(client, "/tournaments/level/davis-cup/")
    with django_assert_max_num_queries(2):
        html_of(client, "/tournaments/level/davis-cup/2000/")


def test_a_davis_cup_year_lists_its_ties_by_stage_then_round_the_latest_first(client):
    for name in [
        "Davis Cup G1 R1: ESP vs AUT",
        "Davis Cup WG QF: FRA vs USA",
        "Davis Cup WG F: FRA vs GBR",
        "Davis Cup WG PO: ITA vs GER",
        "Pacific Cup: AUS vs NZL",
    ]:
        tie = TournamentFactory(name=name, level=Level.DAVIS_CUP)
        EditionFactory(tournament=tie, year=1996)
    EditionFactory(
        tournament=TournamentFactory(name="Davis Cup WG F: SWE vs RUS", level=Level.DAVIS_CUP), year=1994
    )
    text = text_of(html_of(client, "/tournaments/level/davis-cup/1996/"))
    assert "5 ties" in text
    order = ["World Group", "Final", "France v Great Britain", "Quarter-final", "France v United States"]
    order += ["Play-off", "Italy v Germany", "Group I", "First round", "Spain v Austria"]
    order += ["Other ties", "Pacific Cup: AUS vs NZL"]
    position = text.index("Other ties")  # after the stages' links
    for part in order:
        position = text.index(part, position + 1)  # each after the one before
    assert "Sweden" not in text
    assert "← 1994" in text
    years = text_of(html_of(client, "/tournaments/level/davis-cup/"))
    assert "1996 5 ties" in years and "1994 1 tie" in years


def test_a_ties_page_links_to_its_years_ties(client):
    tie = TournamentFactory(name="Davis Cup WG F: FRA vs GBR", slug="dc-fra-gbr", level=Level.DAVIS_CUP)
    MatchFactory(edition=EditionFactory(tournament=tie, year=1996))
    html = html_of(client, "/tournaments/dc-fra-gbr/1996/")
    assert 'href="/tournaments/level/davis-cup/1996/"' in html


def test_a_year_without_davis_cup_ties_is_404(client):
    html_of(client, "/tournaments/level/davis-cup/1996/", status=404)


@pytest.mark.parametrize(
    "name, stage, round_code, title",
    [
        ("Davis Cup WG QF: ESP vs AUT", "WG", "QF", "Spain v Austria"),
        ("Davis Cup Finals RR: CAN vs FIN", "Finals", "RR", "Canada v Finland"),
        ("Davis Cup G2 R1: GHA vs SLO", "G2", "R1", "GHA v Slovenia"),
        ("Davis Cup EUR PQ: IRL vs XYZ", "EUR", "PQ", "Ireland v XYZ"),
        ("Davis Cup XYZ R1: ESP vs AUT", "", "", "Davis Cup XYZ R1: ESP vs AUT"),
        ("Laver Cup", "", "", "Laver Cup"),
    ],
)
def test_a_tie_reads_its_stage_round_and_nations_from_its_name(name, stage, round_code, title):
    tie = read_tie(name)
    assert (tie.stage, tie.round, tie.title) == (stage, round_code, title)
