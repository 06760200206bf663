"""Pictures uploaded into story bodies.

Heroes and photos belong to their row (``PictureField`` on the model). A picture dropped into a
body is a ``BodyImage`` of its own: the body names it by URL in plain Markdown
(``![alt text](/media/images/body/…/master-….jpg)``), and the story keeps a list of the pictures
its body uses (``Article.body_images``). A picture no story uses a day after its upload is removed
with its files (``BodyImage.objects.prune()``, run on every upload and by ``manage.py prune_images``):
the day leaves time to save the story it was dropped into.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .fields import PictureField

ALT_PLACEHOLDER = "Describe the picture for readers who cannot see it"
GRACE = timedelta(days=1)


class BodyImageQuerySet(models.QuerySet):
    def unused(self, now=None):
        cutoff = (now or timezone.now()) - GRACE
        return self.filter(created__lt=cutoff, articles__isnull=True)

    def prune(self, now=None, limit=100):
        """Delete pictures no story uses, one by one so their files go too. Returns how many."""
        stale = list(self.unused(now)[:limit])
        for picture in stale:
            picture.delete()
        return len(stale)


class BodyImage(models.Model):
    image = PictureField("picture", use="body", unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = BodyImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = "picture for story bodies"
        verbose_name_plural = "pictures for story bodies"

    def __str__(self):
        stored = self.image.stored
        size = f"{stored.width} × {stored.height} px" if stored else "no file"
        return f"Picture {self.pk} ({size})"

    def get_absolute_url(self):
        return self.image.url

    @property
    def markdown(self):
        """What goes into a body: the editor replaces the placeholder with a description."""
        return f"![{ALT_PLACEHOLDER}]({self.image.url})" if self.image else ""
