"""Stale admin forms: refused, explained, and nothing the editor typed is lost.

Every versioned admin form (``VersionedForm``) carries the row's version in a hidden field and, for
each field, the value it showed when it was opened (Django's ``show_hidden_initial``). So on a save
we know three things per field: what the editor opened (base), what is stored now (theirs) and what
was sent (yours). When the stored version is no longer the one opened, the save is refused and the
form comes back *merged*:

* fields only they changed show their value (an untouched field never undoes their work);
* fields only you changed keep yours;
* fields you both changed keep yours, with theirs shown beside it;
* the hidden version and base become theirs, so saving again is a decision made having seen them.

``Conflict`` holds that comparison for the template (``admin/includes/conflict.html``).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property

from .admin_site import labelled
from .diffs import line_diff, normalise
from .locking import StaleVersion, Versioned

EMPTY = "—"


@dataclass
class FieldDifference:
    name: str
    label: str
    theirs: str
    yours: str
    you_changed: bool
    they_changed: bool
    hunks: list = field(default_factory=list)

    @property
    def both_changed(self):
        return self.you_changed and self.they_changed


@dataclass
class Conflict:
    """How the stored row differs from a stale form: who, when, and field by field."""

    verbose_name: str
    changed_by: str
    changed_at: datetime | None
    their_version: int
    your_version: int | None
    differences: list[FieldDifference]

    @property
    def both_changed(self):
        return [d for d in self.differences if d.both_changed]

    @property
    def message(self):
        when = f" at {_when(self.changed_at)}" if self.changed_at else ""
        opened = f"version {self.your_version}" if self.your_version else "an older version"
        text = (
            f"Not saved: {self.changed_by} changed this {self.verbose_name}{when} (version "
            f"{self.their_version}), after you opened {opened}. "
        )
        if not any(d.they_changed for d in self.differences):
            return text + "They changed nothing this form shows, so saving again keeps both: save again."
        both = ", ".join(d.label for d in self.both_changed)
        if both:
            text += f"You both changed {both}: the form keeps yours, theirs is shown beside it. "
        if any(d.they_changed and not d.you_changed for d in self.differences):
            text += "Their other changes are now in the form. "
        return text + "Check the differences below, then save again."


class VersionedForm(forms.ModelForm):
    """A model form that refuses to save over a version it did not show (see the module docstring)."""

    # Not "version": that is the model's own field, which the form never writes.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.is_bound:
            self.data = _normalised(self.data)
        if self.instance.pk is not None:
            self.initial["seen_version"] = self.instance.version
        for name, form_field in self.fields.items():
            if name != "seen_version" and not isinstance(form_field, forms.FileField):
                form_field.show_hidden_initial = True

    @cached_property
    def changed_data(self):
        """The fields the editor changed since opening the form (never the hidden version, which
        says what was opened, not what was changed): what the admin's history records."""
        return [name for name in super().changed_data if name != "seen_version"]

    @property
    def edited_fields(self):
        return self.changed_data

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and self.edited_fields:
            self._check_version(cleaned.get("seen_version"))
        return cleaned

    def _check_version(self, seen):
        model = type(self.instance)
        rows = model._base_manager.filter(pk=self.instance.pk).select_related("changed_by")
        if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
            rows = rows.select_for_update(of=("self",))  # held until the save commits
        current = rows.first()
        if current is None or current.version == seen:
            return
        self.conflict = compare(self, current, seen)
        merge(self, current)
        raise ValidationError(self.conflict.message, code="stale")


def compare(form, current, seen) -> Conflict:
    theirs = _model_values(form, current)
    differences = []
    for name, value in theirs.items():
        form_field, bound = form.fields[name], form[name]
        yours_raw = bound.data
        base_raw = form._widget_data_value(form_field.hidden_widget(), bound.html_initial_name)
        differs = form_field.has_changed(value, yours_raw)
        if base_raw is None:  # a form sent without what it showed: every field counts as yours
            they_changed, you_changed = differs, True
        else:
            they_changed = form_field.has_changed(value, base_raw)
            you_changed = name in form.changed_data
        if not (differs or they_changed):
            continue
        yours = form.cleaned_data.get(name, yours_raw)
        their_text, your_text = display(form_field, value), display(form_field, yours)
        hunks = []
        if _is_long(their_text) or _is_long(your_text):
            hunks = line_diff(their_text, your_text)
        differences.append(
            FieldDifference(
                name=name,
                label=str(form_field.label or name).capitalize(),
                theirs=their_text,
                yours=your_text,
                you_changed=you_changed and differs,
                they_changed=they_changed,
                hunks=hunks,
            )
        )
    return Conflict(
        verbose_name=str(current._meta.verbose_name),
        changed_by=current.changed_by_label,
        changed_at=current.changed_at,
        their_version=current.version,
        your_version=seen,
        differences=differences,
    )


def merge(form, current):
    """Rewrite the form's data: their value where only they changed a field, theirs as every base,
    their version in the hidden field. What the editor changed stays as typed."""
    data = form.data.copy()
    for name, value in _model_values(form, current).items():
        form_field, bound = form.fields[name], form[name]
        base_raw = form._widget_data_value(form_field.hidden_widget(), bound.html_initial_name)
        only_theirs = (
            base_raw is not None and name not in form.changed_data and form_field.has_changed(value, base_raw)
        )
        if only_theirs:
            _put(data, form_field, bound.html_name, value)
        _put(data, form_field, bound.html_initial_name, value)
    _set(data, form.add_prefix("seen_version"), [str(current.version)])
    form.data = data


def display(form_field, value) -> str:
    """A value as an editor reads it: labels for choices and related rows, dates in words."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        items = list(value)
        if items and not hasattr(items[0], "pk"):
            items = list(form_field.queryset.filter(pk__in=items))
        return ", ".join(form_field.label_from_instance(item) for item in items) or EMPTY
    if isinstance(form_field, forms.ModelChoiceField):
        item = value if hasattr(value, "pk") else form_field.queryset.filter(pk=value).first()
        return form_field.label_from_instance(item) if item is not None else str(value)
    if isinstance(form_field, forms.ChoiceField):
        labels = {str(k): v for k, v in form_field.choices if not isinstance(v, list | tuple)}
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime | date):
        return _when(value)
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value if v) or EMPTY
    return normalise(str(value))


class VersionedAdminMixin:
    """For a ModelAdmin of a ``Versioned`` model: the hidden version, the conflict screen, saves
    credited to the editor, nothing written when nothing changed, and a warning before leaving a
    form with unsaved changes."""

    form = VersionedForm
    change_form_template = "admin/versioned_change_form.html"

    def get_fieldsets(self, request, obj=None):
        return _with_version(super().get_fieldsets(request, obj))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return labelled(formfield) if formfield is not None else formfield

    def save_model(self, request, obj, form, change):
        if change and isinstance(form, VersionedForm) and not form.edited_fields:
            return  # a save that changes nothing writes nothing: no new version, no stale forms elsewhere
        obj.edited_by(request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if isinstance(inline_form.instance, Versioned):
                inline_form.instance.edited_by(request.user)
        super().save_formset(request, form, formset, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersion:
            # Someone saved between our check and our write (possible where the database cannot
            # lock a row on read): everything was rolled back; the second pass shows the conflict.
            return super().changeform_view(request, object_id, form_url, extra_context)

    @property
    def media(self):
        return super().media + forms.Media(js=["js/unsaved-changes.js"])


class VersionedInlineMixin:
    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        return _with_version(super().get_fieldsets(request, obj))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return labelled(formfield) if formfield is not None else formfield


class VersionedStackedInline(VersionedInlineMixin, admin.StackedInline):
    pass


class VersionedTabularInline(VersionedInlineMixin, admin.TabularInline):
    pass


# --- helpers ---------------------------------------------------------------------------------------


def _with_version(fieldsets):
    names = {
        name
        for _, options in fieldsets
        for line in options.get("fields", ())
        for name in (line if isinstance(line, list | tuple) else [line])
    }
    if "seen_version" in names:
        return fieldsets
    fieldsets = [(title, dict(options)) for title, options in fieldsets]
    fieldsets[0][1]["fields"] = [*fieldsets[0][1].get("fields", ()), "seen_version"]
    return fieldsets


def _model_values(form, instance):
    model_fields = {f.name for f in instance._meta.get_fields()}
    names = [
        name
        for name, form_field in form.fields.items()
        if name in model_fields and not isinstance(form_field, forms.FileField)
    ]
    return model_to_dict(instance, fields=names)


def _put(data, form_field, html_name, value):
    """Write ``value`` into form data the way the field's hidden widget would send it."""
    widget = form_field.hidden_widget()
    context = widget.get_context(html_name, form_field.prepare_value(value), {})["widget"]
    subwidgets = context.get("subwidgets")
    if isinstance(widget, forms.MultipleHiddenInput):
        _set(data, html_name, [str(sub["value"]) for sub in subwidgets or ()])
    elif subwidgets:
        for sub in subwidgets:
            _set(data, sub["name"], ["" if sub["value"] is None else str(sub["value"])])
    else:
        _set(data, html_name, ["" if context["value"] is None else str(context["value"])])


def _set(data, name, values):
    if hasattr(data, "setlist"):
        data.setlist(name, values)
    else:
        data[name] = values if len(values) != 1 else values[0]


def _normalised(data):
    """Form data with ``\\r\\n`` read as ``\\n``: browsers send textareas with CRLF, and an untouched
    body must not count as changed."""
    if not any(isinstance(v, str) and "\r" in v for v in _values(data)):
        return data
    copy = data.copy()
    if hasattr(copy, "setlist"):
        for key in list(copy):
            copy.setlist(key, [normalise(v) if isinstance(v, str) else v for v in copy.getlist(key)])
    else:
        for key, value in copy.items():
            copy[key] = normalise(value) if isinstance(value, str) else value
    return copy


def _values(data):
    if hasattr(data, "lists"):
        return [v for _, values in data.lists() for v in values]
    return list(data.values())


def _is_long(text):
    return "\n" in text or len(text) > 120


def _when(value):
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "j M Y, H:i T")
    return date_format(value, "j M Y")
