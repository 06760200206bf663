"""Nothing broken reaches readers, and less friction for editors: references that resolve before a
story goes out, one match per pairing, each score box and quote shown once, quote references before
the first save, player choices that tell namesakes apart, the Scheduled state, the reader's preview."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleStatus, Quote
from matches.models import Match
from tests.admin_forms import open_form
from tests.factories import ArticleFactory, MatchFactory, PlayerFactory, QuoteFactory

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def add_form(client):
    form = open_form(client, reverse("admin:articles_article_add"))
    form.update(title="Norrie wins", slug="norrie-wins", body="Body.", section="news")
    return form


# --- unknown references ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "publish_at", "refused"),
    [
        ("published", "", True),
        ("published", "2099-01-01", True),  # scheduled
        ("draft", "", False),
        ("review", "", False),
    ],
)
def test_a_story_with_unknown_references_cannot_be_published_or_scheduled(
    editor_client, status, publish_at, refused
):
    form = add_form(editor_client)
    form.update(
        status=status,
        body="[[player:no-such-man]] beat [[player:nobody-else]] in [[match:999999]].",
        publish_at_0=publish_at,
        publish_at_1="12:00:00" if publish_at else "",
    )
    response = editor_client.post(reverse("admin:articles_article_add"), form, follow=True)
    html = response.content.decode()
    assert Article.objects.exists() is not refused
    if refused:
        assert "cannot refer to what does not exist: [[player:no-such-man]], [[player:nobody-else]], " in html
        assert "[[match:999999]]" in html
    else:
        assert "Unknown references left as plain text: [[player:no-such-man]]" in html


def test_the_publish_action_refuses_a_story_with_unknown_references(editor_client):
    broken = ArticleFactory(status=ArticleStatus.DRAFT, publish_at=None, body="[[player:no-such-man]]")
    fine = ArticleFactory(status=ArticleStatus.DRAFT, publish_at=None)
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [broken.pk, fine.pk]},
        follow=True,
    )
    assert "Not published, because they refer to what does not exist" in response.content.decode()
    assert not Article.objects.get(pk=broken.pk).is_published
    assert Article.objects.get(pk=fine.pk).is_published


# --- one match per pairing -----------------------------------------------------------------------


def test_the_same_match_cannot_be_entered_twice_even_with_the_players_swapped(admin_client):
    match = MatchFactory()
    url = reverse("admin:matches_match_add")
    form = open_form(admin_client, url)
    form.update(
        edition=match.edition_id,
        round=match.round,
        player1=match.player2_id,
        player2=match.player1_id,
        status="completed",
        winner_side="1",
        score="6-4 6-4",
        best_of="3",
    )
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert f"This match is already entered: {match}" in response.content.decode().replace("&#x27;", "'")
    assert Match.objects.count() == 1


def test_the_database_refuses_a_repeated_pairing_too(db):
    from django.db import IntegrityError, transaction

    match = MatchFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.create(
            edition=match.edition, round=match.round, player1=match.player2, player2=match.player1
        )


def test_round_robin_rematches_and_unknown_players_are_allowed(db):
    match = MatchFactory(round="RR")
    MatchFactory(edition=match.edition, round="RR", player1=match.player2, player2=match.player1)
    tbd = MatchFactory(round="F", player2=None, status="scheduled", winner_side=None, score="")
    MatchFactory(edition=tbd.edition, round="F", player1=tbd.player1, player2=None, status="scheduled",
                 winner_side=None, score="")  # fmt: skip


# --- score boxes and quotes once -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "boxes"),
    [
        ("Norrie won.", 1),  # the match reported heads the story
        ("Norrie won.\n\n[[match:{pk}]]\n\nMore.", 1),  # placed in the body: not shown again above it
        ("Norrie won [[match:{pk}]] today.", 1),  # an inline result is a link, the box stays above
    ],
)
def test_the_score_box_of_the_match_reported_is_shown_once(client, db, body, boxes):
    match = MatchFactory()
    story = ArticleFactory(match=match, body=body.format(pk=match.pk))
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.count('class="score-box') == boxes


def test_a_quote_placed_in_the_body_is_not_listed_again_below_it(client, db):
    story = ArticleFactory()
    placed = QuoteFactory(article=story, text="I was in the zone.")
    other = QuoteFactory(article=story, text="It was a tough day.")
    story.body = f"Norrie said:\n\n[[quote:{placed.pk}]]\n\nThen he left."
    story.save()
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.count("I was in the zone.") == 1
    below = html.split("Quotes in this story")[1]
    assert "It was a tough day." in below and "I was in the zone." not in below
    assert other.pk


# --- quote references before the first save --------------------------------------------------------


def test_a_new_quote_is_referenced_in_the_body_before_it_is_saved(editor_client):
    norrie = PlayerFactory(first_name="Cameron", last_name="Norrie")
    form = add_form(editor_client)
    html = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "[[quote:new-1]]" in html  # shown in the first quote form, to insert or copy
    form.update(
        {
            "status": "published",
            "body": "Norrie was happy.\n\n[[quote:new-1]]",
            "quotes-0-text": "This win is so big for me.",
            "quotes-0-speaker": str(norrie.pk),
        }
    )
    response = editor_client.post(reverse("admin:articles_article_add"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    story = Article.objects.get()
    quote = Quote.objects.get()
    assert story.body == f"Norrie was happy.\n\n[[quote:{quote.pk}]]"
    assert "<blockquote><p>This win is so big for me.</p></blockquote>" in story.body_html
    page = Client().get(story.get_absolute_url()).content.decode()
    assert page.count("This win is so big for me.") == 1


def test_a_reference_to_a_new_quote_that_is_not_in_the_form_cannot_be_published(editor_client):
    form = add_form(editor_client)
    form.update(status="published", body="[[quote:new-3]]")
    response = editor_client.post(reverse("admin:articles_article_add"), form)
    assert "refers to quotes that will not exist: [[quote:new-3]]" in response.content.decode()
    assert not Article.objects.exists()


def test_a_quote_the_published_body_shows_cannot_be_deleted_from_under_it(editor_client):
    story = ArticleFactory()
    quote = QuoteFactory(article=story)
    story.body = f"[[quote:{quote.pk}]]"
    story.save()
    url = reverse("admin:articles_article_change", args=[story.pk])
    response = editor_client.post(url, {**open_form(editor_client, url), "quotes-0-DELETE": "on"})
    assert f"[[quote:{quote.pk}]] (being deleted)" in response.content.decode()
    assert Quote.objects.filter(pk=quote.pk).exists()


# --- player choices ----------------------------------------------------------------------------------


def test_player_choices_tell_namesakes_apart(admin_client):
    from datetime import date

    carlos = PlayerFactory(
        first_name="Carlos",
        last_name="Alcaraz",
        country="ESP",
        birth_date=date(2003, 5, 5),
        current_rank=3,
        ranked_on=date(2024, 12, 30),
    )
    PlayerFactory(first_name="Carlos", last_name="Alcaraz", country="ESP", birth_date=date(1971, 2, 1))
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "alcaraz", "app_label": "articles", "model_name": "quote", "field_name": "speaker"},
    )
    labels = sorted(result["text"] for result in response.json()["results"])
    assert labels == ["Carlos Alcaraz (ESP, b. 1971)", "Carlos Alcaraz (ESP, b. 2003, No 3 on 30 Dec 2024)"]
    # A choice already made reads the same in the form.
    quote = QuoteFactory(speaker=carlos)
    html = admin_client.get(reverse("admin:articles_quote_change", args=[quote.pk])).content.decode()
    assert "Carlos Alcaraz (ESP, b. 2003, No 3 on 30 Dec 2024)" in html


# --- the list: Scheduled, and a filter ------------------------------------------------------------------


def test_the_list_shows_scheduled_stories_and_filters_by_state(editor_client):
    ArticleFactory(title="Out now")
    ArticleFactory(title="Out tomorrow", publish_at=timezone.now() + timedelta(days=1))
    ArticleFactory(title="Still a draft", status=ArticleStatus.DRAFT, publish_at=None)
    url = reverse("admin:articles_article_changelist")
    html = editor_client.get(url).content.decode()
    row = re.search(r"<tr>.*?Out tomorrow.*?</tr>", html, re.S)[0]
    assert "Scheduled" in row
    for state, title in [("scheduled", "Out tomorrow"), ("published", "Out now"), ("draft", "Still a draft")]:
        listed = editor_client.get(url, {"state": state}).content.decode()
        titles = set(re.findall(r'href="/admin/articles/article/\d+/change/[^"]*">([^<]+)</a>', listed))
        assert titles == {title}, (state, titles)


# --- the preview is the reader's page ------------------------------------------------------------------


def test_the_admin_preview_is_the_readers_page_for_a_draft(editor_client, client):
    match = MatchFactory()
    draft = ArticleFactory(status=ArticleStatus.DRAFT, publish_at=None, match=match, body="Draft body.")
    QuoteFactory(article=draft, text="A quote under the story.")
    change = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    preview_url = reverse("admin:articles_article_preview", args=[draft.pk])
    assert f'href="{preview_url}"' in change
    response = editor_client.get(preview_url)
    html = response.content.decode()
    assert 'class="score-box' in html
    assert "A quote under the story." in html
    assert "Preview: this story is draft" in html
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in html
    assert client.get(preview_url).status_code == 302  # readers are sent to sign in
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_story_form_warns_before_leaving_with_unsaved_changes(editor_client):
    html = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "js/unsaved-changes.js" in html
    assert "js/quote-references.js" in html
