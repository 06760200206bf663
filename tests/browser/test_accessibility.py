"""Accessibility: axe-core finds no WCAG 2.0/2.1/2.2 A or AA problem on any page type, light or dark,
narrow or wide; and a keyboard user can reach everything with a visible focus indicator."""

import pytest

from .conftest import AXE, SIGNED_IN_PAGES, need_node_tool, sign_in

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PAGES = [
    "home",
    "stories",
    "story",
    "players",
    "player",
    "head-to-head",
    "match",
    "tournaments",
    "tournament",
    "edition",
    "draw",
    "groups",
    "section",
    "tournament stories",
    "level",
    "davis cup",
    "davis cup year",
    "search",
    "corrections",
    "login",
    "signup",
    "following",
    # Account pages: one of each kind (the other account forms share their template and are
    # checked by the HTML checker and the 320 px and no-JavaScript passes, which visit every URL).
    "account",
    "login-to-follow",
    "password-reset",
    "confirm-email",
    "unsubscribe",
    "authors",
    "author",
]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary})),
  }));
}"""


def describe(violations):
    lines = []
    for where, v in violations:
        lines.append(f"[{where}] {v['id']} ({v['impact']}): {v['help']}\n    {v['url']}")
        for node in v["nodes"][:6]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    - {node['target']}\n      {node['html'][:200]}\n      {summary[:300]}")
        if len(v["nodes"]) > 6:
            lines.append(f"    … and {len(v['nodes']) - 6} more")
    return "\n".join(lines)


@pytest.mark.parametrize("name", [*PAGES, "player signed in", "home with the menu open"])
def test_page_has_no_axe_violations(name, site, new_context, live_server):
    axe = need_node_tool(AXE)
    context = new_context(bypass_csp=True)  # axe is injected as a script tag: the CSP would block it
    key = name.removesuffix(" signed in").removesuffix(" with the menu open")
    if key in SIGNED_IN_PAGES or name.endswith("signed in"):
        sign_in(context, site.reader, live_server.url)
    page = context.new_page()
    response = page.goto(site.urls[key])
    assert response.ok, f"{site.urls[key]} answered {response.status}"
    page.add_script_tag(path=str(axe))

    found = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            if name.endswith("menu open") and width < 900 and not page.locator(".menu[open]").count():
                page.locator(".menu > summary").click()
            for violation in page.evaluate(RUN_AXE, WCAG_TAGS):
                found.append((f"{scheme}, {width}px", violation))
    assert not found, f"axe found problems on {site.urls[key]}:\n{describe(found)}"


FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, cls: String(el.className),
    text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 50),
    href: el.getAttribute("href"),
    outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    shadow: style.boxShadow, size: box.width * box.height,
    key: el.outerHTML.slice(0, 200),
  };
}"""


def has_focus_indicator(info):
    return (info["outline"] != "none" and info["outlineWidth"] > 0) or info["shadow"] != "none"


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(site, page):
    page.goto(site.urls["story"])

    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first is not None and "skip-link" in first["cls"], f"first Tab stop: {first}"
    assert has_focus_indicator(first)
    assert page.locator(".skip-link").is_visible()

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    after = page.evaluate(FOCUSED)
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)"), after


def test_every_stop_on_the_story_page_shows_focus(site, page):
    page.goto(site.urls["story"])

    stops, invisible = [], []
    for _ in range(400):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUSED)
        if info is None or (stops and info["key"] == stops[0]["key"]):
            break  # off the end of the page, or round again to the start
        stops.append(info)
        if not has_focus_indicator(info) or info["size"] == 0:
            invisible.append(info)

    assert len(stops) > 20, f"only {len(stops)} stops: {stops}"
    assert not invisible, "focus not visible on:\n" + "\n".join(
        f"- <{i['tag']}> {i['text']!r} {i['href'] or ''} (outline {i['outline']}, box-shadow {i['shadow']})"
        for i in invisible
    )
