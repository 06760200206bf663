"""Hostile or broken URLs are a 404 or an ordinary page, never a 500 (on SQLite and PostgreSQL)."""

import pytest

from tests.factories import MatchFactory, PlayerFactory


@pytest.fixture
def data(db):
    player = PlayerFactory(slug="jannik-sinner")
    MatchFactory(player1=player)
    return player


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/players/%00/", 404),
        ("/players/?q=%00", 200),
        ("/players/?q=a%00b", 200),
        ("/players/?country=%00", 200),
        ("/players/?country=%27%22", 200),
        ("/players/?page=999999999999999999999", 200),
        ("/players/jannik-sinner/?year=%3Cscript%3E&surface=%00&page=-5", 200),
        ("/players/jannik-sinner/?year=99999999999999999999", 200),
        ("/players/jannik-sinner/vs/jannik-sinner/", 404),
        ("/search/?q=%00", 200),
        ("/search/?q=%25%25%25", 200),
        ("/matches/0/", 404),
        ("/matches/99999999999999999999999999/", 404),
        ("/tournaments/x/99999/", 404),
        ("/tournaments/%F0%9F%8E%BE/", 404),
        ("/news/?page=-1", 404),
        ("/news/%E2%80%A8/", 404),
        ("/feeds/players/%00/", 404),
        ("/sitemap-players.xml?p=abc", 404),
    ],
)
def test_hostile_url_is_not_a_server_error(client, data, url, status):
    assert client.get(url).status_code == status
