"""Small text helpers shared by the apps: ASCII folding for slugs and accent-insensitive search."""

import re
import unicodedata

from django.utils.text import slugify


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text`` for search: 'Báez' -> 'baez', 'Đoković' -> 'dokovic'."""
    if not text:
        return ""
    if text.isascii():  # most names and places: nothing to decompose
        return text.lower()
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    return (
        "".join(c for c in decomposed if not unicodedata.combining(c))
        .encode("ascii", "ignore")
        .decode()
        .lower()
    )


_SPECIAL = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "ı": "i",
    }
)


_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`\u00b4")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def search_words(text: str) -> list[str]:
    """The words of ``text`` as search compares them: folded, apostrophes dropped (O'Connell ->
    oconnell), hyphens and other punctuation as spaces ('Auger-Aliassime' -> auger, aliassime)."""
    return _NOT_WORD.sub(" ", fold(text).translate(_APOSTROPHES)).split()


def name_key(text: str) -> str:
    """A name with case, accents, spaces, hyphens and apostrophes set aside: two spellings of one
    name ('Auger-Aliassime', 'Auger Aliassime'; "O'Connell", 'Oconnell') have the same key."""
    return "".join(search_words(text))


def ascii_slug(text: str, max_length: int = 80) -> str:
    """An ASCII slug: 'Sebastián Báez' -> 'sebastian-baez'."""
    return slugify(fold(text))[:max_length].strip("-") or "item"


def unique_slug(base: str, taken: set[str], max_length: int = 80) -> str:
    """``base`` or ``base-2``, ``base-3``… whichever is not in ``taken``; adds the result to ``taken``."""
    slug = base[:max_length]
    n = 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    taken.add(slug)
    return slug


def clean_query(value: str, max_length: int = 100) -> str:
    """A reader's search text made safe for every database: no control characters (PostgreSQL
    refuses NUL), trimmed and bounded."""
    text = "".join(ch for ch in (value or "") if not unicodedata.category(ch).startswith("C"))
    return " ".join(text.split())[:max_length]
