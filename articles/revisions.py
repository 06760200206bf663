"""Versions of a story: who saved what, when, what changed, and restoring any of them.

Every save of a story that changes something keeps a ``Revision``: a snapshot of its fields (each
with the value as stored and as an editor reads it), its linked players and matches, and, for
reading only, its quotes and corrections. A save that changes nothing keeps nothing. The admin shows
the list, a diff of any version against the one before (the body line by line), and restores any
version: restoring writes the story again through ``save()`` (a new version of the row, signals
sent) and is itself kept as a new revision.

Why our own model and not django-reversion or django-simple-history: both store snapshots, but
neither diffs a body line by line or skips a save that changed nothing without add-ons, both want
their own admin base class (ours already combine markdownx and the version lock), and a restore must
go through the same version check as every other save. A snapshot model of our own is smaller than
the glue either would need.

What a restore leaves alone: the publishing state (status, time) and the address (slug), which are
decisions of today rather than content, images (their files may be gone) and quotes (data in their
own right, shown on player and match pages, edited in the story's quote forms).
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format

from newsroom.diffs import line_diff
from newsroom.locking import StaleVersion

NOT_KEPT = {"id", "body_html", "search_text", "version", "changed_at", "changed_by", "created", "updated"}
NOT_RESTORED = {"status", "publish_at", "slug"}
READ_ONLY = {"quotes": "Quotes", "corrections": "Corrections"}


class Revision(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="1 for the first version kept, then 2, 3…")
    article_version = models.PositiveIntegerField(help_text="The story's version number after that save.")
    created = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    data = models.JSONField(help_text="Field name -> {'value': as stored, 'text': as an editor reads it}.")

    class Meta:
        ordering = ["article", "-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number")]

    def __str__(self):
        return f"{self.article} — version {self.number}"

    @property
    def user_label(self):
        if self.user is None:
            return "a script or the data import"
        return self.user.get_full_name() or self.user.get_username()


def snapshot(article) -> dict:
    """The story as kept in a revision: JSON-ready, comparable with ``==``."""
    data = {}
    for field in article._meta.concrete_fields:
        if field.name in NOT_KEPT or not field.editable:
            continue
        value = field.value_from_object(article)
        stored = None if value is None else field.value_to_string(article)
        data[field.name] = {"value": stored, "text": _readable(article, field)}
    for field in article._meta.many_to_many:
        items = sorted(getattr(article, field.name).all(), key=lambda item: item.pk)
        data[field.name] = {"value": [item.pk for item in items], "text": "\n".join(map(str, items))}
    quotes = article.quotes.select_related("speaker").order_by("position", "id")
    data["quotes"] = {"text": "\n".join(f"{q.speaker_display}: “{q.text}”" for q in quotes)}
    corrections = article.corrections.order_by("published_at", "id")
    data["corrections"] = {"text": "\n".join(f"{_when(c.published_at)}: {c.text}" for c in corrections)}
    return data


def record(article, user=None, note="") -> Revision | None:
    """Keep the story as it now is, unless it is exactly as last kept. Returns the new revision."""
    data = snapshot(article)
    last = article.revisions.order_by("-number").first()
    if last is not None and last.data == data:
        return None
    return Revision.objects.create(
        article=article,
        number=(last.number + 1) if last else 1,
        article_version=article.version,
        user=user if user is not None and user.is_authenticated else None,
        note=note,
        data=data,
    )


def keep_baseline(article_pk):
    """Before the first kept change of a story written before versions were kept, keep it as it was."""
    from .models import Article

    if Revision.objects.filter(article_id=article_pk).exists():
        return
    stored = Article.objects.select_related("changed_by").filter(pk=article_pk).first()
    if stored is not None:
        revision = record(stored, stored.changed_by, note="As it was before versions were kept")
        Revision.objects.filter(pk=revision.pk).update(created=stored.changed_at or stored.updated)


def differences(before: dict | None, after: dict) -> list[dict]:
    """Field by field, what changed from ``before`` to ``after`` (two snapshots), for the admin."""
    from .models import Article

    rows = []
    for name, entry in after.items():
        old = (before or {}).get(name, {}).get("text", "")
        new = entry.get("text", "")
        if old == new:
            continue
        rows.append(
            {
                "name": name,
                "label": _label(Article, name),
                "before": old,
                "after": new,
                "hunks": line_diff(old, new) if _is_long(old) or _is_long(new) else [],
            }
        )
    return rows


def changed_labels(revisions) -> dict[int, list[str]]:
    """For each revision (newest first, as listed), the labels of the fields it changed."""
    ordered = sorted(revisions, key=lambda r: r.number)
    labels, previous = {}, None
    for revision in ordered:
        if previous is not None:  # the first kept is the story as it was: nothing "changed"
            labels[revision.pk] = [row["label"] for row in differences(previous, revision.data)]
        else:
            labels[revision.pk] = []
        previous = revision.data
    return labels


class RestoreRefused(Exception):
    pass


def restore(revision, user, seen_version) -> Revision | None:
    """Write ``revision``'s content back into its story as a new version (see the module docstring).

    ``seen_version`` is the story version the editor was looking at: if the story has changed since,
    ``StaleVersion`` is raised and nothing is written. A published story is not given back a body
    with references that no longer resolve (``RestoreRefused``)."""
    from .models import Article

    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=revision.article_id)
        if article.version != seen_version:
            raise StaleVersion(article, seen_version)
        m2m = {}
        for name, entry in revision.data.items():
            if name in NOT_RESTORED or name in READ_ONLY:
                continue
            field = _field(Article, name)
            if field is None or isinstance(field, models.FileField):
                continue
            if field.many_to_many:
                m2m[field] = list(field.related_model.objects.filter(pk__in=entry["value"]))
            elif field.is_relation:
                value = field.to_python(entry["value"])
                exists = value is not None and field.related_model.objects.filter(pk=value).exists()
                setattr(article, field.attname, value if exists else None)
            else:
                setattr(article, field.attname, field.to_python(entry["value"]))
        missing = article.render_body()
        if missing and article.status == "published":
            raise RestoreRefused(
                f"Version {revision.number} refers to what no longer exists ({', '.join(missing)}): "
                "a published story cannot show that. Copy what you need from it instead."
            )
        article.edited_by(user).save()
        for field, items in m2m.items():
            getattr(article, field.name).set(items)
        return record(article, user, note=f"Restored version {revision.number}")


# --- helpers ---------------------------------------------------------------------------------------


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


def _label(model, name):
    if name in READ_ONLY:
        return READ_ONLY[name]
    field = _field(model, name)
    return str(field.verbose_name).capitalize() if field is not None else name


def _readable(article, field):
    value = field.value_from_object(article)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = getattr(article, field.name)
        return str(related) if related is not None else ""
    if hasattr(value, "tzinfo") or hasattr(value, "year"):
        return _when(value)
    return str(value)


def _when(value):
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
        return date_format(value, "j M Y, H:i T")
    return date_format(value, "j M Y")


def _is_long(text):
    return "\n" in text or len(text) > 120
