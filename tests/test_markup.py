"""newsroom.markup: the same HTML as Django's format_html and conditional_escape, for every kind
of value a tag passes."""

import pytest
from django.utils import html as django_html
from django.utils.functional import lazy
from django.utils.safestring import SafeData, mark_safe

from newsroom import markup


class Marked:
    def __html__(self):
        return "<b>marked</b>"

    def __repr__(self):
        return "Marked()"


VALUES = [
    "Norrie <stuns> \"world\" No 1 & 'Alcaraz'",
    mark_safe("<em>safe</em>"),
    6,
    4.5,
    None,
    Marked(),
    lazy(lambda: "<lazy & text>", str)(),
    "",
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_escapes_as_django_does(value):
    ours, theirs = markup.conditional_escape(value), django_html.conditional_escape(value)
    assert ours == theirs
    assert isinstance(ours, SafeData), "escaped once, never again"
    assert markup.format_html("<a title='{}'>{x}</a>", value, x=value) == django_html.format_html(
        "<a title='{}'>{x}</a>", value, x=value
    )


def test_what_it_escapes_is_not_escaped_twice():
    inner = markup.format_html("<i>{}</i>", "R&D")
    assert markup.format_html("<p>{}</p>", inner) == "<p><i>R&amp;D</i></p>"
    assert markup.format_html("<p>{}</p>", markup.conditional_escape("<x>")) == "<p>&lt;x&gt;</p>"
