"""Tournament pages: the index by level, a tournament's editions and champions, an edition by round."""

import re
from datetime import date

import pytest

from matches.models import Level, Round, Status
from tests.factories import ArticleFactory, EditionFactory, MatchFactory, PlayerFactory, TournamentFactory

pytestmark = pytest.mark.django_db

INDEX_QUERIES = 2  # tournaments with latest edition and champion id, the champions
TOURNAMENT_QUERIES = 3  # the tournament, its editions, their finals
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


def test_edition_page_lists_rounds_final_first_with_scores_from_the_winners_side(client, wimbledon):
    edition = wimbledon.editions.get(year=2024)
    sf_winner, sf_loser = PlayerFactory(last_name="Medvedev"), PlayerFactory(last_name="Musetti")
    # Player 2 won: the page still writes the score from the winner's side.
    semi = MatchFactory(
        edition=edition,
        round=Round.SF,
        player1=sf_loser,
        player2=sf_winner,
        winner_side=2,
        score="4-6 3-6 6-7(5)",
        p2_seed=5,
        p1_entry="Q",
    )
    MatchFactory(edition=edition, round=Round.R128, player1=PlayerFactory(last_name="Early"))
    html = html_of(client, "/tournaments/wimbledon/2024/")
    assert html.index(">Final<") < html.index(">Semi-final<") < html.index(">Round of 128<")
    assert "6\u20134 6\u20133 7\u20136(5)" in text_of(html)
    assert f'href="{semi.get_absolute_url()}"' in html
    assert f'href="{sf_winner.get_absolute_url()}"' in html
    assert "(5)" in html and 'title="Qualifier">Q<' in html
    assert "Champion: <a" in html


def test_edition_page_shows_unplayed_matches_as_scheduled(client, wimbledon):
    edition = wimbledon.editions.get(year=2024)
    MatchFactory(edition=edition, round=Round.R16, status=Status.SCHEDULED, winner_side=None, score="")
    assert "Scheduled" in html_of(client, "/tournaments/wimbledon/2024/")


def test_edition_page_shows_stories_about_the_edition(client, wimbledon):
    ArticleFactory(title="Alcaraz retains his title", edition=wimbledon.editions.get(year=2024))
    assert "Alcaraz retains his title" in html_of(client, "/tournaments/wimbledon/2024/")


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
