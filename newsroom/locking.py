"""Optimistic locking: every row that editors change carries a version number.

The rule, for every writer (admin forms and actions, services, the data import):

* a write of a versioned row sets ``version = version + 1`` and is made only if the row still has
  the version the writer read: ``UPDATE … SET …, version = version + 1 WHERE id = %s AND version = %s``;
* a write that finds another version changes nothing. ``save()`` raises ``StaleVersion``; an admin
  form is refused with the conflict (who changed the row, when, their values beside yours) and keeps
  what the editor typed; the data import leaves the row and reports it (``matches.atp_import.writes``).

``changed_by``/``changed_at`` say who made the newest version: an editor, or nobody for the data
import and scripts. The forms and the admin side are in ``newsroom.conflicts``.
"""

from django.conf import settings
from django.db import models
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

LOCK_FIELDS = ("version", "changed_at", "changed_by")


class StaleVersion(Exception):
    """The row was changed by someone else after it was read: the write was not made."""

    def __init__(self, instance, expected):
        self.instance = instance
        self.expected = expected
        super().__init__(f"{instance._meta.verbose_name} {instance.pk} is no longer at version {expected}")


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)
    changed_at = models.DateTimeField("last changed", null=True, blank=True, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="last changed by",
    )

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        """A row read from the database, as Django's ``from_db()`` makes it, in a third of the time
        (a page of results builds a hundred of these): each column is put in the instance's
        ``__dict__`` directly, through the field's descriptor only where it has a setter of its own
        (a score, an image); columns not read stay deferred, as with Django's. With a receiver of
        ``pre_init`` or ``post_init`` for the model, Django's own way."""
        if (pre_init.receivers or post_init.receivers) and (
            pre_init.has_listeners(cls) or post_init.has_listeners(cls)
        ):
            return super().from_db(db, field_names, values)
        setters = cls.__dict__.get("_column_setters")
        if setters is None:
            setters = cls._column_setters = frozenset(
                field.attname
                for field in cls._meta.concrete_fields
                if hasattr(type(getattr(cls, field.attname, None)), "__set__")
                and not isinstance(getattr(cls, field.attname), ForeignKeyDeferredAttribute)
            )
        new = cls.__new__(cls)
        state = new._state = ModelState()
        state.adding = False
        state.db = db
        attributes = new.__dict__
        for name, value in zip(field_names, values, strict=True):
            if name in setters:
                setattr(new, name, value)
            else:
                attributes[name] = value
        return new

    def _get_FIELD_display(self, field):
        """``get_<field>_display()`` as Django's, with each field's choices made into a dict once a
        process rather than on every call (pages show a round or a section many times over)."""
        choices = field.__dict__.get("_display_choices")
        if choices is None:
            choices = field._display_choices = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(choices.get(make_hashable(value), value), strings_only=True)

    def save(self, *args, **kwargs):
        """Save if the row is still at ``self.version`` (else ``StaleVersion``), as ``version + 1``.

        Who saves is set with ``edited_by(user)`` just before; a save without it is nobody's (a
        script, the import), so ``changed_by`` never credits an editor with a change they did not make.
        """
        adding = self._state.adding
        expected = self.version
        editor = self.__dict__.pop("_editor", None)
        self._expected_version = None if adding else expected
        if not adding:
            self.version = expected + 1
        previous = (self.changed_at, self.changed_by_id)
        self.changed_at = timezone.now()
        self.changed_by = editor
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *LOCK_FIELDS}
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.version = expected
            self.changed_at, self.changed_by_id = previous
            raise
        finally:
            self._expected_version = None

    def edited_by(self, user):
        """Credit the next ``save()`` to ``user``; returns the instance for chaining."""
        self._editor = user if user is not None and user.is_authenticated else None
        return self

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        if base_qs.filter(pk=pk_val, version=expected)._update(values) > 0:
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleVersion(self, expected)
        return False  # the row is gone: Django inserts it again, as it would without a version

    @property
    def changed_by_label(self):
        """Who made the newest version, for messages: a name, or what nobody means."""
        user = self.changed_by
        if user is None:
            return "the data import or a script"
        return user.get_full_name() or user.get_username()
