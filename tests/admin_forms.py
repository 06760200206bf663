"""Admin forms as a browser sends them: open the page, read every field's value, change some, post.

``open_form(client, url)`` returns the data a browser would submit from the page's main form
(hidden fields, the values each field showed and ``initial-`` copies included), so a test can play
an editor who opens a form, types and saves, without knowing how the form is built.
"""

from html import unescape
from html.parser import HTMLParser

SKIPPED_TYPES = {"submit", "button", "file", "reset", "image"}


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.textarea = None
        self.select = None
        self.option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.form_id is None or attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in SKIPPED_TYPES or (kind in ("checkbox", "radio") and "checked" not in attrs):
                return
            self.data.setdefault(name, []).append(attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "chosen": [], "first": None}
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), "selected" in attrs, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        elif self.option is not None:
            self.option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.data.setdefault(name, []).append(unescape(text.removeprefix("\n")))
            self.textarea = None
        elif tag == "option" and self.option is not None:
            self._close_option()
        elif tag == "select" and self.select is not None:
            if self.option is not None:
                self._close_option()
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]
            self.data.setdefault(self.select["name"], []).extend(chosen)
            self.select = None

    def _close_option(self):
        value, selected, text = self.option
        value = text.strip() if value is None else value
        if self.select["first"] is None:
            self.select["first"] = value
        if selected:
            self.select["chosen"].append(value)
        self.option = None


def read_form(html, form_id=None) -> dict[str, list[str]]:
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.data


def open_form(client, url, form_id=None) -> dict:
    """What a browser would post from the form on ``url`` if the editor changed nothing."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return read_form(response.content.decode(), form_id)
