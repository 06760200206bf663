"""The one Markdown pipeline: article body -> safe HTML.

Every place a body appears (the story page, the markdownx live preview in the admin, feeds) calls
``render`` or ``markdownify``. Steps:

1. Python-Markdown with a fixed set of extensions (no ``attr_list``: it lets authors add attributes);
2. references to data resolved, one query per kind: ``[[player:slug]]`` or ``[[player:slug|label]]``
   -> link to the player page; ``[[match:ID]]`` -> a score box (alone in a paragraph) or an inline
   result; ``[[quote:ID]]`` -> a quote block with the speaker linked; ``[[edition:slug/year]]`` and
   ``[[tournament:slug]]`` -> links. Unknown references stay as visible plain text and are reported;
3. the HTML is cleaned with an allow-list (nh3): no script, no event handlers, no ``style``,
   only http/https/mailto and relative URLs; outside links get ``rel="noopener nofollow"``;
4. pictures written in Markdown (``![alt](url)``) come back as ``<picture>`` with their renditions
   when they are uploads that went through the image pipeline (``images.markdown``); any other
   image, and any ``<img>`` typed as HTML, is not shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape, unescape

import markdown
import nh3
from django.conf import settings
from django.template.loader import render_to_string

from images import markdown as pictures

REFERENCE_RE = re.compile(
    r"\[\[\s*(player|match|quote|edition|tournament)\s*:\s*([^\]|\s]+)\s*(?:\|([^\]]*))?\]\]"
)
BLOCK_REFERENCE_RE = re.compile(r"<p>\s*(\[\[\s*(?:match|quote)\s*:[^\]]+\]\])\s*</p>")

EXTENSIONS = ["tables", "fenced_code", "sane_lists", "smarty", "footnotes"]

ALLOWED_TAGS = {
    "a",
    "abbr",
    "aside",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "lang", "title"},
    "a": {"href"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_OUTSIDE_LINK_RE = re.compile(r'<a href="((?:https?:|mailto:|//)[^"]*)"')


def placed_blocks(text: str) -> set[tuple[str, str]]:
    """The ``(kind, key)`` of every ``[[match:N]]`` and ``[[quote:N]]`` standing alone in a paragraph
    of ``text``: those render as a score box or quote block in the body, so the page must not show
    them a second time."""
    placed = set()
    for paragraph in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")):
        ref = REFERENCE_RE.fullmatch(paragraph.strip())
        if ref and ref[1] in ("match", "quote"):
            placed.add((ref[1], ref[2]))
    return placed


@dataclass
class RenderResult:
    html: str
    missing: list[str] = field(default_factory=list)
    pictures: list[pictures.BodyPicture] = field(default_factory=list)
    # What resolved: [(kind, object)], each once, for the story's stored references (articles.references).
    references: list[tuple[str, object]] = field(default_factory=list)


def render(text: str) -> RenderResult:
    """Turn a Markdown body into sanitised HTML and list the references that did and did not resolve."""
    found = []
    extensions = [*EXTENSIONS, pictures.PictureExtension(found)]
    html = markdown.markdown(pictures.strip_markers(text or ""), extensions=extensions, output_format="html")
    html, missing, references = resolve_references(html)
    html = sanitise(html)
    if found:
        pictures.resolve(found)
        html = pictures.replace_markers(html, found)
        missing += pictures.missing(found)
    return RenderResult(html=html, missing=missing, pictures=found, references=references)


def markdownify(text: str) -> str:
    """The markdownx preview: the same HTML readers get."""
    return render(text).html


def sanitise(html: str) -> str:
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    site = settings.SITE_URL

    def mark_outside(match):
        href = match[1]
        if unescape(href).startswith(site + "/"):
            return match[0]
        return f'<a rel="noopener nofollow" href="{href}"'

    return _OUTSIDE_LINK_RE.sub(mark_outside, cleaned)


def resolve_references(html: str) -> tuple[str, list[str], list[tuple[str, object]]]:
    """Replace ``[[kind:key]]`` in rendered HTML with links and boxes; one query per kind. Returns
    the HTML, the references that did not resolve, and the (kind, object) pairs that did."""
    found = REFERENCE_RE.findall(html)
    if not found:
        return html, [], []
    keys: dict[str, set[str]] = {}
    for kind, key, _label in found:
        keys.setdefault(kind, set()).add(unescape(key))
    objects = _load(keys)
    missing: list[str] = []

    def replace_block(match):
        ref = REFERENCE_RE.fullmatch(match[1].strip())
        if not ref:
            return match[0]
        obj = objects.get((ref[1], unescape(ref[2])))
        if obj is None:
            return match[0]  # left for the inline pass, which reports it
        template = "includes/score_box.html" if ref[1] == "match" else "includes/quote_block.html"
        return render_to_string(template, {ref[1]: obj, "in_body": True})

    def replace_inline(match):
        kind, key, label = match[1], unescape(match[2]), match[3]
        obj = objects.get((kind, key))
        if obj is None:
            missing.append(f"[[{kind}:{key}]]")
            return f'<span class="ref-missing">{escape(match[0], quote=False)}</span>'
        return _inline(kind, obj, label)

    html = BLOCK_REFERENCE_RE.sub(replace_block, html)
    html = REFERENCE_RE.sub(replace_inline, html)
    resolved = [
        (kind, objects[(kind, unescape(key))])
        for kind, key, _label in found
        if (kind, unescape(key)) in objects
    ]
    unique = list({(kind, obj.pk): (kind, obj) for kind, obj in resolved}.values())
    return html, sorted(set(missing), key=missing.index), unique


def _inline(kind, obj, label):
    url = escape(obj.get_absolute_url())
    if kind == "player":
        text = label.strip() if label and label.strip() else obj.name
        return f'<a class="ref ref-player" href="{url}">{escape(unescape(text), quote=False)}</a>'
    if kind == "match":
        text = label.strip() if label and label.strip() else _match_summary(obj)
        return f'<a class="ref ref-match" href="{url}">{escape(unescape(text), quote=False)}</a>'
    if kind == "quote":
        text = label.strip() if label and label.strip() else f"‘{obj.text}’"
        return f'<a class="ref ref-quote" href="{url}">{escape(unescape(text), quote=False)}</a>'
    text = label.strip() if label and label.strip() else str(obj)
    return f'<a class="ref ref-{kind}" href="{url}">{escape(unescape(text), quote=False)}</a>'


def _match_summary(match):
    winner, loser = match.winner, match.loser
    if winner and loser:
        summary = f"{winner.name} d. {loser.name}"
    else:
        summary = " v ".join(p.name if p else "TBD" for p in (match.player1, match.player2))
    if match.score and match.winner_side:
        score = match.score if match.winner_side == 1 else match.score.swapped()
        summary += f" {score.display}"
    return summary


def _load(keys: dict[str, set[str]]):
    from matches.models import Edition, Match, Tournament
    from players.models import Player

    from .models import Quote

    objects = {}
    if "player" in keys:
        for player in Player.objects.filter(slug__in=keys["player"]):
            objects[("player", player.slug)] = player
    if "match" in keys:
        ids = [int(k) for k in keys["match"] if k.isdigit() and len(k) < 12]
        for match in Match.objects.with_related().prefetch_related("stats").filter(pk__in=ids):
            objects[("match", str(match.pk))] = match
    if "quote" in keys:
        ids = [int(k) for k in keys["quote"] if k.isdigit() and len(k) < 12]
        for quote in Quote.objects.select_related("speaker", "article", "match").filter(pk__in=ids):
            objects[("quote", str(quote.pk))] = quote
    if "tournament" in keys:
        for tournament in Tournament.objects.filter(slug__in=keys["tournament"]):
            objects[("tournament", tournament.slug)] = tournament
    if "edition" in keys:
        wanted = {}
        for key in keys["edition"]:
            slug, _, year = key.partition("/")
            if year.isdigit() and len(year) == 4:
                wanted.setdefault(slug, set()).add(int(year))
        if wanted:
            for edition in Edition.objects.with_tournament().filter(tournament__slug__in=wanted):
                if edition.year in wanted[edition.tournament.slug]:
                    objects[("edition", f"{edition.tournament.slug}/{edition.year}")] = edition
    return objects
