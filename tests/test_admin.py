"""The Django admin is the newsroom: every screen opens, scores are validated, writers can't publish."""

import pytest
from django.urls import reverse

from articles.models import Article, ArticleStatus
from matches.models import Match
from tests.admin_forms import open_form
from tests.factories import (
    ArticleFactory,
    EditionFactory,
    MatchFactory,
    MatchStatsFactory,
    PlayerFactory,
    QuoteFactory,
    RankingEntryFactory,
)

MODELS = [
    ("players", "player", PlayerFactory),
    ("players", "rankingentry", RankingEntryFactory),
    ("matches", "tournament", lambda: EditionFactory().tournament),
    ("matches", "edition", EditionFactory),
    ("matches", "match", MatchFactory),
    ("matches", "matchstats", MatchStatsFactory),
    ("articles", "article", ArticleFactory),
    ("articles", "quote", QuoteFactory),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("app", "model", "factory"), MODELS, ids=[m[1] for m in MODELS])
def test_admin_list_add_and_change_pages_open(client, admin_user, app, model, factory):
    obj = factory()
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{app}_{model}_changelist") + "?q=a").status_code == 200
    assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 200
    assert client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk])).status_code == 200


def _match_form(match, **changes):
    data = {
        "edition": match.edition_id,
        "round": match.round,
        "best_of": 3,
        "status": "completed",
        "player1": match.player1_id,
        "player2": match.player2_id,
        "winner_side": "1",
        "score": "4-6 6-3 6-4",
        "stats-TOTAL_FORMS": "0",
        "stats-INITIAL_FORMS": "0",
        "stats-MIN_NUM_FORMS": "0",
        "stats-MAX_NUM_FORMS": "2",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("score", "error"),
    [
        ("6-4 6-", "Set 2 (&#x27;6-&#x27;) is incomplete"),
        ("6-4 7-5 6-4", "Too many sets for best of 3"),
        ("4-6 6-3", "not a finished match"),
        ("3-6 4-6", "reads as a win for player 2"),
    ],
)
def test_malformed_score_in_the_admin_is_a_form_error_naming_the_problem(client, admin_user, score, error):
    match = MatchFactory(score="6-4 6-4")
    client.force_login(admin_user)
    url = reverse("admin:matches_match_change", args=[match.pk])
    response = client.post(url, _match_form(match, score=score))
    assert response.status_code == 200
    assert error in response.content.decode()
    match.refresh_from_db()
    assert str(match.score) == "6-4 6-4"


@pytest.mark.django_db
def test_score_typed_as_one_string_is_saved_in_canonical_form(client, admin_user):
    match = MatchFactory(score="6-4 6-4")
    client.force_login(admin_user)
    url = reverse("admin:matches_match_change", args=[match.pk])
    response = client.post(url, {**open_form(client, url), "score": " 4–6  6-3 7-6(5) "})
    assert response.status_code == 302, response.content.decode()[:3000]
    match.refresh_from_db()
    assert str(match.score) == "4-6 6-3 7-6(5)"


@pytest.mark.django_db
def test_retirement_score_needs_the_retired_status(client, admin_user):
    match = MatchFactory()
    client.force_login(admin_user)
    url = reverse("admin:matches_match_change", args=[match.pk])
    response = client.post(url, _match_form(match, score="6-3 2-1 RET"))
    assert "which is a retired match, not completed" in response.content.decode()
    response = client.post(url, {**open_form(client, url), "score": "6-3 2-1 RET", "status": "retired"})
    assert response.status_code == 302
    assert Match.objects.get(pk=match.pk).score.ending == "RET"


def _article_form(**changes):
    data = {
        "title": "A new story",
        "slug": "a-new-story",
        "standfirst": "",
        "body": "Body text",
        "section": "news",
        "status": "draft",
        "publish_at_0": "",
        "publish_at_1": "",
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        "quotes-MIN_NUM_FORMS": "0",
        "quotes-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_article_add_page_has_markdownx_editor_and_quote_inline(client, editor):
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "markdownx" in html
    assert 'data-markdownx-urls-path="/editor/markdownx/markdownify/"' in html
    assert "quotes-0-text" in html


@pytest.mark.django_db
def test_editor_writes_a_story_with_a_quote_referenced_in_the_body(client, editor):
    norrie = PlayerFactory(slug="cameron-norrie", first_name="Cameron", last_name="Norrie")
    client.force_login(editor)
    data = _article_form(
        status="published",
        body="Big day for [[player:cameron-norrie]].",
        **{
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-text": "This win is so big for me.",
            "quotes-0-speaker": norrie.pk,
            "quotes-0-position": "1",
        },
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="a-new-story")
    assert article.is_published
    quote = article.quotes.get()
    assert quote.speaker == norrie
    # A second save with the quote referenced in the body renders it as a quote block.
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.post(url, {**open_form(client, url), "body": f"[[quote:{quote.pk}]]"})
    article.refresh_from_db()
    assert "<blockquote><p>This win is so big for me.</p></blockquote>" in article.body_html
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_unknown_reference_is_reported_to_the_editor(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_add"), _article_form(body="See [[player:nobody]]"), follow=True
    )
    assert "Unknown references left as plain text: [[player:nobody]]" in response.content.decode()


@pytest.mark.django_db
def test_writer_cannot_publish(client, writer):
    client.force_login(writer)
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'value="published"' not in html
    response = client.post(reverse("admin:articles_article_add"), _article_form(status="published"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Article.objects.exists()
    response = client.post(reverse("admin:articles_article_add"), _article_form(status="review"))
    assert response.status_code == 302
    assert Article.objects.get().status == ArticleStatus.IN_REVIEW


@pytest.mark.django_db
def test_writer_cannot_change_a_published_story(client, writer):
    story = ArticleFactory()
    client.force_login(writer)
    response = client.post(
        reverse("admin:articles_article_change", args=[story.pk]), _article_form(title="Changed")
    )
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.title != "Changed"


@pytest.mark.django_db
def test_editor_publishes_drafts_with_the_admin_action(client, editor):
    drafts = [ArticleFactory(status=ArticleStatus.DRAFT, publish_at=None) for _ in range(2)]
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [d.pk for d in drafts]},
    )
    assert response.status_code == 302
    assert all(Article.objects.get(pk=d.pk).is_published for d in drafts)


@pytest.mark.django_db
def test_hero_image_needs_alt_text(client, editor, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.image_files import jpeg

    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    data = _article_form(hero_image=SimpleUploadedFile("hero.jpg", jpeg(1200, 675), "image/jpeg"))
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "Describe the image for readers who cannot see it" in response.content.decode()
    assert list(tmp_path.rglob("*.*")) == []  # a refused form writes nothing
