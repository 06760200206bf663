"""``format_html`` and ``conditional_escape`` as Django's, for the tags that write a page's long
parts (result rows, quotes, score and fact boxes).

Django's go through ``keep_lazy`` wrappers on every value (a check for lazy translations), which a
story page paid some 200 times; these escape with the same function (``html.escape``, quotes
included) and treat safe strings, objects with ``__html__`` and lazy strings as Django does.
"""

from html import escape as _escape

from django.utils.functional import Promise
from django.utils.safestring import SafeData, SafeString


def _escaped(value) -> str:
    """The text of ``value`` for HTML: as it is if already safe HTML, else escaped."""
    if isinstance(value, str):
        return value if isinstance(value, SafeData) else _escape(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()
    if isinstance(value, Promise):
        value = str(value)
    return _escape(str(value))


def conditional_escape(value) -> SafeString:
    """``django.utils.html.conditional_escape``: escaped text, unless it is already safe HTML."""
    if isinstance(value, SafeData) and isinstance(value, str):
        return value
    return SafeString(_escaped(value))


def format_html(format_string: str, *args, **kwargs) -> SafeString:
    """``django.utils.html.format_html``: ``format_string`` filled with escaped values, marked safe."""
    return SafeString(
        format_string.format(
            *[_escaped(arg) for arg in args],
            **{name: _escaped(value) for name, value in kwargs.items()},
        )
    )
