"""Finding players by any spelling of their name and by country, and events by name and year."""

import pytest

from newsroom.text import name_key, search_words
from players.countries import country_code
from players.models import Player
from tests.factories import EditionFactory, PlayerFactory, TournamentFactory


@pytest.fixture
def players(db):
    return {
        "faa": PlayerFactory(first_name="Félix", last_name="Auger-Aliassime", country="CAN", current_rank=20),
        "oconnell": PlayerFactory(first_name="Christopher", last_name="O'Connell", country="AUS"),
        "rba": PlayerFactory(first_name="Roberto", last_name="Bautista Agut", country="ESP", current_rank=60),
        "struff": PlayerFactory(first_name="Jan-Lennard", last_name="Struff", country="GER"),
        "alcaraz": PlayerFactory(first_name="Carlos", last_name="Alcaraz", country="ESP", current_rank=3),
        "deminaur": PlayerFactory(first_name="Alex", last_name="de Minaur", country="AUS"),
        "baez": PlayerFactory(first_name="Sebastián", last_name="Báez", country="ARG"),
    }


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("Auger-Aliassime", "faa"),
        ("auger aliassime", "faa"),
        ("augeraliassime", "faa"),
        ("Felix Auger", "faa"),
        ("FÉLIX", "faa"),
        ("O'Connell", "oconnell"),
        ("O’Connell", "oconnell"),
        ("oconnell", "oconnell"),
        ("Bautista-Agut", "rba"),
        ("bautista agut", "rba"),
        ("Jan-Lennard Struff", "struff"),
        ("jan lennard", "struff"),
        ("De Minaur", "deminaur"),
        ("deminaur", "deminaur"),
        ("baez", "baez"),
        ("Báez", "baez"),
    ],
)
def test_a_player_is_found_by_any_spelling_of_the_name(players, query, who):
    assert list(Player.objects.search(query)) == [players[who]]


def test_a_query_without_a_word_finds_nobody(players):
    assert list(Player.objects.search("'-%")) == []


@pytest.mark.parametrize(
    ("spellings", "same"),
    [
        (("Auger-Aliassime", "Auger Aliassime", "auger aliassime"), True),
        (("O'Connell", "Oconnell", "O’Connell"), True),
        (("Báez", "Baez"), True),
        (("Bautista Agut", "Bautista-Agut"), True),
        (("Struff", "Strufff"), False),
    ],
)
def test_name_key_sets_case_accents_hyphens_and_apostrophes_aside(spellings, same):
    assert (len({name_key(s) for s in spellings}) == 1) is same


def test_search_words_split_hyphens_and_join_apostrophes():
    assert search_words("Félix Auger-Aliassime") == ["felix", "auger", "aliassime"]
    assert search_words("Christopher O'Connell") == ["christopher", "oconnell"]


@pytest.mark.parametrize(
    ("text", "code"),
    [("Spain", "ESP"), ("spain", "ESP"), ("ESP", "ESP"), ("esp", "ESP"), ("Great Britain", "GBR"),
     ("turkiye", "TUR"), ("Narnia", ""), ("", "")],
)  # fmt: skip
def test_a_country_is_known_by_name_or_code(text, code):
    assert country_code(text) == code


@pytest.mark.parametrize("country", ["Spain", "ESP", "esp"])
def test_the_players_index_filters_by_country_name_or_code(
    client, players, country, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):  # the count, the page of players, the newest ranking week
        html = client.get("/players/", {"country": country}).content.decode()
    assert players["alcaraz"].get_absolute_url() in html
    assert players["rba"].get_absolute_url() in html
    assert players["faa"].get_absolute_url() not in html
    assert html.index("Carlos Alcaraz") < html.index("Roberto Bautista Agut")  # ranked first


def test_the_players_index_says_when_it_knows_no_such_country(client, players):
    html = client.get("/players/", {"country": "Narnia"}).content.decode()
    assert "No country matches “Narnia”" in html
    assert players["alcaraz"].get_absolute_url() not in html


def test_the_players_index_finds_hyphenated_names_by_any_spelling(client, players):
    html = client.get("/players/", {"q": "auger aliassime"}).content.decode()
    assert players["faa"].get_absolute_url() in html


@pytest.mark.parametrize("query", ["Spain", "ESP"])
def test_site_search_finds_a_countrys_players(client, players, query, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        html = client.get("/search/", {"q": query}).content.decode()
    assert players["alcaraz"].get_absolute_url() in html
    assert players["rba"].get_absolute_url() in html
    assert players["struff"].get_absolute_url() not in html
    assert "/players/?country=ESP" in html


@pytest.mark.parametrize("query", ["O'Connell", "Jan-Lennard Struff", "Bautista-Agut", "Auger-Aliassime"])
def test_site_search_finds_players_by_any_spelling(client, players, query):
    html = client.get("/search/", {"q": query}).content.decode()
    assert "Nothing found" not in html
    assert any(p.get_absolute_url() in html for p in players.values())


@pytest.mark.django_db
def test_a_query_with_a_year_finds_that_years_edition(client, django_assert_max_num_queries):
    wimbledon = TournamentFactory(name="Wimbledon", slug="wimbledon")
    edition = EditionFactory(tournament=wimbledon, year=2024)
    other_year = EditionFactory(tournament=wimbledon, year=2023)
    EditionFactory(tournament__name="Queen's Club", year=2024)
    with django_assert_max_num_queries(3):
        html = client.get("/search/", {"q": "Wimbledon 2024"}).content.decode()
    assert f'href="{edition.get_absolute_url()}"' in html
    assert "Wimbledon 2024" in html
    assert other_year.get_absolute_url() not in html
    assert "Queen" not in html
    assert wimbledon.get_absolute_url() in html  # every edition, one click away


@pytest.mark.django_db
def test_an_edition_is_found_by_the_name_it_had_that_year(client):
    edition = EditionFactory(tournament__name="Tour Finals", name="Masters Cup", year=2005)
    html = client.get("/search/", {"q": "masters cup 2005"}).content.decode()
    assert edition.get_absolute_url() in html
    assert "Masters Cup 2005" in html
