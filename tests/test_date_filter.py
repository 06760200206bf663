"""The ``|date`` builtin gives what Django's ``date`` filter gives, in every time zone and language,
though it remembers what it formatted."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template, defaultfilters
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime

FORMATS = ["j F Y, H:i T", "Y-m-d\\TH:i:sO", "c", "j M Y", None]
MOMENT = datetime(2025, 10, 29, 21, 5, tzinfo=UTC)


def django_date(value, arg):
    """What Django's own filter gives, as a template writes it (in the current time zone, escaped)."""
    return conditional_escape(defaultfilters.date(template_localtime(value), arg))


@pytest.mark.parametrize("arg", FORMATS)
@pytest.mark.parametrize("zone", ["Europe/London", "Europe/Paris", "America/New_York"])
def test_the_same_text_as_djangos_filter_whatever_the_zone(arg, zone):
    with timezone.override(zone):
        ours = Template("{{ value|date:arg }}").render(Context({"value": MOMENT, "arg": arg}))
        assert ours == django_date(MOMENT, arg)


def test_a_moment_formatted_in_one_zone_is_not_given_to_another():
    template = Template('{{ value|date:"H:i T" }}')
    with timezone.override("Europe/London"):
        london = template.render(Context({"value": MOMENT}))
    with timezone.override("Europe/Paris"):
        paris = template.render(Context({"value": MOMENT}))
    assert (london, paris) == ("21:05 GMT", "22:05 CET")


@pytest.fixture
def translated(settings):
    """Translation on, as for a site in several languages (this one is in English only: settings).
    Django picks its translation functions on first use; clearing them makes it pick again."""
    before = settings.USE_I18N
    settings.USE_I18N = True
    translation._trans.__dict__.clear()
    yield
    settings.USE_I18N = before
    translation._trans.__dict__.clear()


def test_languages_dates_and_empty_values(translated):
    template = Template('{{ value|date:"j F Y" }}')
    with translation.override("fr"):
        assert template.render(Context({"value": date(2025, 10, 29)})) == "29 octobre 2025"
    with translation.override("en-gb"):
        assert template.render(Context({"value": date(2025, 10, 29)})) == "29 October 2025"
    assert template.render(Context({"value": None})) == ""
    assert template.render(Context({"value": "not a date"})) == ""


def test_a_changed_setting_is_seen():
    template = Template("{{ value|date }}")
    value = datetime(2025, 10, 29, 21, 5, tzinfo=UTC)
    assert template.render(Context({"value": value})) == django_date(value, None)
    with override_settings(TIME_ZONE="Asia/Tokyo"), timezone.override("Asia/Tokyo"):
        assert template.render(Context({"value": value})) == django_date(value, None) == "30 Oct 2025"
