"""Old addresses of stories: a published story whose slug changes keeps its old URL as a 301.

The rule: an ``OldSlug`` points at the story, not at the next slug, so a story renamed twice sends
both old addresses straight to the current one (chains resolve in one hop). A live story's own slug
always wins over an old slug; and the admin refuses a slug that still redirects to another story, so
that a new story never silently takes over another story's old links. A story given back one of its
own old slugs simply stops redirecting it. Drafts and scheduled stories were never public: changing
their slug keeps nothing.
"""

from django.db import models


class OldSlug(models.Model):
    slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="old_slugs")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "old address"
        verbose_name_plural = "old addresses"

    def __str__(self):
        return f"/news/{self.slug}/ → {self.article}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()


def remember_old_slug(article) -> None:
    """Called by ``Article.save()`` before writing: keep the stored slug if it was public."""
    from django.utils import timezone

    from .models import Article, ArticleStatus

    if article.pk is None:
        return
    stored = Article.objects.filter(pk=article.pk).values_list("slug", "status", "publish_at").first()
    if stored is None or stored[0] == article.slug:
        return
    slug, status, publish_at = stored
    if status == ArticleStatus.PUBLISHED and publish_at and publish_at <= timezone.now():
        OldSlug.objects.update_or_create(slug=slug, defaults={"article": article})
    OldSlug.objects.filter(slug=article.slug, article=article).delete()


def redirect_target(slug, visible):
    """The current URL for an old ``slug`` whose story is in ``visible`` (a queryset), or None."""
    old = OldSlug.objects.filter(slug=slug, article__in=visible).select_related("article").first()
    return old.article.get_absolute_url() if old else None


def slug_taken_by_redirect(slug, article_pk):
    """The other story an old ``slug`` redirects to, if any."""
    old = OldSlug.objects.filter(slug=slug).exclude(article_id=article_pk).select_related("article").first()
    return old.article if old else None
