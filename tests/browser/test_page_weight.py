"""Story and player pages stay light, and the browser never talks to another host."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

BUDGET = 100 * 1024
COUNTED = {"document", "stylesheet", "script"}


@pytest.mark.parametrize("name", ["story", "player"])
def test_page_is_under_100_kb_and_uses_no_other_host(name, site, page, live_server):
    responses, requests = [], []
    page.on("response", lambda response: responses.append(response))
    page.on("request", lambda request: requests.append(request.url))

    page.goto(site.urls[name], wait_until="load")

    sizes = [
        (r.request.resource_type, r.url, len(r.body()))
        for r in responses
        if r.request.resource_type in COUNTED and r.status < 300
    ]
    total = sum(size for _kind, _url, size in sizes)
    assert any(kind == "document" for kind, _url, _size in sizes)
    assert total < BUDGET, f"{total / 1024:.1f} KB of HTML, CSS and JS:\n" + "\n".join(
        f"- {kind} {url}: {size / 1024:.1f} KB" for kind, url, size in sizes
    )
    ours = urlsplit(live_server.url).netloc
    elsewhere = [
        url for url in requests if urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc != ours
    ]
    assert not elsewhere, f"requests to other hosts: {elsewhere}"
