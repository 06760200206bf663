"""``ScoreField``: a match score stored as its canonical string and read back as a ``Score``."""

import contextlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from .scores import Score, ScoreError


class ScoreDescriptor(DeferredAttribute):
    """Assigning a string parses it, so ``match.score`` is always a ``Score`` (or None) once valid.
    A string that does not parse is kept as it is, for ``full_clean()`` to report."""

    def __set__(self, instance, value):
        if isinstance(value, str):
            with contextlib.suppress(ScoreError):
                value = Score.parse(value) if value.strip() else None
        instance.__dict__[self.field.attname] = value


class ScoreField(models.CharField):
    description = "A tennis score, parsed by matches.scores.Score"
    descriptor_class = ScoreDescriptor

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return self._to_score(value, strict=False)

    def to_python(self, value):
        return self._to_score(value, strict=True)

    def run_validators(self, value):
        super().run_validators(str(value) if value else value)

    def get_prep_value(self, value):
        if value is None:
            return ""
        return str(value)

    def value_to_string(self, obj):
        return str(self.value_from_object(obj) or "")

    @staticmethod
    def _to_score(value, *, strict):
        if value is None or isinstance(value, Score):
            return value
        if not str(value).strip():
            return None
        try:
            return Score.parse(value)
        except ScoreError as error:
            if strict:
                raise ValidationError(str(error), code="invalid_score") from error
            # Stored before a rule changed: keep the page up rather than raise on read.
            return None

    def formfield(self, **kwargs):
        from django import forms

        kwargs.setdefault("form_class", forms.CharField)
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "4-6 6-3 6-4", "size": 30}))
        return super().formfield(**kwargs)
