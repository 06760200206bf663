"""The people who write the stories: each byline is an author with a page and a feed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from images.fields import PictureField, alt_text_errors


class Author(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(max_length=120, blank=True, help_text="e.g. “Tennis correspondent”.")
    bio = models.TextField("short bio", max_length=600, blank=True, help_text="Two or three sentences.")
    photo = PictureField(use="author", blank=True)
    photo_alt = models.CharField("photo alt text", max_length=200, blank=True)
    photo_decorative = models.BooleanField(
        "decorative photo",
        default=False,
        help_text="Tick only if the photo adds nothing a reader needs; it then has no alt text.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        limit_choices_to={"is_staff": True},
        help_text="The newsroom account of this author, if they have one.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("authors:detail", args=[self.slug])

    def clean(self):
        if errors := alt_text_errors(self, "photo", "photo_alt", "photo_decorative"):
            raise ValidationError(errors)
