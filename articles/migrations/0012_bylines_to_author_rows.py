"""Free-text bylines become Author rows: "By Jane Smith and John Doe" gives two authors, in that
order; the same name on several stories is one author. Going back joins the names again."""

import re

from django.db import migrations
from django.utils.text import slugify

SEPARATORS = re.compile(r"\s*(?:,|&|\band\b)\s*", re.IGNORECASE)


def names_in(byline):
    text = re.sub(r"^\s*by\s+", "", byline, flags=re.IGNORECASE)
    return [name.strip() for name in SEPARATORS.split(text) if name.strip()]


def forwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Author = apps.get_model("authors", "Author")
    Byline = apps.get_model("articles", "Byline")
    authors = {author.name.casefold(): author for author in Author.objects.all()}
    slugs = set(Author.objects.values_list("slug", flat=True))
    for article in Article.objects.exclude(byline="").only("pk", "byline").order_by("pk"):
        for position, name in enumerate(dict.fromkeys(names_in(article.byline))):
            author = authors.get(name.casefold())
            if author is None:
                base = slugify(name)[:110] or "author"
                slug, number = base, 2
                while slug in slugs:
                    slug, number = f"{base}-{number}", number + 1
                slugs.add(slug)
                author = authors[name.casefold()] = Author.objects.create(name=name[:120], slug=slug)
            Byline.objects.get_or_create(article=article, author=author, defaults={"position": position})


def backwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    for article in Article.objects.filter(bylines__isnull=False).distinct():
        names = [b.author.name for b in Byline.objects.filter(article=article).order_by("position", "id")]
        Article.objects.filter(pk=article.pk).update(byline=" and ".join(names)[:200])


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_bylines_are_authors")]

    operations = [migrations.RunPython(forwards, backwards)]
