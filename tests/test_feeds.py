"""Atom feeds, sitemaps and robots.txt: published stories only, bodies sanitised."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import ArticleStatus
from articles.sitemaps import SITEMAPS, PlayerSitemap
from matches.models import Level
from tests.factories import ArticleFactory, EditionFactory, PlayerFactory, TournamentFactory


@pytest.mark.django_db
def test_site_feed_lists_published_stories_only(client):
    ArticleFactory(title="Live story", body="Hi <script>alert(1)</script>")
    ArticleFactory(title="Draft story", status=ArticleStatus.DRAFT)
    ArticleFactory(title="Tomorrow's story", publish_at=timezone.now() + timedelta(days=1))
    response = client.get("/feeds/latest/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert "Live story" in xml
    assert "Draft story" not in xml and "Tomorrow" not in xml
    assert "<script" not in xml and "&lt;script" not in xml


@pytest.mark.django_db
def test_player_and_tournament_feeds(client):
    norrie = PlayerFactory(slug="cameron-norrie")
    edition = EditionFactory(tournament__slug="paris-masters")
    about = ArticleFactory(title="About Norrie", edition=edition)
    about.players.add(norrie)
    ArticleFactory(title="About someone else")
    player_xml = client.get("/feeds/players/cameron-norrie/").content.decode()
    assert "About Norrie" in player_xml and "someone else" not in player_xml
    tournament_xml = client.get("/feeds/tournaments/paris-masters/").content.decode()
    assert "About Norrie" in tournament_xml and "someone else" not in tournament_xml
    assert client.get("/feeds/players/nobody/").status_code == 404


@pytest.mark.django_db
def test_sitemap_lists_published_stories_and_players(client):
    live = ArticleFactory()
    draft = ArticleFactory(status=ArticleStatus.DRAFT)
    ranked = PlayerFactory(current_rank=5)
    unranked = PlayerFactory()
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-stories.xml" in index
    stories = client.get("/sitemap-stories.xml").content.decode()
    assert live.get_absolute_url() in stories and draft.get_absolute_url() not in stories
    players = client.get("/sitemap-players.xml").content.decode()
    assert ranked.get_absolute_url() in players and unranked.get_absolute_url() not in players


@pytest.mark.django_db
def test_a_sitemap_too_long_for_one_page_is_split_and_the_index_lists_every_page(client, monkeypatch):
    monkeypatch.setattr(PlayerSitemap, "limit", 2)
    ranked = [PlayerFactory(current_rank=rank) for rank in (1, 2)]
    in_a_story = PlayerFactory()
    ArticleFactory().players.add(in_a_story, ranked[0])  # listed once
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-players.xml</loc>" in index and "/sitemap-players.xml?p=2</loc>" in index
    assert "sitemap-players.xml?p=3" not in index
    first = client.get("/sitemap-players.xml").content.decode()
    second = client.get("/sitemap-players.xml?p=2").content.decode()
    assert all(f"{p.get_absolute_url()}</loc>" in first for p in ranked)
    assert f"http://testserver{in_a_story.get_absolute_url()}</loc>" in second
    assert f"<lastmod>{timezone.localdate(in_a_story.updated).isoformat()}</lastmod>" in second
    assert client.get("/sitemap-players.xml?p=3").status_code == 404


@pytest.mark.django_db
def test_the_levels_and_davis_cup_years_are_in_the_sitemap(client):
    EditionFactory(tournament__level=Level.MASTERS)
    EditionFactory(
        tournament=TournamentFactory(name="Davis Cup WG F: FRA vs USA", level=Level.DAVIS_CUP), year=1982
    )
    xml = client.get("/sitemap-levels.xml").content.decode()
    assert "/tournaments/level/masters-1000/</loc>" in xml and "/tournaments/level/davis-cup/</loc>" in xml
    assert "/tournaments/level/davis-cup/1982/</loc>" in xml
    assert "atp-500" not in xml  # no tournament at that level


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 20])
def test_sitemap_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    for number in range(size):
        story = ArticleFactory(edition=EditionFactory())
        story.players.add(PlayerFactory(current_rank=number + 1), PlayerFactory())
    with django_assert_max_num_queries(2 * len(SITEMAPS) + 3):  # a count and a date each, the topics' four
        client.get("/sitemap.xml")
    for section in SITEMAPS:
        with django_assert_max_num_queries(5):
            assert client.get(f"/sitemap-{section}.xml").status_code == 200


def test_robots_txt_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.django_db
def test_search_ignores_accents(client, django_assert_max_num_queries):
    baez = PlayerFactory(first_name="Sebastián", last_name="Báez")
    story = ArticleFactory(title="Báez wins in Santiago")
    ArticleFactory(title="Báez draft", status=ArticleStatus.DRAFT)
    edition = EditionFactory(tournament__name="Chile Open")
    with django_assert_max_num_queries(3):
        html = client.get("/search/", {"q": "baez"}).content.decode()
    assert baez.get_absolute_url() in html
    assert "Báez draft" not in html
    assert story.get_absolute_url() in html
    html = client.get("/search/", {"q": "chile"}).content.decode()
    assert edition.tournament.get_absolute_url() in html
    assert client.get("/search/", {"q": "x" * 5000}).status_code == 200
