"""``PictureField``: a model field whose every upload goes through the pipeline.

- In a form, the field checks the upload (``pipeline.check``) and a refusal is a form error; nothing is
  written until the whole form is valid and the model is saved.
- On save, any new file (from a form, ``field.save()``, a command) is checked if it was not already,
  then the master, renditions and social card are written under a new server-chosen folder.
- A replaced or cleared image, and the image of a deleted row, lose their files once the transaction
  commits, unless another row still names the same file.

Alt text lives beside the field (``<name>_alt`` and a ``<name>_decorative`` tick box);
``alt_text_errors`` is the rule the models' ``clean()`` apply.
"""

from __future__ import annotations

import contextlib
import os

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.files.base import ContentFile
from django.core.files.images import get_image_dimensions
from django.db import models, transaction
from django.db.models import signals

from . import layout, pipeline
from .specs import USES

ACCEPT = "image/jpeg,image/png,image/webp" + (",image/avif" if "AVIF" in pipeline.ACCEPTED else "")
PICTURE_FIELDS: list[PictureField] = []  # every concrete model's picture fields, for "still used?"


def store(picture: pipeline.Picture, use, storage) -> str:
    """Write the master and every rendition of ``picture`` in a new folder; return the master's name."""
    folder = layout.new_folder(use)
    files = pipeline.encode(picture, use)  # the master first
    written = []
    try:
        for filename, data in files.items():
            name = f"{folder}/{filename}"
            saved = storage.save(name, ContentFile(data))
            written.append(saved)
            if saved != name:  # the storage renamed it: the layout would not find it
                raise OSError(f"The storage saved {name} as {saved}.")
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    return written[0]


def delete_files(name: str, storage) -> None:
    """Remove an image's master, renditions and social card (or a file stored before the pipeline)."""
    stored = layout.parse(name)
    if stored is None:
        storage.delete(name)
        return
    try:
        _dirs, files = storage.listdir(stored.folder)
    except FileNotFoundError:
        files = []
    for filename in files:
        storage.delete(f"{stored.folder}/{filename}")
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(storage.path(stored.folder))  # a local folder left empty


def still_used(name: str) -> bool:
    return any(field.model._base_manager.filter(**{field.attname: name}).exists() for field in PICTURE_FIELDS)


def forget(name: str, storage, using=None) -> None:
    """Delete ``name``'s files after the current transaction commits, if no row names it then."""

    def delete():
        if not still_used(name):
            delete_files(name, storage)

    transaction.on_commit(delete, using=using)


class PictureFieldFile(models.fields.files.FieldFile):
    @property
    def stored(self) -> layout.Stored | None:
        return layout.parse(self.name)

    @property
    def width(self):
        return self._dimensions()[0]

    @property
    def height(self):
        return self._dimensions()[1]

    def _dimensions(self):
        stored = self.stored
        if stored:
            return stored.width, stored.height
        if not hasattr(self, "_legacy_dimensions"):  # a file from before the pipeline: read it once
            try:
                self._legacy_dimensions = get_image_dimensions(self, close=True)
            except (OSError, ValueError):
                self._legacy_dimensions = (None, None)
        return self._legacy_dimensions

    def save(self, name, content, save=True):
        picture = getattr(content, "picture", None)
        if picture is None:
            picture = pipeline.check(content, self.field.use)
        self.name = store(picture, self.field.use, self.storage)
        setattr(self.instance, self.field.attname, self.name)
        self._committed = True
        if save:
            self.instance.save()

    save.alters_data = True

    def delete(self, save=True):
        if not self:
            return
        if hasattr(self, "_file"):
            self.close()
            del self.file
        delete_files(self.name, self.storage)
        self.name = None
        setattr(self.instance, self.field.attname, self.name)
        self._committed = False
        if save:
            self.instance.save()

    delete.alters_data = True


class PictureWidget(AdminFileWidget):
    """The admin's file input, with a small view of the stored picture."""

    template_name = "images/widgets/picture_input.html"

    class Media:
        css = {"all": ["css/admin-pictures.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        stored = layout.parse(getattr(value, "name", None))
        if stored and getattr(value, "url", None):
            thumb = stored.widths[0]
            context["widget"]["thumbnail"] = {
                "url": value.storage.url(stored.rendition(thumb, stored.fallback)),
                "width": thumb,
                "height": round(stored.height * thumb / stored.width),
                "size": f"{stored.width} × {stored.height} px",
            }
        return context


class PictureFormField(forms.FileField):
    def __init__(self, *, use, **kwargs):
        self.use = use
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        upload.picture = pipeline.check(upload, self.use)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT
        return attrs


class PictureField(models.FileField):
    attr_class = PictureFieldFile

    def __init__(self, verbose_name=None, name=None, *, use, **kwargs):
        self.use = USES[use]
        kwargs.setdefault("max_length", 200)
        super().__init__(verbose_name, name, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["use"] = self.use.key
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if cls._meta.abstract or cls.__module__ == "__fake__":  # migrations' historical models
            return
        PICTURE_FIELDS.append(self)
        uid = f"images-{cls._meta.label}"
        signals.post_save.connect(_after_save, sender=cls, weak=False, dispatch_uid=uid)
        signals.post_delete.connect(_after_delete, sender=cls, weak=False, dispatch_uid=uid)

    def pre_save(self, model_instance, add):
        previous = None
        if not add and model_instance.pk is not None:
            previous = (
                type(model_instance)
                ._base_manager.filter(pk=model_instance.pk)
                .values_list(self.attname, flat=True)
                .first()
            )
        file = super().pre_save(model_instance, add)
        if previous and previous != file.name:
            model_instance.__dict__.setdefault("_pictures_replaced", []).append((previous, self.storage))
        return file

    def formfield(self, **kwargs):
        use = self.use
        sides = f"at least {use.min_width} × {use.min_height} px" + (", landscape" if use.landscape else "")
        defaults = {
            "form_class": PictureFormField,
            "use": use,
            "help_text": self.help_text or f"A{pipeline.ACCEPTED_TEXT[1:]} image, {sides}.",
        }
        if kwargs.get("widget") is AdminFileWidget or isinstance(kwargs.get("widget"), AdminFileWidget):
            kwargs["widget"] = PictureWidget
        return super().formfield(**{**defaults, **kwargs})


def _after_save(sender, instance, using=None, **kwargs):
    for name, storage in instance.__dict__.pop("_pictures_replaced", []):
        forget(name, storage, using)


def _after_delete(sender, instance, using=None, **kwargs):
    for field in instance._meta.concrete_fields:
        if isinstance(field, PictureField):
            file = getattr(instance, field.attname)
            if file:
                forget(file.name, field.storage, using)


def alt_text_errors(instance, image: str, alt: str, decorative: str) -> dict[str, str]:
    """An image needs alt text, or a tick saying it is decorative (then it has none)."""
    if not getattr(instance, image):
        return {}
    text = (getattr(instance, alt) or "").strip()
    if getattr(instance, decorative):
        if text:
            return {alt: "A decorative image has no alt text: clear this box, or untick “decorative”."}
        return {}
    if not text:
        return {
            alt: "Describe the image for readers who cannot see it, "
            "or tick “decorative” if it adds nothing to the page."
        }
    return {}
