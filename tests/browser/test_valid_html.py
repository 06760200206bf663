"""Every page type is valid HTML, checked by the Nu Html Checker (vnu.jar) in one Java run."""

import json
import subprocess

import pytest
from django.test import Client

from .conftest import SIGNED_IN_PAGES, VNU, build_site, need_java, need_node_tool

pytestmark = pytest.mark.browser


def fetch_pages(site):
    """(name, HTML) for every page type, plus the sign-in and sign-up forms showing errors."""
    anonymous, reader = Client(), Client()
    reader.force_login(site.reader)
    pages = []
    for name, url in site.urls.items():
        client = reader if name in SIGNED_IN_PAGES else anonymous
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        pages.append((name, response.content.decode()))
    pages.append(("player signed in", reader.get(site.urls["player"]).content.decode()))
    bad_signup = {"username": "", "email": "not-an-email", "password1": "a", "password2": "b"}
    pages.append(("signup with errors", Client().post("/accounts/signup/", bad_signup).content.decode()))
    bad_login = {"username": "nobody", "password": "wrong"}
    pages.append(("login with errors", Client().post("/accounts/login/", bad_login).content.decode()))
    pages.append(("not found", anonymous.get("/news/no-such-story/").content.decode()))
    return pages


def describe(messages, files):
    lines = []
    for message in messages:
        name = files.get(message.get("url", "").removeprefix("file:"), message.get("url"))
        line = message.get("lastLine", "?")
        extract = " ".join(message.get("extract", "").split())
        lines.append(f"[{name}] line {line}: {message.get('message')}\n    {extract}")
    return "\n".join(lines)


def test_every_page_type_is_valid_html(db, media_root, tmp_path):
    java = need_java()
    vnu = need_node_tool(VNU)
    site = build_site()
    files = {}
    for number, (name, html) in enumerate(fetch_pages(site)):
        path = tmp_path / f"page-{number:02d}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path)] = name

    # One Java start for all files: the checker takes seconds to start.
    run = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=180,
    )
    # vnu writes its report to stderr; exit status 1 means errors were found.
    report = json.loads(run.stderr or '{"messages": []}')
    errors = [m for m in report["messages"] if m.get("type") in {"error", "non-document-error"}]
    assert run.returncode in (0, 1), run.stderr[:2000]
    assert not errors, f"The Nu Html Checker found {len(errors)} errors:\n{describe(errors, files)}"
