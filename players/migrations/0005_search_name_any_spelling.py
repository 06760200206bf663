"""Search finds a player by any spelling of the name: the stored search text is recomputed
(``Player.make_search_name``: the name's words with hyphens and apostrophes set aside, then each
multi-word name run together), and has room for both."""

from django.db import migrations, models


def make_search_name(first_name, last_name):
    # Player.make_search_name as of this migration.
    from newsroom.text import search_words

    words = search_words(f"{first_name} {last_name}")
    joined = [
        "".join(parts) for parts in (search_words(first_name), search_words(last_name)) if len(parts) > 1
    ]
    return " ".join(words + joined)


def recompute_search_names(apps, schema_editor):
    Player = apps.get_model("players", "Player")
    changed = [
        (wanted, pk)
        for pk, first, last, stored in Player.objects.values_list(
            "pk", "first_name", "last_name", "search_name"
        )
        if (wanted := make_search_name(first, last)) != stored
    ]
    table = schema_editor.connection.ops.quote_name(Player._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for start in range(0, len(changed), 1000):
            cursor.executemany(
                f"UPDATE {table} SET search_name = %s WHERE id = %s", changed[start : start + 1000]
            )


class Migration(migrations.Migration):
    dependencies = [
        ("players", "0004_photo_through_the_pipeline"),
    ]

    operations = [
        migrations.AlterField(
            model_name="player",
            name="search_name",
            field=models.CharField(db_index=True, default="", editable=False, max_length=340),
        ),
        migrations.RunPython(recompute_search_names, migrations.RunPython.noop),
    ]
