"""Store the references in the bodies of stories saved before references were stored.

From here on ``Article.save`` stores them (``articles.references``). This reads the same
``[[kind:key]]`` syntax as the Markdown pipeline, with the models as they are in this migration.
"""

import re

from django.db import migrations

REFERENCE_RE = re.compile(r"\[\[\s*(player|match|edition|tournament)\s*:\s*([^\]|\s]+)\s*(?:\|[^\]]*)?\]\]")


def store_references(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    BodyReference = apps.get_model("articles", "BodyReference")
    Player = apps.get_model("players", "Player")
    Match = apps.get_model("matches", "Match")
    Edition = apps.get_model("matches", "Edition")
    Tournament = apps.get_model("matches", "Tournament")

    def target(kind, key):
        if kind == "player":
            return Player.objects.filter(slug=key).values_list("pk", flat=True).first()
        if kind == "match":
            return (
                int(key)
                if key.isdigit() and len(key) < 12 and Match.objects.filter(pk=key).exists()
                else None
            )
        if kind == "tournament":
            return Tournament.objects.filter(slug=key).values_list("pk", flat=True).first()
        slug, _, year = key.partition("/")
        if not (year.isdigit() and len(year) == 4):
            return None
        return (
            Edition.objects.filter(tournament__slug=slug, year=int(year)).values_list("pk", flat=True).first()
        )

    for article in Article.objects.exclude(body="").only("pk", "body").iterator():
        wanted = set()
        for kind, key in REFERENCE_RE.findall(article.body):
            pk = target(kind, key)
            if pk is not None:
                wanted.add((kind, pk))
        for kind, pk in sorted(wanted):
            BodyReference.objects.get_or_create(article_id=article.pk, **{f"{kind}_id": pk})


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_body_references"),
        ("matches", "0007_round_order_tournament_keys_and_names"),
        ("players", "0005_search_name_any_spelling"),
    ]

    operations = [migrations.RunPython(store_references, migrations.RunPython.noop)]
