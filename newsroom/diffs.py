"""Readable differences between two texts, for the admin's conflict and revision screens.

``line_diff(old, new)`` compares line by line (a Markdown body is a paragraph a line) and, where a
line was rewritten, word by word inside it. It returns hunks of rows that a template renders as a
table; unchanged stretches are cut to a few lines of context. Pure functions: no database, no HTML
but the ``<del>``/``<ins>`` marks in ``Row.old_html``/``Row.new_html``, whose text is escaped.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape

from django.utils.safestring import mark_safe

CONTEXT = 2
_WORD_RE = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class Row:
    kind: str  # "same", "removed", "added" or "changed"
    old_number: int | None
    new_number: int | None
    old_html: str
    new_html: str


def normalise(text) -> str:
    """Line endings as ``\\n`` (browsers send ``\\r\\n``); ``None`` as empty."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def line_diff(old, new, context=CONTEXT) -> list[list[Row]]:
    """Hunks of rows describing how ``old`` became ``new``; no hunks when they are the same."""
    old_lines, new_lines = normalise(old).split("\n"), normalise(new).split("\n")
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    hunks = []
    for group in matcher.get_grouped_opcodes(context):
        rows = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [
                    Row("same", i + 1, j + 1, _text(old_lines[i]), _text(new_lines[j]))
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                ]
                continue
            olds, news = list(range(i1, i2)), list(range(j1, j2))
            for k in range(max(len(olds), len(news))):
                i = olds[k] if k < len(olds) else None
                j = news[k] if k < len(news) else None
                if i is not None and j is not None:
                    old_html, new_html = word_diff(old_lines[i], new_lines[j])
                    rows.append(Row("changed", i + 1, j + 1, old_html, new_html))
                elif i is not None:
                    rows.append(Row("removed", i + 1, None, _mark("del", old_lines[i]), ""))
                else:
                    rows.append(Row("added", None, j + 1, "", _mark("ins", new_lines[j])))
        hunks.append(rows)
    return hunks


def word_diff(old: str, new: str) -> tuple[str, str]:
    """Both lines as safe HTML, the words only one of them has marked ``<del>``/``<ins>``."""
    old_words, new_words = _WORD_RE.findall(old), _WORD_RE.findall(new)
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    old_html, new_html = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_words[i1:i2]), "".join(new_words[j1:j2])
        if tag == "equal":
            old_html.append(escape(before, quote=False))
            new_html.append(escape(after, quote=False))
            continue
        if before:
            old_html.append(_mark("del", before))
        if after:
            new_html.append(_mark("ins", after))
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))


def _text(line):
    return mark_safe(escape(line, quote=False))


def _mark(tag, text):
    return mark_safe(f"<{tag}>{escape(text, quote=False)}</{tag}>") if text else ""
