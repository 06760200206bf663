"""The one row that says which generation of content the site is at (see ``pagecache.generation``)."""

from django.db import models


class Generation(models.Model):
    value = models.BigIntegerField(help_text="Moves on after every commit that changed what readers see.")
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "content generation"

    def __str__(self):
        return f"Generation {self.value}"
