"""No silent overwrite: two editors with the same form open, in two admin sessions.

Each editor opens the change page (``open_form`` reads it as a browser would), types and saves. The
second save of a row that changed since it was opened is refused with who changed it and when, their
values beside the editor's, and the editor's typing kept; saving again after seeing it works.
"""

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse

from articles.models import Article, ArticleStatus, Quote
from matches.models import Edition, Match, MatchStats, Tournament
from newsroom.locking import StaleVersion
from players.models import Player
from tests.admin_forms import open_form, read_form
from tests.factories import (
    ArticleFactory,
    EditionFactory,
    MatchFactory,
    MatchStatsFactory,
    PlayerFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def anna(admin_user):
    admin_user.first_name, admin_user.last_name = "Anna", "Keller"
    admin_user.save()
    return admin_user


@pytest.fixture
def ben(db):
    return User.objects.create_superuser("ben", "ben@example.com", "a-ben-password")


def session(user):
    client = Client()
    client.force_login(user)
    return client


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def story(db):
    return ArticleFactory(
        title="Norrie beats Alcaraz",
        standfirst="The Brit wins in Paris.",
        body="First paragraph.\n\nSecond paragraph.",
    )


def test_second_editor_is_refused_and_sees_who_changed_what(anna, ben, story):
    first, second = session(anna), session(ben)
    url = change_url(story)
    annas_form, bens_form = open_form(first, url), open_form(second, url)

    annas_form.update(standfirst="The Brit stuns the world No 1.")
    annas_form.update(body="First paragraph.\n\nCorrected second.")
    assert first.post(url, annas_form).status_code == 302

    bens_form.update(title="Norrie stuns Alcaraz")
    response = second.post(url, bens_form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not saved: Anna Keller changed this article" in html
    assert "Changed by Anna Keller since you opened it" in html
    story.refresh_from_db()
    assert (story.title, story.standfirst) == ("Norrie beats Alcaraz", "The Brit stuns the world No 1.")

    # Ben's headline is still in his form, and Anna's standfirst and body have come into it.
    shown = read_form(html, "article_form")
    assert shown["title"] == ["Norrie stuns Alcaraz"]
    assert shown["standfirst"] == ["The Brit stuns the world No 1."]
    assert shown["body"] == ["First paragraph.\n\nCorrected second."]
    # Their version beside his, field by field; the body as a line diff.
    assert "changed by them: now in the form" in html
    assert "changed by you" in html
    assert "<del>Corrected</del>" in html or "<ins>Corrected</ins>" in html

    # Having seen it, Ben saves again: his headline and Anna's work, both kept.
    assert second.post(url, shown).status_code == 302
    story.refresh_from_db()
    assert story.title == "Norrie stuns Alcaraz"
    assert story.standfirst == "The Brit stuns the world No 1."
    assert story.body == "First paragraph.\n\nCorrected second."
    assert story.changed_by == ben


def test_when_both_change_a_field_the_form_keeps_yours_and_shows_theirs(anna, ben, story):
    first, second = session(anna), session(ben)
    url = change_url(story)
    annas_form, bens_form = open_form(first, url), open_form(second, url)
    first.post(url, {**annas_form, "title": "Anna's headline"})
    response = second.post(url, {**bens_form, "title": "Ben's headline"})
    html = response.content.decode()
    assert "You both changed Title" in html
    assert read_form(html, "article_form")["title"] == ["Ben's headline"]
    assert "Anna&#x27;s headline" in html
    assert Article.objects.get(pk=story.pk).title == "Anna's headline"


def _change(field, value):
    return lambda form: form.update({field: value})


# (factory, field the first editor changes, field the second editor changes)
MODELS = [
    (lambda: PlayerFactory(), "bio", "height_cm"),
    (lambda: MatchFactory(), "duration_minutes", "date"),
    (lambda: EditionFactory().tournament, "city", "name"),
    (lambda: EditionFactory(), "draw_size", "start_date"),
    (lambda: MatchStatsFactory(), "aces", "winners"),
    (lambda: QuoteFactory(), "context", "text"),
]
VALUES = {
    "bio": "Plays with a double-handed backhand.",
    "height_cm": "188",
    "duration_minutes": "141",
    "date": "2024-06-20",
    "city": "London",
    "name": "Queen's Club Championships",
    "draw_size": "28",
    "start_date": "2024-06-17",
    "aces": "12",
    "winners": "33",
    "context": "after the final",
    "text": "I felt at home.",
}


@pytest.mark.parametrize(("factory", "first_field", "second_field"), MODELS)
def test_every_model_editors_change_refuses_a_stale_save(anna, ben, factory, first_field, second_field):
    obj = factory()
    first, second = session(anna), session(ben)
    url = change_url(obj)
    annas_form, bens_form = open_form(first, url), open_form(second, url)
    response = first.post(url, {**annas_form, first_field: VALUES[first_field]})
    assert response.status_code == 302, response.content.decode()[:3000]

    response = second.post(url, {**bens_form, second_field: VALUES[second_field]})
    assert response.status_code == 200
    assert "Not saved: Anna Keller changed this" in response.content.decode()
    stored = type(obj).objects.get(pk=obj.pk)
    assert str(getattr(stored, first_field)) == VALUES[first_field]
    assert str(getattr(stored, second_field)) != VALUES[second_field]
    assert stored.changed_by == anna


def test_a_quote_changed_in_the_story_form_is_refused_there_too(anna, ben, story):
    quote = QuoteFactory(article=story, text="I played well.")
    first, second = session(anna), session(ben)
    url = change_url(story)
    annas_form, bens_form = open_form(first, url), open_form(second, url)
    first.post(url, {**annas_form, "quotes-0-text": "I played really well."})
    response = second.post(url, {**bens_form, "quotes-0-text": "I played well today."})
    html = response.content.decode()
    assert "Not saved: Anna Keller changed this quote" in html
    assert read_form(html, "article_form")["quotes-0-text"] == ["I played well today."]
    assert Quote.objects.get(pk=quote.pk).text == "I played really well."


def test_a_save_that_changes_nothing_writes_nothing(anna, story):
    client = session(anna)
    url = change_url(story)
    form = open_form(client, url)
    # Browsers send textareas with CRLF line endings: an untouched body is not a change.
    form["body"] = [form["body"][0].replace("\n", "\r\n")]
    assert client.post(url, form).status_code == 302
    story.refresh_from_db()
    assert story.version == 1
    assert story.changed_by is None


def test_a_stale_form_does_not_block_a_save_that_changes_nothing(anna, ben, story):
    first, second = session(anna), session(ben)
    url = change_url(story)
    bens_form = open_form(second, url)
    first.post(url, {**open_form(first, url), "title": "Anna's headline"})
    assert second.post(url, bens_form).status_code == 302
    assert Article.objects.get(pk=story.pk).title == "Anna's headline"


def test_publishing_from_the_list_makes_open_forms_stale_and_keeps_their_changes(anna, ben):
    draft = ArticleFactory(status=ArticleStatus.DRAFT, publish_at=None, standfirst="Old standfirst.")
    first, second = session(anna), session(ben)
    url = change_url(draft)
    first.post(url, {**open_form(first, url), "standfirst": "Anna's standfirst."})
    # Ben publishes from the list, whose rows he loaded before Anna's save: her standfirst stays.
    response = second.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.standfirst == "Anna's standfirst."
    assert draft.changed_by == ben
    # And Anna's form, opened before the publish, is now stale.
    annas_form = open_form(first, url)
    second.post(url, {**open_form(second, url), "title": "Ben's headline"})
    response = first.post(url, {**annas_form, "title": "Anna's headline"})
    assert "Not saved: ben changed this article" in response.content.decode()


def test_a_form_sent_without_its_version_is_refused(anna, story):
    client = session(anna)
    url = change_url(story)
    form = open_form(client, url)
    del form["seen_version"]
    response = client.post(url, {**form, "title": "Blind save"})
    assert "Not saved" in response.content.decode()
    assert Article.objects.get(pk=story.pk).title == "Norrie beats Alcaraz"


def test_saving_an_instance_read_before_another_save_raises(db):
    player = PlayerFactory()
    mine, theirs = Player.objects.get(pk=player.pk), Player.objects.get(pk=player.pk)
    theirs.bio = "Theirs."
    theirs.save()
    mine.bio = "Mine."
    with pytest.raises(StaleVersion), transaction.atomic():
        mine.save()
    assert Player.objects.get(pk=player.pk).bio == "Theirs."
    assert mine.version == 1  # unchanged, so the caller can read again and retry


@pytest.mark.parametrize("model", [Article, Quote, Player, Match, Tournament, Edition, MatchStats])
def test_every_model_editors_change_is_versioned(model):
    assert model._meta.get_field("version").default == 1


def test_their_linked_players_and_publish_time_come_into_the_form_as_they_chose_them(anna, ben, story):
    norrie, alcaraz = PlayerFactory(), PlayerFactory()
    first, second = session(anna), session(ben)
    url = change_url(story)
    annas_form, bens_form = open_form(first, url), open_form(second, url)
    annas_form.update(
        {
            "players": [str(norrie.pk), str(alcaraz.pk)],
            "publish_at_0": "2024-11-01",
            "publish_at_1": "18:30:00",
        }
    )
    assert first.post(url, annas_form).status_code == 302

    response = second.post(url, {**bens_form, "title": "Ben's headline"})
    shown = read_form(response.content.decode(), "article_form")
    assert sorted(shown["players"]) == sorted([str(norrie.pk), str(alcaraz.pk)])
    assert shown["publish_at_1"] == ["18:30:00"] and shown["publish_at_0"] != bens_form["publish_at_0"]
    assert second.post(url, shown).status_code == 302
    story.refresh_from_db()
    assert story.title == "Ben's headline"
    assert set(story.players.all()) == {norrie, alcaraz}
    assert (story.publish_at.date().isoformat(), story.publish_at.minute) == ("2024-11-01", 30)


def test_a_change_to_nothing_the_form_edits_is_explained(anna):
    player = PlayerFactory()
    client = session(anna)
    url = change_url(player)
    form = open_form(client, url)
    Player.objects.filter(pk=player.pk).update(current_rank=12, version=2)  # as the ranking import does
    response = client.post(url, {**form, "bio": "New bio."})
    assert "They changed nothing this form shows, so saving again keeps both" in response.content.decode()
    shown = read_form(response.content.decode(), "player_form")
    assert client.post(url, shown).status_code == 302
    player.refresh_from_db()
    assert (player.bio, player.current_rank) == ("New bio.", 12)
