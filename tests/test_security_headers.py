"""Security headers on every page type, with the settings a site behind TLS runs (``SECURE=1``).

Every page the browser suite opens (``build_site().urls``: add a page there and it is checked here
too), plus feeds, sitemaps, robots.txt, the admin and media, answers with the full set: a
Content-Security-Policy that allows no inline script or style, HSTS with subdomains and preload,
Permissions-Policy, CORP and COOP, nosniff, no framing, a private Referrer-Policy, and cookies that
are Secure, HttpOnly, SameSite=Lax and ``__Host-`` prefixed. Each HTML page grades A+ by the MDN HTTP
Observatory's rules (tests/observatory.py), and ``manage.py check --deploy`` has nothing to say.
"""

import importlib.util
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import Client, RequestFactory

from tests import observatory
from tests.browser.conftest import SIGNED_IN_PAGES, build_site

ROOT = Path(__file__).resolve().parents[1]
HTTPS = {"secure": True, "headers": {"x-forwarded-proto": "https"}}

# Anything more a page type needs beyond the reader pages in build_site().urls, by name.
MORE_PAGES = {
    "feed": "/feeds/latest/",
    "player feed": "/feeds/players/cameron-norrie/",
    "tournament feed": "/feeds/tournaments/paris-masters/",
    "author feed": "/feeds/authors/jane-court/",
    "sitemap": "/sitemap.xml",
    "sitemap section": "/sitemap-stories.xml",
    "robots": "/robots.txt",
    "admin login": "/admin/login/",
    "admin": "/admin/",  # signed in as an editor
    "admin story": "/admin/articles/article/{story.pk}/change/",
    "not found": "/no-such-page/",
}
STAFF_PAGES = {"admin", "admin story"}
NOT_FOUND = {"not found"}


# --- Settings as a process with SECURE=1 reads them ------------------------------------------------


def read_settings(**env):
    """The upper-case names of newsroom/settings.py as a process with this environment sees them."""
    spec = importlib.util.spec_from_file_location("settings_as_read", ROOT / "newsroom" / "settings.py")
    module = importlib.util.module_from_spec(spec)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE", "HSTS_", "CSP_"))}
    with mock.patch.dict(os.environ, {**base, **env}, clear=True):
        spec.loader.exec_module(module)
    return {name: getattr(module, name) for name in dir(module) if name.isupper()}


@pytest.fixture
def secure(settings):
    """Everything SECURE=1 changes, applied to this test's settings."""
    local, secure = read_settings(), read_settings(SECURE="1")
    changed = {name: value for name, value in secure.items() if local.get(name) != value}
    for name, value in changed.items():
        setattr(settings, name, value)
    return changed


@pytest.fixture
def site(db, settings, tmp_path, secure):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_site()


def page_urls(site):
    urls = {**site.urls, **{name: url.format(story=site.story) for name, url in MORE_PAGES.items()}}
    urls["media"] = site.story.hero_image.url
    return urls


def fetch(name, url, site, editor):
    client = Client()
    if name in SIGNED_IN_PAGES:
        client.force_login(site.reader)
    elif name in STAFF_PAGES:
        client.force_login(editor)
    return client.get(url, **HTTPS)


# --- What every response must carry ----------------------------------------------------------------


class InlineCode(HTMLParser):
    """Inline script and style in a page: what a strict policy blocks unless it carries the nonce."""

    DATA_BLOCKS = {"application/ld+json", "application/json", "text/plain"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") not in self.DATA_BLOCKS:
            self.found.append(("inline script", attrs.get("nonce")))
        if tag == "style":
            self.found.append(("style element", attrs.get("nonce")))
        for name, value in attrs.items():
            if name == "style":
                self.found.append((f"style attribute on <{tag}>", None))
            if name.startswith("on"):
                self.found.append((f"{name} handler on <{tag}>", None))
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append((f"javascript: URL on <{tag}>", None))


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def assert_site_policy(policy):
    csp = observatory.parse_csp(policy)
    assert csp["default-src"] == {"'none'"}
    for directive in ("script-src", "style-src"):
        assert "'self'" in csp[directive]
        assert not csp[directive] & {"'unsafe-inline'", "'unsafe-eval'", "data:", "*", "https:", "http:"}
    assert csp["img-src"] == {"'self'"}
    assert csp["object-src"] == {"'none'"}
    assert csp["base-uri"] == {"'none'"}
    assert csp["form-action"] == {"'self'"}
    assert csp["frame-ancestors"] == {"'none'"}
    assert "upgrade-insecure-requests" in csp
    return csp


def assert_headers(response):
    headers = response.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] in {"same-origin", "same-site"}
    permissions = headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"):
        assert f"{feature}=()" in permissions
    for morsel in response.cookies.values():
        assert morsel.key.startswith("__Host-"), morsel.OutputString()
        assert morsel["secure"] and morsel["httponly"], morsel.OutputString()
        assert morsel["samesite"] == "Lax" and morsel["path"] == "/" and not morsel["domain"]


def test_every_page_type_sends_the_security_headers(site, editor):
    pages = page_urls(site)
    graded = []
    for name, url in pages.items():
        response = fetch(name, url, site, editor)
        expected = 404 if name in NOT_FOUND else 200
        assert response.status_code == expected, f"{name} ({url}) answered {response.status_code}"
        assert_headers(response)
        policy = response.headers["Content-Security-Policy"]
        if name == "media":
            # An uploaded file: a stricter policy of its own, under which nothing can run at all.
            assert response["Content-Type"].startswith("image/")
            assert observatory.parse_csp(policy) == {"default-src": {"'none'"}, "sandbox": set()}
            continue
        csp = assert_site_policy(policy)
        if "html" in response["Content-Type"]:
            html = response.content.decode()
            nonce = next((s[7:-1] for s in csp["script-src"] if s.startswith("'nonce-")), None)
            blocked = [what for what, tag_nonce in inline_code(html) if not nonce or tag_nonce != nonce]
            assert not blocked, f"{name} ({url}) has inline code the policy blocks: {blocked}"
            report = observatory.grade(
                response, http_response=Client().get(url), cookies=response.cookies.values()
            )
            graded.append((name, report))
    failing = [f"{name}:\n{report}" for name, report in graded if report.grade != "A+"]
    assert not failing, "\n\n".join(failing)
    assert {name for name, _ in graded} >= {"home", "story", "player", "match", "admin login", "not found"}


def test_pages_readers_share_carry_no_nonce(site):
    """A cached page is the same bytes for every reader: a nonce in it would be no secret. No reader
    page needs one, so the policy is the same on every response."""
    policies = set()
    for name, url in site.urls.items():
        if name not in SIGNED_IN_PAGES:
            policy = Client().get(url, **HTTPS)["Content-Security-Policy"]
            assert "'nonce-" not in policy, name
            policies.add(frozenset((k, frozenset(v)) for k, v in observatory.parse_csp(policy).items()))
    assert len(policies) == 1


def test_a_template_that_needs_an_inline_block_gets_a_nonce_the_header_allows(secure, rf_secure):
    from csp.middleware import CSPMiddleware

    def view(request):
        template = Template(
            '<script nonce="{{ CSP_NONCE }}">go()</script><style nonce="{{ CSP_NONCE }}"></style>'
        )
        return HttpResponse(template.render(RequestContext(request)))

    request = rf_secure.get("/")
    response = CSPMiddleware(view)(request)
    (found_nonce,) = {value for _, value in inline_code(response.content.decode())}
    csp = observatory.parse_csp(response["Content-Security-Policy"])
    assert f"'nonce-{found_nonce}'" in csp["script-src"] and f"'nonce-{found_nonce}'" in csp["style-src"]
    again = CSPMiddleware(view)(rf_secure.get("/"))
    assert found_nonce not in again["Content-Security-Policy"]  # a new one for every response


@pytest.fixture
def rf_secure():
    return RequestFactory(secure=True)


def test_static_files_carry_the_headers_too(client, secure):
    response = client.get("/static/css/site.css", **HTTPS)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_signing_in_sets_a_session_cookie_only_this_host_can_read_over_https(client, secure, reader):
    client.get("/accounts/login/", **HTTPS)
    csrf = client.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/accounts/login/", {"username": "reader", "password": "a-reader-password"}, **HTTPS
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["path"] == "/" and not session["domain"]
    assert client.get("/following/", **HTTPS).status_code == 200  # the session works under its new name


def test_plain_http_is_sent_to_https_on_the_same_host(client, secure, db):
    response = client.get("/news/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/news/?page=2"
    # A load balancer's health probe may come over plain HTTP: it is not redirected.
    assert client.get("/healthz").status_code == 200


def test_local_defaults_work_over_plain_http(client, db):
    """Without SECURE=1 (a local run on http://127.0.0.1) nothing insists on HTTPS."""
    local = read_settings()
    assert local["SECURE_HSTS_SECONDS"] == 0 and not local["SECURE_SSL_REDIRECT"]
    assert not local["SESSION_COOKIE_SECURE"] and not local["CSRF_COOKIE_SECURE"]
    assert local["SESSION_COOKIE_HTTPONLY"] and local["CSRF_COOKIE_HTTPONLY"]
    response = client.get("/accounts/login/")
    assert response.status_code == 200 and "Strict-Transport-Security" not in response
    assert "upgrade-insecure-requests" not in response["Content-Security-Policy"]
    csrf = response.cookies[django_settings.CSRF_COOKIE_NAME]
    assert csrf.key == "csrftoken" and csrf["httponly"] and not csrf["secure"]


def test_hsts_subdomains_and_preload_can_be_switched_off():
    """For a domain that still has a subdomain on plain HTTP."""
    assert not read_settings(SECURE="1", HSTS_PRELOAD="0")["SECURE_HSTS_PRELOAD"]
    relaxed = read_settings(SECURE="1", HSTS_INCLUDE_SUBDOMAINS="0")
    assert not relaxed["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and not relaxed["SECURE_HSTS_PRELOAD"]


def check_deploy(**env):
    ignored = {"DEBUG", "SECURE", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the last one is the browser tests'
    base = {k: v for k, v in os.environ.items() if k not in ignored and not k.startswith("HSTS_")}
    env = {
        **base,
        "SECRET_KEY": "a-production-key-" + "x7Qp2LmZ9vR4tW8yB3nK6cF1hJ5dS0gA" * 2,
        "ALLOWED_HOSTS": "news.example.com",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = check_deploy(SECURE="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_check_deploy_warns_a_site_served_without_secure():
    result = check_deploy()
    assert result.returncode != 0
    for warning in ("W004", "W008", "W012", "W016"):  # HSTS, HTTPS redirect, Secure cookies
        assert f"security.{warning}" in result.stdout + result.stderr
