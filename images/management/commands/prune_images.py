"""Remove the pictures uploaded for story bodies that no story has used for a day (with their files).

Uploads run this too, a hundred at a time, so a newsroom without a scheduler stays tidy.
"""

from django.core.management.base import BaseCommand

from images.models import BodyImage


class Command(BaseCommand):
    help = "Delete body pictures that no story uses, a day after their upload."

    def handle(self, *args, **options):
        total = 0
        while removed := BodyImage.objects.prune():
            total += removed
        self.stdout.write(self.style.SUCCESS(f"{total} unused picture(s) removed."))
