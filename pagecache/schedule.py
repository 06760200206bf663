"""When a page may change with nobody writing anything: a scheduled story going live, a correction
dated later, the date turning at midnight (ages, "as of today").

No cron job flips a flag when a story's time comes: ``Article.objects.published()`` compares with the
clock. So a cached page must not outlive the next such moment. ``PAGE_CACHE_SCHEDULES`` names the
fields that hold those moments, ``(model label, field name)``; the earliest future value among them,
or the next midnight in ``TIME_ZONE`` if sooner, caps every entry's freshness. A field read this way
needs an index (``publish_at`` and ``published_at`` have one).

The answer depends only on the data and the clock, so it is kept per content generation until the
moment passes: at most a couple of queries per generation, not per request.
"""

import threading
from datetime import datetime, time, timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import Min
from django.utils import timezone

_memo = {"generation": None, "until": None}
_lock = threading.Lock()


def next_change(generation, now: datetime) -> datetime:
    """The first moment after ``now`` at which a page rendered now may read differently."""
    with _lock:
        until = _memo["until"]
        if _memo["generation"] == generation and until is not None and now < until:
            return until
    until = min([next_midnight(now), *scheduled_after(now)])
    with _lock:
        _memo.update(generation=generation, until=until)
    return until


def scheduled_after(now):
    for label, field in getattr(settings, "PAGE_CACHE_SCHEDULES", ()):
        model = apps.get_model(label)
        first = model._base_manager.filter(**{f"{field}__gt": now}).aggregate(first=Min(field))["first"]
        if first is not None:
            yield first


def next_midnight(now):
    zone = timezone.get_current_timezone()
    tomorrow = timezone.localtime(now, zone).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time.min, tzinfo=zone)


def forget():
    with _lock:
        _memo.update(generation=None, until=None)
