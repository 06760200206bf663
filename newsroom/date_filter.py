"""``|date`` as Django's, each (moment, time zone, format, language) formatted once a process.

A story page formats its publication time five times in three formats (the byline, the meta tags,
the JSON-LD), each through the whole of ``django.utils.dateformat``; the same story's times are
asked for on every request. Installed as a template builtin (settings), so every template's
``|date`` is this one; it gives what Django's gives (the value arrives in the current time zone, as
for Django's filter, and the time zone is part of what is remembered).
"""

from datetime import date as _date
from datetime import datetime
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.utils import translation

register = template.Library()


@lru_cache(maxsize=4096)
def _formatted(value, tzinfo, arg, language):
    return defaultfilters.date(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if isinstance(value, (datetime, _date)) and (arg is None or isinstance(arg, str)):
        tzinfo = value.tzinfo if isinstance(value, datetime) else None
        return _formatted(value, tzinfo, arg, translation.get_language())
    return defaultfilters.date(value, arg)


@receiver(setting_changed)
def _forget(**kwargs):
    _formatted.cache_clear()  # formats, languages and time zones are settings
