from django.core.management.base import BaseCommand

from articles import demo


class Command(BaseCommand):
    help = "Write the demo newsroom: the Norrie–Alcaraz story and everything it links to (idempotent)."

    def handle(self, *args, **options):
        article = demo.load()
        self.stdout.write(self.style.SUCCESS(f"Demo story ready: {article.get_absolute_url()}"))
