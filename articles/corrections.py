"""Corrections: dated notes an editor adds to a story when something in it was wrong.

Readers see them at the foot of the story (and "Corrected <date>" beside its date), in its feed
entry, in its NewsArticle JSON-LD as ``CorrectionComment``s, and all together, newest first, on
/corrections/. Saving one moves the story's "updated" time through the story's own ``save()``, so
the story gets a new version (open forms on it become stale) and its signals fire.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import format_html, format_html_join, linebreaks

from newsroom.locking import Versioned


class CorrectionQuerySet(models.QuerySet):
    def published(self):
        """Corrections readers may see: those of published stories, dated now or earlier."""
        from .models import Article

        return self.filter(article__in=Article.objects.published()).dated_by_now()

    def dated_by_now(self, now=None):
        return self.filter(published_at__lte=now or timezone.now())

    def newest_first(self):
        return self.select_related("article").order_by("-published_at", "-id")


class Correction(Versioned):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="corrections")
    published_at = models.DateTimeField(
        "dated", default=timezone.now, db_index=True, help_text="When the correction was made."
    )
    text = models.TextField(
        help_text="What was wrong and what is right, in a sentence or two. Plain text: readers see "
        "it at the foot of the story."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="by",
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return f"Correction to “{self.article}” ({self.published_at:%d %b %Y})"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"

    def save(self, *args, **kwargs):
        editor = self.__dict__.get("_editor")
        if self.created_by_id is None and editor is not None:
            self.created_by = editor
        super().save(*args, **kwargs)
        self.article.edited_by(editor).save(update_fields=["updated"])


def corrections_html(corrections) -> str:
    """The corrections as HTML for a feed entry (text escaped)."""
    now = timezone.now()
    corrections = [c for c in corrections if c.published_at <= now]
    if not corrections:
        return ""
    items = format_html_join(
        "",
        '<li><time datetime="{}">{}</time>: {}</li>',
        (
            (c.published_at.isoformat(), f"{timezone.localtime(c.published_at):%d %B %Y}", c.text)
            for c in corrections
        ),
    )
    return format_html("<h2>Corrections</h2><ul>{}</ul>", items)


def corrections_jsonld(corrections) -> list[dict]:
    """schema.org CorrectionComment for each correction, as the NewsArticle's ``correction``."""
    return [
        {"@type": "CorrectionComment", "text": c.text, "datePublished": c.published_at.isoformat()}
        for c in corrections
    ]


def text_html(text) -> str:
    return linebreaks(text, autoescape=True)
