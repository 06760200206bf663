"""Related stories: what a story links — its players, matches, edition and the references in its
body — ranked by how much another story shares with it, newest first among equals, published only."""

import pkgutil
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from articles.models import Article, ArticleStatus, BodyReference
from articles.related import Topics, related_stories
from tests.factories import ArticleFactory, EditionFactory, MatchFactory, PlayerFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


def migration_names():
    import articles.migrations

    return [module.name for module in pkgutil.iter_modules(articles.migrations.__path__)]


def refs(article):
    return {(ref.kind, ref.target_id) for ref in BodyReference.objects.filter(article=article)}


# --- references in the body, stored on save ----------------------------------------------------


def test_saving_a_story_stores_what_its_body_links_and_only_that():
    norrie = PlayerFactory(slug="cameron-norrie")
    match = MatchFactory()
    edition = EditionFactory(tournament__slug="paris-masters", year=2025)
    story = ArticleFactory(
        body=(
            f"[[player:cameron-norrie]] won [[match:{match.pk}]] at [[edition:paris-masters/2025]] "
            "([[tournament:paris-masters]]); [[player:nobody]] and [[quote:1]] are not data."
        )
    )
    assert refs(story) == {
        ("player", norrie.pk),
        ("match", match.pk),
        ("edition", edition.pk),
        ("tournament", edition.tournament_id),
    }
    story.body = "Only [[player:cameron-norrie]] now, [[player:cameron-norrie|twice]]."
    story.save()
    assert refs(story) == {("player", norrie.pk)}


def test_a_reference_to_a_player_added_later_is_stored_on_the_next_save():
    story = ArticleFactory(body="[[player:new-face]] impressed.")
    assert refs(story) == set()
    player = PlayerFactory(slug="new-face")
    story.save()
    assert refs(story) == {("player", player.pk)}


def test_the_migration_stores_the_references_of_stories_saved_before():
    player = PlayerFactory(slug="cameron-norrie")
    match = MatchFactory()
    story = ArticleFactory(body=f"[[player:cameron-norrie]] and [[match:{match.pk}]] and [[player:ghost]]")
    BodyReference.objects.all().delete()
    migration = next(name for name in migration_names() if name.endswith("_store_body_references"))
    import_module(f"articles.migrations.{migration}").store_references(apps, None)
    assert refs(story) == {("player", player.pk), ("match", match.pk)}


# --- about_players counts the body --------------------------------------------------------------


def test_stories_about_a_player_include_those_naming_them_in_the_body_each_once(client):
    norrie = PlayerFactory(slug="cameron-norrie", first_name="Cameron", last_name="Norrie")
    linked = ArticleFactory(title="Linked story", body="[[player:cameron-norrie]] again")
    linked.players.add(norrie)
    QuoteFactory(article=linked, speaker=norrie)
    ArticleFactory(title="Body only story", body="A word on [[player:cameron-norrie]].")
    ArticleFactory(title="Unrelated story")
    about = list(Article.objects.about_player(norrie))
    assert sorted(a.title for a in about) == ["Body only story", "Linked story"]
    assert "Body only story" in client.get("/feeds/players/cameron-norrie/").content.decode()
    assert "Body only story" in client.get(norrie.get_absolute_url()).content.decode()


# --- ranking ------------------------------------------------------------------------------------


@pytest.fixture
def story_and_others():
    a, b = PlayerFactory(slug="player-a"), PlayerFactory(slug="player-b")
    match = MatchFactory(player1=a, player2=b)
    story = ArticleFactory(title="The story", body="[[player:player-b]] lost.", publish_at=ago(1))
    story.players.add(a)
    story.linked_matches.add(match)

    one_player_new = ArticleFactory(title="Shares A, newest", publish_at=ago(2))
    one_player_new.players.add(a)
    one_player_old = ArticleFactory(title="Shares A, older", publish_at=ago(30))
    one_player_old.players.add(a)
    both_old = ArticleFactory(
        title="Shares A and B (B in the body)", body="[[player:player-b]]", publish_at=ago(50)
    )
    both_old.players.add(a)
    report = ArticleFactory(title="Reports the match", match=match, publish_at=ago(60))
    report.players.add(a, b)
    draft = ArticleFactory(title="Draft sharing all", status=ArticleStatus.DRAFT)
    draft.players.add(a, b)
    future = ArticleFactory(title="Scheduled sharing all", publish_at=timezone.now() + timedelta(days=1))
    future.players.add(a, b)
    ArticleFactory(title="Shares nothing", publish_at=ago(1))
    return story


def test_related_stories_rank_by_what_they_share_then_newest_first_published_only(client, story_and_others):
    story = story_and_others
    html = client.get(story.get_absolute_url()).content.decode()
    section = html[html.index('id="related-heading"') :]
    titles = ["Reports the match", "Shares A and B (B in the body)", "Shares A, newest", "Shares A, older"]
    positions = [section.index(title) for title in titles]
    assert positions == sorted(positions)
    for hidden in ("Draft sharing all", "Scheduled sharing all", "Shares nothing", ">The story<"):
        assert hidden not in section


def test_related_stories_say_how_much_they_share():
    a, b = PlayerFactory(), PlayerFactory()
    match = MatchFactory(player1=a, player2=b)
    one = ArticleFactory(body="x")
    one.players.add(a)
    three = ArticleFactory(match=match)
    three.players.add(a, b)
    shared = {s.pk: s.shared for s in related_stories(Topics(players={a.pk, b.pk}, matches={match.pk}))}
    assert shared == {one.pk: 1, three.pk: 3}


def test_stories_of_the_same_event_are_related_through_the_edition_and_tournament():
    edition = EditionFactory(tournament__slug="wimbledon", year=2024)
    EditionFactory(tournament=edition.tournament, year=2023)
    ArticleFactory(title="Same edition", edition=edition)
    ArticleFactory(title="Same tournament, other year", body="[[edition:wimbledon/2023]]")
    ArticleFactory(title="Elsewhere", edition=EditionFactory())
    topics = Topics(editions={edition.pk}, tournaments={edition.tournament_id})
    found = [(s.title, s.shared) for s in related_stories(topics)]
    assert found == [("Same edition", 2), ("Same tournament, other year", 1)]


def test_a_match_page_shows_its_stories_and_related_ones_apart(client):
    a, b = PlayerFactory(slug="player-a"), PlayerFactory(slug="player-b")
    match = MatchFactory(player1=a, player2=b)
    ArticleFactory(title="Names the match in its body", body=f"See [[match:{match.pk}]].")
    ArticleFactory(title="Reports the match", match=match)
    about_a = ArticleFactory(title="About player A")
    about_a.players.add(a)
    html = client.get(match.get_absolute_url()).content.decode()
    stories = html[html.index('id="stories-heading"') : html.index('id="related-heading"')]
    related = html[html.index('id="related-heading"') :]
    assert "Names the match in its body" in stories and "Reports the match" in stories
    assert "About player A" in related and "Reports the match" not in related


def test_a_player_page_relates_stories_from_their_matches_that_do_not_name_them(client):
    player = PlayerFactory()
    match = MatchFactory(player1=player)
    ArticleFactory(title="Round-up of the day", body=f"[[match:{match.pk}]]")
    named = ArticleFactory(title="Names the player")
    named.players.add(player)
    html = client.get(player.get_absolute_url()).content.decode()
    related = html[html.index('id="related-heading"') :]
    assert "Round-up of the day" in related and "Names the player" not in related
