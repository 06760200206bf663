"""The page cache: signed-out readers get pages from memory, and every write is on the next request.

Tests run inside a transaction that is never committed, so Django never runs on-commit callbacks by
itself; ``commit()`` runs them as a COMMIT would. One test at the end commits for real.
"""

from datetime import date, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleStatus, Correction
from pagecache import generation, schedule
from pagecache.store import clear_local
from players.models import Follow
from tests.admin_forms import open_form
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    EditionFactory,
    MatchFactory,
    PlayerFactory,
    QuoteFactory,
    RankingEntryFactory,
)


@pytest.fixture
def page_cache(settings, tmp_path):
    """The page cache on, with a shared tier of its own (a file cache, as another process would see)."""
    settings.PAGE_CACHE = True
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": tmp_path},
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    clear_local()
    schedule.forget()
    yield
    clear_local()
    schedule.forget()


def commit():
    """What COMMIT does after the data are written: run the transaction's on-commit callbacks."""
    callbacks, connection.run_on_commit = connection.run_on_commit, []
    for _, callback, _ in callbacks:
        callback()


def fetch(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, response.content.decode()


def cached(client, url):
    """Load a page twice: the second time it must come from the cache."""
    first, html = fetch(client, url)
    assert first.status_code == 200, url
    assert first["X-Cache"] in ("MISS", "HIT"), url
    assert fetch(client, url)[0]["X-Cache"] == "HIT", url
    return html


# --- every write that changes a page is on the next request ---------------------------------------
# Each scenario makes the data, and returns the pages that show it, a text they show, the write, and
# the text they show after it.


def story_headline():
    story = ArticleFactory(title="Norrie wins in Paris")

    def write():
        story.title = "Norrie stuns Alcaraz in Paris"
        story.save()

    return (
        [story.get_absolute_url(), "/", "/news/", "/feeds/latest/"],
        "Norrie wins in Paris",
        write,
        "Norrie stuns",
    )


def story_body():
    story = ArticleFactory(body="He served well.")

    def write():
        story.body = "He served eleven aces."
        story.save()

    return [story.get_absolute_url()], "He served well.", write, "He served eleven aces."


def match_score():
    match = MatchFactory(score="6-4 3-6 6-2")
    ArticleFactory(match=match)

    def write():
        match.score = "7-5 6-3"
        match.save()

    urls = [match.get_absolute_url(), match.edition.get_absolute_url(), "/", match.player1.get_absolute_url()]
    return urls, "6–2", write, "7–5"


def player_name():
    player = PlayerFactory(first_name="Cameron", last_name="Norrie")
    match = MatchFactory(player1=player)
    story = ArticleFactory()
    story.players.add(player)

    def write():
        player.last_name = "Norrie-Smith"
        player.save()

    urls = [player.get_absolute_url(), match.get_absolute_url(), story.get_absolute_url(), "/players/"]
    return urls, "Cameron Norrie", write, "Cameron Norrie-Smith"


def ranking_week():
    player = PlayerFactory()
    RankingEntryFactory(player=player, week=date(2024, 12, 30), rank=9)

    def write():
        RankingEntryFactory(player=player, week=date(2025, 1, 6), rank=7)

    return [player.get_absolute_url()], 'datetime="2024-12-30"', write, 'datetime="2025-01-06"'


def tournament_name():
    edition = EditionFactory(tournament__name="Rolex Paris Masters")
    tournament = edition.tournament

    def write():
        tournament.name = "Paris Masters"
        tournament.save()

    urls = [tournament.get_absolute_url(), edition.get_absolute_url(), "/tournaments/"]
    return urls, "Rolex Paris Masters", write, ">Paris Masters"


def edition_dates():
    edition = EditionFactory(start_date=date(2024, 10, 28))
    MatchFactory(edition=edition)

    def write():
        edition.start_date = date(2024, 10, 27)
        edition.save()

    return [edition.get_absolute_url()], "2024-10-28", write, "2024-10-27"


def quote_text():
    quote = QuoteFactory(text="I played well today.")

    def write():
        quote.text = "I played the best match of my life."
        quote.save()

    urls = [quote.article.get_absolute_url(), quote.speaker.get_absolute_url()]
    return urls, "I played well today.", write, "the best match of my life"


def author_name():
    byline = BylineFactory(author__name="Simon Cambers")
    author = byline.author

    def write():
        author.name = "Simon J. Cambers"
        author.save()

    return (
        [author.get_absolute_url(), byline.article.get_absolute_url()],
        "Simon Cambers",
        write,
        "Simon J. Cambers",
    )


def story_players():
    """A many-to-many change: the story now links a player, whose page lists it."""
    story = ArticleFactory(title="A story about Draper")
    player = PlayerFactory(last_name="Draper")

    def write():
        story.players.add(player)

    return [player.get_absolute_url()], "Draper", write, "A story about Draper"


def bulk_update():
    """``QuerySet.update()`` sends no signal; the page still changes."""
    story = ArticleFactory(title="Before the update")

    def write():
        Article.objects.filter(pk=story.pk).update(title="After the update")

    return [story.get_absolute_url(), "/"], "Before the update", write, "After the update"


SCENARIOS = [
    story_headline,
    story_body,
    match_score,
    player_name,
    ranking_week,
    tournament_name,
    edition_dates,
    quote_text,
    author_name,
    story_players,
    bulk_update,
]


@pytest.mark.django_db
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.__name__ for s in SCENARIOS])
def test_an_edit_is_on_every_page_showing_it_at_the_next_request(page_cache, client, scenario):
    urls, before, write, after = scenario()
    for url in urls:
        assert before in cached(client, url), url
    write()
    commit()
    for url in urls:
        response, html = fetch(client, url)
        assert after in html, url
        assert response["X-Cache"] == "MISS"


@pytest.mark.django_db
def test_nothing_changes_before_the_commit(page_cache, client):
    story = ArticleFactory(title="Before")
    cached(client, story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(title="After")
    # Not committed yet: readers of other connections would still read "Before", so the entry stands.
    assert fetch(client, story.get_absolute_url())[0]["X-Cache"] == "HIT"
    commit()
    assert "After" in fetch(client, story.get_absolute_url())[1]


@pytest.mark.django_db
def test_publishing_from_the_admin_list_shows_the_story(page_cache, client, editor):
    story = ArticleFactory(title="Breaking: Murray returns", status=ArticleStatus.DRAFT)
    assert "Breaking" not in cached(client, "/")
    assert client.get(story.get_absolute_url()).status_code == 404
    staff = Client()
    staff.force_login(editor)
    staff.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [story.pk]},
    )
    commit()
    assert "Breaking: Murray returns" in fetch(client, "/")[1]
    assert client.get(story.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_unpublishing_takes_the_story_off_every_page(page_cache, client):
    story = ArticleFactory(title="Withdrawn story")
    for url in ("/", "/news/", "/feeds/latest/", story.get_absolute_url()):
        assert "Withdrawn story" in cached(client, url)
    story.status = ArticleStatus.DRAFT
    story.save()
    commit()
    for url in ("/", "/news/", "/feeds/latest/"):
        assert "Withdrawn story" not in fetch(client, url)[1], url
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_scheduled_story_appears_on_time_with_nothing_written(page_cache, client):
    now = timezone.now()
    story = ArticleFactory(title="Embargoed preview", publish_at=now + timedelta(minutes=5))
    commit()
    home = fetch(client, "/")[0]
    assert "Embargoed preview" not in home.content.decode()
    # Browsers and CDNs may keep the page only until the story's time.
    max_age = int(home["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age <= 60
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(minutes=4)):
        assert fetch(client, "/")[0]["X-Cache"] == "HIT"
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(minutes=5, seconds=1)):
        response, html = fetch(client, "/")
        assert "Embargoed preview" in html
        assert response["X-Cache"] == "MISS"
        assert client.get(story.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_a_scheduled_story_caps_how_long_browsers_may_keep_the_page(page_cache, client):
    ArticleFactory(publish_at=timezone.now() + timedelta(seconds=20))
    commit()
    response = client.get("/")
    assert int(response["Cache-Control"].split("max-age=")[1].split(",")[0]) <= 20


@pytest.mark.django_db
def test_a_correction_added_in_the_admin_is_on_the_story_at_once(page_cache, client, editor):
    story = ArticleFactory(title="Norrie beats Alcaraz")
    cached(client, story.get_absolute_url())
    cached(client, "/corrections/")
    staff = Client()
    staff.force_login(editor)
    url = reverse("admin:articles_article_change", args=[story.pk])
    form = open_form(staff, url)
    form.update({"corrections-TOTAL_FORMS": "1", "corrections-0-text": "He won in three sets, not two."})
    form["corrections-0-published_at_0"] = [timezone.localtime().strftime("%Y-%m-%d")]
    form["corrections-0-published_at_1"] = [timezone.localtime().strftime("%H:%M:%S")]
    assert staff.post(url, form).status_code == 302
    commit()
    assert Correction.objects.count() == 1
    assert "He won in three sets, not two." in fetch(client, story.get_absolute_url())[1]
    assert "He won in three sets, not two." in fetch(client, "/corrections/")[1]


@pytest.mark.django_db
def test_an_import_run_is_on_the_pages_it_changes(page_cache, client, tmp_path):
    header = "player_id,name_first,name_last,hand,dob,ioc,height,wikidata_id"
    players = tmp_path / "atp_players.csv"
    players.write_text(f"{header}\n206173,Jannik,Sinner,R,20010816,ITA,191,\n", encoding="utf-8")
    call_command("import_atp", str(players), "--no-progress", stdout=StringIO())
    commit()
    assert "191 cm" in cached(client, "/players/jannik-sinner/")
    players.write_text(f"{header}\n206173,Jannik,Sinner,R,20010816,ITA,192,\n", encoding="utf-8")
    call_command("import_atp", str(players), "--no-progress", stdout=StringIO())
    commit()
    response, html = fetch(client, "/players/jannik-sinner/")
    assert response["X-Cache"] == "MISS"
    assert "192 cm" in html


# --- what moves the generation, and what does not -------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('SELECT "articles_article"."id" FROM "articles_article"', False),
        ('(SELECT "id" FROM "a") UNION (SELECT "id" FROM "b")', False),
        ("SAVEPOINT s1", False),
        ('UPDATE "articles_article" SET "title" = %s WHERE "id" = %s', True),
        ('INSERT INTO "matches_match" ("edition_id") VALUES (%s)', True),
        ('DELETE FROM "players_rankingentry" WHERE "id" IN (%s)', True),
        ("INSERT INTO players_player (slug) VALUES (%s), (%s)", True),
        ('INSERT OR IGNORE INTO "articles_article_players" ("article_id") VALUES (%s)', True),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "players_follow" ("user_id", "player_id") VALUES (%s, %s)', False),
        ('UPDATE "auth_user" SET "last_login" = %s WHERE "id" = %s', False),
        ('INSERT INTO "accounts_sentalert" ("key") VALUES (%s)', False),
        ("UPDATE pagecache_generation SET value = value + 1", False),
        ('UPDATE "public"."articles_article" SET "title" = %s', True),  # unsure: counts as a write
        ("WITH moved AS (DELETE FROM x RETURNING id) SELECT 1", True),
        ("WITH recent AS (SELECT 1) SELECT * FROM recent", False),
        ("TRUNCATE articles_article", True),
    ],
)
def test_which_statements_move_the_generation(sql, writes):
    assert generation.writes_content(sql) is writes


@pytest.mark.django_db
def test_every_content_model_moves_the_generation_when_written():
    """Any model of the project's apps, including ones added later: the watch is on the tables."""
    from django.apps import apps

    ignored = generation.ignored_tables()
    content = [
        m
        for m in apps.get_models()
        if m.__module__.split(".")[0] in {"articles", "players", "matches", "authors", "images"}
        and m._meta.db_table not in ignored
    ]
    assert len(content) >= 12
    commit()
    for model in content:
        before = generation.current()
        field = next(f for f in model._meta.concrete_fields if not f.primary_key)
        # An UPDATE that matches no row is enough: the watch does not guess which pages a row is on.
        model._base_manager.filter(pk=-1).update(**{field.attname: F(field.attname)})
        commit()
        assert generation.current() > before, model


@pytest.mark.django_db
def test_a_follow_and_a_sign_in_leave_cached_pages_alone(page_cache, client, reader):
    player = PlayerFactory()
    commit()
    cached(client, player.get_absolute_url())
    before = generation.current()
    reader_client = Client()
    assert reader_client.login(username="reader", password="a-reader-password")
    reader_client.post(reverse("accounts:follow", args=[player.slug]))
    commit()
    assert Follow.objects.filter(user=reader, player=player).exists()
    assert generation.current() == before
    assert fetch(client, player.get_absolute_url())[0]["X-Cache"] == "HIT"


@pytest.mark.django_db
def test_reading_pages_writes_nothing(page_cache, client, demo):
    """A page that wrote to content as it rendered would empty the cache at every request."""
    story = Article.objects.published().first()
    match = story.match
    urls = [
        "/",
        "/news/",
        story.get_absolute_url(),
        match.get_absolute_url(),
        match.edition.get_absolute_url(),
        match.edition.tournament.get_absolute_url(),
        match.player1.get_absolute_url(),
        reverse("players:h2h", args=[match.player1.slug, match.player2.slug]),
        "/players/",
        "/tournaments/",
        "/search/?q=norrie",
        "/feeds/latest/",
        "/sitemap.xml",
        "/robots.txt",
        "/corrections/",
    ]
    commit()
    before = generation.current()
    for url in urls:
        assert fetch(client, url)[0].status_code == 200, url
    commit()
    assert generation.current() == before
    for url in urls:
        assert fetch(client, url)[0]["X-Cache"] == "HIT", url


# --- nobody gets someone else's page ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_signed_in_page_never_lands_in_the_shared_cache(page_cache, client, reader):
    player = PlayerFactory()
    story = ArticleFactory()
    urls = ["/", story.get_absolute_url(), player.get_absolute_url()]
    signed_in = Client()
    signed_in.force_login(reader)
    for url in urls:
        response, html = fetch(signed_in, url)
        assert "Sign out" in html and "Unfollow" not in html
        assert response["X-Cache"] == "BYPASS"
        assert response["Cache-Control"] == "private, no-store"
    for url in urls:
        response, html = fetch(client, url)
        assert response["X-Cache"] == "MISS", url
        assert "Sign out" not in html and "reader" not in html.lower().split("<main")[0]
        assert "Sign in" in html
    # And the other way round: a signed-in reader never gets the shared page.
    response, html = fetch(signed_in, player.get_absolute_url())
    assert response["X-Cache"] == "BYPASS" and "Sign out" in html


@pytest.mark.django_db
def test_staff_previews_are_never_shared(page_cache, client, writer):
    draft = ArticleFactory(title="Unreleased scoop", status=ArticleStatus.DRAFT)
    staff = Client()
    staff.force_login(writer)
    response = staff.get(draft.get_absolute_url())
    assert response.status_code == 200 and "private, no-store" in response["Cache-Control"]
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_reader_with_a_message_to_see_gets_their_own_page(page_cache, client):
    ArticleFactory(title="Some story")
    cached(client, "/")
    client.cookies["messages"] = "anything"
    response = client.get("/")
    assert response["X-Cache"] == "BYPASS"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/login/", "/accounts/login/", "/accounts/signup/", "/following/"]
)
def test_the_admin_and_accounts_are_never_cached(page_cache, client, url):
    for _ in range(2):
        response = client.get(url)
        assert response["X-Cache"] == "BYPASS"
        assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_posts_are_never_cached(page_cache, client):
    response = client.post("/search/", {"q": "x"})
    assert response["X-Cache"] == "BYPASS"


def _response(status=200, **headers):
    from django.http import HttpResponse

    response = HttpResponse("page", status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@pytest.mark.parametrize(
    ("make", "shared"),
    [
        (lambda: _response(), True),
        (lambda: _response(Vary="Cookie, Accept-Encoding"), True),
        (lambda: _response(status=404), False),
        (lambda: _response(status=500), False),
        (lambda: _response(Cache_Control="private, no-store"), False),
        (lambda: _response(Vary="Accept-Language"), False),
    ],
    ids=["page", "vary-cookie", "404", "500", "private", "vary-language"],
)
def test_what_may_be_shared(rf, make, shared):
    from pagecache.middleware import shareable

    assert shareable(rf.get("/"), make()) is shared


def test_a_response_setting_a_cookie_or_holding_a_csrf_token_or_csp_nonce_is_not_shared(rf):
    from pagecache.middleware import shareable

    response = _response()
    response.set_cookie("csrftoken", "x")
    assert not shareable(rf.get("/"), response)
    request = rf.get("/")
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not shareable(request, _response())
    request = rf.get("/")
    request._csp_nonce = "bm9uY2U="  # django-csp made a nonce for this response's header
    assert not shareable(request, _response())


# --- headers ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_shared_pages_let_a_cdn_keep_them_briefly_and_revalidate(page_cache, client):
    story = ArticleFactory()
    for expected in ("MISS", "HIT"):
        response = client.get(story.get_absolute_url())
        assert response["X-Cache"] == expected
        control = response["Cache-Control"]
        assert control.startswith("public, max-age=")
        assert "stale-while-revalidate=" in control and "stale-if-error=" in control
        etag = response["ETag"]
        assert client.get(story.get_absolute_url(), headers={"if-none-match": etag}).status_code == 304


@pytest.mark.django_db
def test_feeds_answer_conditional_requests(page_cache, client):
    ArticleFactory()
    response = client.get("/feeds/latest/")
    assert response["Last-Modified"] and response["ETag"]
    again = client.get("/feeds/latest/", headers={"if-modified-since": response["Last-Modified"]})
    assert again.status_code == 304


@pytest.mark.django_db
def test_page_cache_off_renders_every_time_with_the_same_headers(settings, client):
    settings.PAGE_CACHE = False
    story = ArticleFactory()
    for _ in range(2):
        response = client.get(story.get_absolute_url())
        assert "X-Cache" not in response
        assert response["Cache-Control"].startswith("public, max-age=")


@pytest.mark.django_db
def test_a_page_rendered_by_another_process_is_served_from_the_shared_tier(page_cache, client):
    story = ArticleFactory()
    cached(client, story.get_absolute_url())
    clear_local()  # another worker: nothing in its memory
    assert client.get(story.get_absolute_url())["X-Cache"] == "HIT"


# --- the real thing: a commit -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_editors_save_in_the_admin_is_on_the_page_at_the_next_request(page_cache, client):
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("chief", "chief@example.com", "a-chief-password")
    story = ArticleFactory(title="First version of the story")
    assert "First version" in cached(client, story.get_absolute_url())
    staff = Client()
    staff.force_login(admin)
    url = reverse("admin:articles_article_change", args=[story.pk])
    form = open_form(staff, url)
    form["title"] = ["Second version of the story"]
    assert staff.post(url, form).status_code == 302
    response, html = fetch(client, story.get_absolute_url())
    assert "Second version of the story" in html
    assert response["X-Cache"] == "MISS"


def test_the_release_digest_reads_a_static_manifest_collected_outside_the_project(settings, tmp_path):
    from pagecache.store import build_id

    settings.STATIC_ROOT = tmp_path / "release-42" / "static"
    settings.STATIC_ROOT.mkdir(parents=True)
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    digests = []
    for content in ('{"paths": {"css/site.css": "css/site.0123.css"}}', '{"paths": {}}'):
        manifest.write_text(content)
        build_id.cache_clear()
        digests.append(build_id())
    build_id.cache_clear()
    assert digests[0] != digests[1]  # new static files are a new release
