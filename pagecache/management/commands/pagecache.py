"""``manage.py pagecache status|bump``: see the page cache's state, or make every cached page out of date.

Every write through the site moves the content generation on by itself. ``bump`` is for changes made
around it: SQL typed into ``psql``, a restored backup, a deploy that changed how pages render without
changing their templates' or code's files (a setting).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pagecache import generation, schedule
from pagecache.models import Generation
from pagecache.store import SHARED, build_id


class Command(BaseCommand):
    help = "Show the page cache's state (status), or make every cached page out of date (bump)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "bump"])

    def handle(self, *args, action, **options):
        if action == "bump":
            before = generation.current()
            if not generation.bump_now():
                raise CommandError("The generation could not be moved on: see the log.")
            self.stdout.write(
                f"Generation {before} → {generation.current()}: every cached page is out of date."
            )
            return
        current = generation.current()
        row = Generation.objects.get(pk=1)
        now = timezone.now()
        shared = SHARED.cache
        lines = [
            ("page cache", "on" if settings.PAGE_CACHE else "off (PAGE_CACHE=0)"),
            ("generation", f"{current}, last moved {row.changed_at or 'never'}"),
            ("next change by the clock", schedule.next_change(current, now).isoformat()),
            ("build", build_id()),
            ("shared tier", type(shared).__name__ if shared is not None else "none (local memory only)"),
        ]
        for label, value in lines:
            self.stdout.write(f"{label}: {value}")
