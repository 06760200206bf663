"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Without /usr/bin/chromium these tests skip, unless REQUIRE_BROWSER=1 (CI), when they fail. A failed
test leaves a screenshot and the HTML of every page it opened in test-results/.
"""

import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.test import Client

from tests.image_files import stored

# Playwright's sync API runs an asyncio loop in this thread; Django would then refuse ORM calls from
# the test itself (fixtures, assertions) as if they came from async code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
REQUIRED = os.environ.get("REQUIRE_BROWSER") == "1"
NO_CHROMIUM = "Chromium not found at /usr/bin/chromium: install it with `sudo apt-get install chromium`"


def tool_missing(message):
    """Skip for a developer without the tool; fail in CI, where every check must run."""
    if REQUIRED:
        pytest.fail(f"{message} (REQUIRE_BROWSER=1, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


# --- Chromium ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        tool_missing(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# Every page a browser test opens runs under the site's Content-Security-Policy, as readers' and
# editors' browsers do, and anything the policy blocks fails the test (see csp_violations).
WATCH_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation([
    event.effectiveDirective,
    "blocked " + (event.blockedURI || "?"),
    "in " + (event.sourceFile || document.location.href) + ":" + event.lineNumber,
    event.sample ? "(" + event.sample + ")" : "",
  ].join(" "));
});
"""


def watch_csp(context, violations):
    """Record every Content-Security-Policy violation in the context's pages."""
    context.expose_binding(
        "reportCspViolation", lambda source, text: violations.append(f"{source['page'].url}: {text}")
    )
    context.add_init_script(WATCH_CSP)


@pytest.fixture
def csp_violations():
    """What the Content-Security-Policy blocked in the test's browser contexts; a test may assert on it
    itself, and the test fails at teardown if anything was blocked."""
    return []


@pytest.fixture
def new_context(request, browser, live_server, csp_violations):
    """Make browser contexts (separate cookie jars) on the live server; on failure, keep evidence.
    ``bypass_csp=True`` switches the site's policy off (for tools injected as script tags, like axe)."""
    contexts = []

    def make(**options):
        options.setdefault("base_url", live_server.url)
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("bypass_csp", False)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        if not options["bypass_csp"]:
            watch_csp(context, csp_violations)
        contexts.append(context)
        return context

    yield make
    report = getattr(request.node, "rep_call", None)
    failed = report is not None and report.failed
    if failed or csp_violations:
        save_evidence(request.node.nodeid, contexts)
    for context in contexts:
        context.close()
    if csp_violations and not failed:
        pytest.fail("The Content-Security-Policy blocked:\n" + "\n".join(csp_violations), pytrace=False)


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def save_evidence(nodeid, contexts):
    RESULTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", nodeid.split("tests/browser/")[-1]).strip("_")
    number = 0
    for context in contexts:
        for opened in context.pages:
            number += 1
            name = f"{stem}-{number}"
            try:
                opened.screenshot(path=RESULTS / f"{name}.png", full_page=True)
                (RESULTS / f"{name}.html").write_text(opened.content(), encoding="utf-8")
            except Exception as error:  # a crashed page must not hide the test's own failure
                (RESULTS / f"{name}.txt").write_text(f"Could not save the page: {error}\n")


def sign_in(context, user, base_url):
    """Give a browser context a signed-in session without going through the form."""
    client = Client()
    client.force_login(user)
    name = django_settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": base_url}])


# --- Data ----------------------------------------------------------------------------------------


@dataclass
class Site:
    story: object
    match: object
    norrie: object
    alcaraz: object
    reader: object
    urls: dict = field(default_factory=dict)


def build_site():
    """The demo newsroom plus what the demo lacks for a full page: a hero image, stats on both
    sides, a ranking history, another story, a draft, an author, and a reader who follows Norrie."""
    from articles import demo
    from articles.models import ArticleStatus, Correction
    from matches.models import Match, MatchStats
    from players.models import Follow, Player
    from tests import factories

    story = demo.load()
    norrie = Player.objects.get(slug="cameron-norrie")
    alcaraz = Player.objects.get(slug="carlos-alcaraz")
    match = Match.objects.get(edition__tournament__slug="paris-masters", round="R32", player1=norrie)

    story.hero_image = stored("hero", 1600, 900)
    story.hero_alt = "Cameron Norrie celebrates at the Paris Masters"
    story.hero_caption = "Norrie after match point."
    story.hero_credit = "Test image"
    story.save()

    MatchStats.objects.update_or_create(
        match=match,
        player=alcaraz,
        defaults={"aces": 6, "double_faults": 4, "serve_points": 90, "first_serves_in": 55},
    )
    factories.MatchStatsFactory(match=match, player=norrie)
    monday = date(2025, 10, 27)
    for weeks, rank in enumerate([35, 33, 34, 31, 31, 31]):
        factories.RankingEntryFactory(player=norrie, week=monday - timedelta(weeks=5 - weeks), rank=rank)
    Player.objects.filter(pk=norrie.pk).update(current_rank=31, current_points=1245, ranked_on=monday)
    norrie.refresh_from_db()

    other = factories.ArticleFactory(
        title="Norrie's long road back from injury",
        slug="norrie-road-back",
        standfirst="How the Brit rebuilt his season.",
        body="Norrie missed the second half of 2024. [[player:cameron-norrie]] is back.",
        edition=match.edition,
        publish_at=story.publish_at - timedelta(days=1),  # the demo story stays the top story
    )
    other.players.add(norrie)
    factories.ArticleFactory(title="A draft nobody may read", slug="draft", status=ArticleStatus.DRAFT)
    Correction.objects.create(
        article=story,
        text="An earlier version said Norrie saved every break point he faced; he saved four of five.",
    )
    author = factories.AuthorFactory(
        name="Jane Court",
        slug="jane-court",
        role="Tennis correspondent",
        bio="Jane has covered the tour since 2010.",
    )
    factories.BylineFactory(article=other, author=author)

    draw, finals = build_draws(norrie, alcaraz)

    reader = User.objects.create_user("follower", "follower@example.com", "a-follower-password")
    Follow.objects.create(user=reader, player=norrie, story_alerts=True)

    from accounts import tokens

    norrie_intent = tokens.follow_intent(norrie.slug)

    site = Site(story=story, match=match, norrie=norrie, alcaraz=alcaraz, reader=reader)
    site.urls = {
        "home": "/",
        "stories": "/news/",
        "story": story.get_absolute_url(),
        "players": "/players/",
        "player": norrie.get_absolute_url(),
        "head-to-head": f"/players/{norrie.slug}/vs/{alcaraz.slug}/",
        "match": match.get_absolute_url(),
        "tournaments": "/tournaments/",
        "tournament": "/tournaments/paris-masters/",
        "edition": "/tournaments/paris-masters/2025/",
        "search": "/search/?q=norrie",
        "corrections": "/corrections/",
        "draw": draw.get_absolute_url(),
        "groups": finals.get_absolute_url(),
        "section": "/news/section/report/",
        "tournament stories": "/tournaments/paris-masters/news/",
        "level": "/tournaments/level/masters-1000/",
        "davis cup": "/tournaments/level/davis-cup/",
        "davis cup year": "/tournaments/level/davis-cup/2024/",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "following": "/following/",  # signed in as the reader
        "account": "/accounts/",
        "email-change": "/accounts/email/",
        "password-change": "/accounts/password/",
        "delete-account": "/accounts/delete/",
        "login-to-follow": f"/accounts/login/?next=/players/cameron-norrie/&follow={norrie_intent}",
        "password-reset": "/accounts/password_reset/",
        "password-reset-sent": "/accounts/password_reset/sent/",
        "password-reset-expired": "/accounts/reset/MQ/expired-token/",
        "confirm-email": f"/accounts/email/confirm/{tokens.email_token(reader, 'new@example.com')}/",
        "unsubscribe": f"/accounts/unsubscribe/{tokens.unsubscribe_token(reader, 'story')}/",
        "authors": "/authors/",
        "author": author.get_absolute_url(),
    }
    return site


def build_draws(norrie, alcaraz):
    """An eight-player draw with qualifying — seeds, a wild card, a bye-free bracket, a walkover and
    a final still to be played — and a round-robin event: the edition pages' three layouts."""
    from matches.models import Level, Round, Status, Surface
    from tests import factories

    queens = factories.EditionFactory(
        tournament=factories.TournamentFactory(name="Queen's Club", slug="queens-club", level=Level.ATP_500),
        year=2025,
        start_date=date(2025, 6, 16),
        surface=Surface.GRASS,
        draw_size=8,
    )
    names = ["Draper", "Fritz", "Paul", "Dimitrov", "Lehecka", "Machac", "Tien", "Medjedovic"]
    p = [norrie, alcaraz] + [factories.PlayerFactory(last_name=name) for name in names[:6]]

    def match(round_code, a, b, **fields):
        fields.setdefault("score", "6-4 6-4")
        return factories.MatchFactory(edition=queens, round=round_code, player1=a, player2=b, **fields)

    match(Round.QF, p[1], p[2], p1_seed=1)
    match(Round.QF, p[3], p[4], p2_entry="WC")
    match(Round.QF, p[5], p[0], winner_side=2, score="3-6 7-6(5) 6-7(4)", p1_seed=3)
    match(Round.QF, p[6], p[7], status=Status.WALKOVER, score="W/O", p1_seed=2)
    match(Round.SF, p[1], p[3], p1_seed=1, score="7-6(3) 6-4")
    match(Round.SF, p[0], p[6], p2_seed=2, winner_side=2, score="4-6 6-7(2)")
    match(Round.F, p[1], p[6], status=Status.SCHEDULED, winner_side=None, score="", p1_seed=1, p2_seed=2)
    qualifiers = [
        factories.PlayerFactory(last_name=name) for name in ("Broady", "Evans", "Choinski", "Kokkinakis")
    ]
    match(Round.Q1, qualifiers[0], qualifiers[1])
    match(Round.Q1, qualifiers[2], qualifiers[3], status=Status.RETIRED, score="6-3 2-1 RET")
    match(Round.Q2, qualifiers[0], qualifiers[2])

    finals = factories.EditionFactory(
        tournament=factories.TournamentFactory(name="Tour Finals", slug="tour-finals", level=Level.FINALS),
        year=2025,
        start_date=date(2025, 11, 9),
    )
    for a, b in ((p[1], p[2]), (p[1], p[3]), (p[2], p[3])):
        factories.MatchFactory(edition=finals, round=Round.RR, player1=a, player2=b, score="6-4 6-4")
    factories.MatchFactory(edition=finals, round=Round.F, player1=p[1], player2=p[2], score="6-4 6-4")
    for name in (
        "Davis Cup Finals F: ITA vs NED",
        "Davis Cup Finals SF: ITA vs AUS",
        "Davis Cup WG1 R1: CZE vs XYZ",
    ):
        tie = factories.EditionFactory(
            tournament=factories.TournamentFactory(name=name, level=Level.DAVIS_CUP), year=2024
        )
        factories.MatchFactory(edition=tie, round=Round.F, player1=p[4], player2=p[5], score="6-4 6-4")
    return queens, finals


SIGNED_IN_PAGES = {"following", "account", "email-change", "password-change", "delete-account"}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hashing a password the real way takes a third of a second, per user and per sign-in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site(transactional_db, media_root):
    # The database starts empty for every live-server test; a cached page from an earlier one must not
    # be served with another test's data.
    cache.clear()
    return build_site()


@pytest.fixture
def editor_user(transactional_db):
    """A staff user in the Editors group. Live-server tests flush the database after each test, which
    also empties the groups the data migration made, so they are made again here if needed."""
    grants = [
        *import_module("articles.migrations.0002_newsroom_groups").GROUPS["Editors"],
        *import_module("articles.migrations.0014_newsroom_groups_authors_and_pictures").GROUPS["Editors"],
    ]
    group, _ = Group.objects.get_or_create(name="Editors")
    for app_label, model, actions in grants:
        codenames = [f"{a}_{model}" if a != "publish" else "publish_article" for a in actions]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
    user = User.objects.create_user("editor", "editor@example.com", "an-editor-password", is_staff=True)
    user.groups.add(group)
    return user


def need_node_tool(path):
    if not path.exists():
        tool_missing(
            f"{path.relative_to(ROOT)} is missing: install Node.js 18+ and run `npm ci` in the project folder"
        )
    return path


def need_java():
    java = shutil.which("java")
    if not java:
        tool_missing("java not found: install Java 17+ with `sudo apt-get install default-jre-headless`")
    return java
