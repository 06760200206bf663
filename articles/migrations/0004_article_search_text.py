from django.db import migrations, models


def fill_search_text(apps, schema_editor):
    from newsroom.text import fold

    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("id", "title", "standfirst"):
        Article.objects.filter(pk=article.pk).update(
            search_text=fold(f"{article.title} {article.standfirst}")
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_article_match_reported")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(blank=True, editable=False, help_text="Folded title and standfirst."),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
