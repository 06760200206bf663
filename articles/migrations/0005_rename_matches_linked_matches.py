from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_search_text"),
        ("matches", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="article", old_name="matches", new_name="linked_matches"),
        migrations.AlterField(
            model_name="article",
            name="linked_matches",
            field=models.ManyToManyField(
                blank=True, related_name="articles", to="matches.match", verbose_name="matches in the story"
            ),
        ),
    ]
