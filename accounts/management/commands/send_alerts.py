"""``manage.py send_alerts``: send due story alerts and digests. Safe to run from cron every few
minutes: each e-mail is recorded before it goes, so nothing is sent twice (see accounts.alerts)."""

from django.core.management.base import BaseCommand, CommandError

from accounts import alerts


class Command(BaseCommand):
    help = "Send e-mail alerts for newly published stories, and the daily and weekly digests that are due."

    def add_arguments(self, parser):
        parser.add_argument("--stories-only", action="store_true", help="Send story alerts, not digests.")
        parser.add_argument("--digests-only", action="store_true", help="Send digests, not story alerts.")

    def handle(self, *args, stories_only=False, digests_only=False, **options):
        report = alerts.Report()
        if not digests_only:
            alerts.send_story_alerts(report=report)
        if not stories_only:
            alerts.send_digests(report=report)
        if options["verbosity"] > 0:
            self.stdout.write(str(report))
        if report.failed:
            raise CommandError(f"{report.failed} e-mail(s) could not be sent; the next run retries them.")
