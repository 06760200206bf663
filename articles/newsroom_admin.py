"""The story admin's newsroom tools, kept apart from the field layout in ``admin.py``:

* versions: the list of a story's revisions, a diff of each against the one before, restore;
* the reader's preview: the story page itself, for drafts too, staff only, never cached;
* corrections, added inline on the story;
* quote references before the first save: a new quote form is ``[[quote:new-K]]`` (K its place in
  the form), which the save rewrites to the quote's real ``[[quote:N]]``;
* the change list's state: Draft, In review, Scheduled, Published, with a filter;
* nothing broken reaches readers: a story with unknown references cannot be published or scheduled.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from newsroom.conflicts import VersionedStackedInline
from newsroom.locking import StaleVersion

from . import revisions
from .corrections import Correction
from .markdown import REFERENCE_RE, render
from .models import Article, ArticleStatus

NEW_QUOTE_RE = re.compile(r"\[\[(\s*quote\s*:\s*)new-(\d{1,4})(?=\s*[\]|])")


class State:
    DRAFT, REVIEW, SCHEDULED, PUBLISHED = "draft", "review", "scheduled", "published"
    LABELS = {DRAFT: "Draft", REVIEW: "In review", SCHEDULED: "Scheduled", PUBLISHED: "Published"}


def state_of(article) -> str:
    if article.status == ArticleStatus.PUBLISHED:
        return State.SCHEDULED if article.is_scheduled else State.PUBLISHED
    return State.REVIEW if article.status == ArticleStatus.IN_REVIEW else State.DRAFT


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(State.LABELS.items())

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status=ArticleStatus.PUBLISHED)
        return {
            State.DRAFT: queryset.filter(status=ArticleStatus.DRAFT),
            State.REVIEW: queryset.filter(status=ArticleStatus.IN_REVIEW),
            State.SCHEDULED: published.filter(publish_at__gt=now),
            State.PUBLISHED: published.filter(publish_at__lte=now),
        }.get(self.value(), queryset)


def unknown_references(body) -> list[str]:
    """References in ``body`` that resolve to nothing; new quotes' keys are the quote forms' to judge."""
    return [ref for ref in render(body).missing if not NEW_QUOTE_RE.match(ref)]


def check_publishable(form, cleaned):
    """A published or scheduled story may not carry a reference to nothing: a form error lists them."""
    if cleaned.get("status") != ArticleStatus.PUBLISHED or cleaned.get("body") is None:
        return
    missing = unknown_references(cleaned["body"])
    if missing:
        form.add_error(
            "body",
            "A published or scheduled story cannot refer to what does not exist: "
            f"{', '.join(missing)}. Correct these references, or keep the story as a draft.",
        )


def check_slug(form, slug):
    from .redirects import slug_taken_by_redirect

    other = slug_taken_by_redirect(slug, form.instance.pk)
    if other is not None:
        raise ValidationError(
            f"/news/{slug}/ was the address of “{other}” and now redirects there. Choose another "
            "slug, so that old links keep reaching that story."
        )
    return slug


# --- quotes: a reference before the first save -------------------------------------------------------


class QuoteFormSet(BaseInlineFormSet):
    """Gives each new quote form its key (``new-K``) and checks the story's references to them."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is None:
            form.instance.new_key = f"new-{i + 1}"
        return form

    def clean(self):
        super().clean()
        article = self.instance
        if article.status != ArticleStatus.PUBLISHED:
            return
        wanted = {key for _, key in NEW_QUOTE_RE.findall(article.body or "")}
        missing = [f"[[quote:new-{key}]]" for key in sorted(wanted - set(self.new_keys()), key=int)]
        placed = {key for kind, key, _ in REFERENCE_RE.findall(article.body or "") if kind == "quote"}
        missing += [
            f"[[quote:{form.instance.pk}]] (being deleted)"
            for form in self.forms
            if form.instance.pk is not None
            and self._should_delete_form(form)
            and str(form.instance.pk) in placed
        ]
        if missing:
            raise ValidationError(
                f"The body refers to quotes that will not exist: {', '.join(missing)}. "
                "A published or scheduled story cannot show them."
            )

    def new_keys(self):
        """Keys ('K' of ``new-K``) of the new quotes this form will save."""
        keys = []
        for i, form in enumerate(self.forms):
            if form.instance.pk is not None or not form.has_changed():
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            keys.append(str(i + 1))
        return keys

    def saved_keys(self) -> dict[str, int]:
        """After saving: 'K' -> the new quote's id."""
        return {
            str(i + 1): form.instance.pk
            for i, form in enumerate(self.forms)
            if getattr(form.instance, "new_key", None) and form.instance.pk is not None
        }


def replace_new_quote_keys(body: str, saved: dict[str, int]) -> str:
    """``[[quote:new-K]]`` -> ``[[quote:N]]`` for each new quote saved; others stay as written."""

    def swap(match):
        pk = saved.get(match[2])
        return f"[[{match[1]}{pk}" if pk else match[0]

    return NEW_QUOTE_RE.sub(swap, body or "")


# --- corrections ---------------------------------------------------------------------------------------


class CorrectionInline(VersionedStackedInline):
    model = Correction
    extra = 0
    fields = ["published_at", "text", "created_by"]
    readonly_fields = ["created_by"]
    verbose_name_plural = "corrections (shown to readers at the foot of the story)"
    formfield_overrides = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text":
            field.widget = forms.Textarea(attrs={"rows": 3, "cols": 80})
        return field


# --- versions and preview --------------------------------------------------------------------------------


class NewsroomViewsMixin:
    """Admin URLs: versions, one version against the one before, restore, and the reader's preview."""

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<int:object_id>/versions/", wrap(self.versions_view), name=f"{name}_versions"),
            path(
                "<int:object_id>/versions/<int:number>/",
                wrap(self.version_view),
                name=f"{name}_version",
            ),
            path(
                "<int:object_id>/versions/<int:number>/restore/",
                wrap(self.restore_view),
                name=f"{name}_restore",
            ),
            path("<int:object_id>/preview/", wrap(self.preview_view), name=f"{name}_preview"),
            *super().get_urls(),
        ]

    def _story(self, request, object_id, change=False):
        article = get_object_or_404(Article.objects.select_related("changed_by"), pk=object_id)
        allowed = self.has_change_permission if change else self.has_view_or_change_permission
        if not allowed(request, article):
            raise PermissionDenied
        return article

    def versions_view(self, request, object_id):
        article = self._story(request, object_id)
        kept = list(article.revisions.select_related("user"))
        changed = revisions.changed_labels(kept)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"Versions of “{article}”",
            "rows": [(revision, changed[revision.pk]) for revision in kept],
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/versions.html", context)

    def version_view(self, request, object_id, number):
        article = self._story(request, object_id)
        kept = {
            r.number: r
            for r in article.revisions.select_related("user").filter(number__in=[number - 1, number])
        }
        if number not in kept:
            raise Http404("No such version.")
        revision, before = kept[number], kept.get(number - 1)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"Version {number} of “{article}”",
            "revision": revision,
            "before": before,
            "rows": revisions.differences(before.data if before else None, revision.data),
            "is_current": number == max(article.revisions.values_list("number", flat=True)),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/version.html", context)

    def restore_view(self, request, object_id, number):
        if request.method != "POST":
            return redirect(reverse("admin:articles_article_version", args=[object_id, number]))
        article = self._story(request, object_id, change=True)
        revision = get_object_or_404(article.revisions, number=number)
        try:
            seen = int(request.POST.get("seen_version", ""))
        except ValueError:
            seen = None
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        try:
            new = revisions.restore(revision, request.user, seen)
        except StaleVersion:
            article.refresh_from_db()
            self.message_user(
                request,
                f"Not restored: {article.changed_by_label} changed the story since you opened this page. "
                "Look at the versions again and restore then if you still want to.",
                messages.ERROR,
            )
            return redirect(reverse("admin:articles_article_versions", args=[article.pk]))
        except revisions.RestoreRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect(reverse("admin:articles_article_version", args=[article.pk, number]))
        if new is None:
            self.message_user(request, f"Version {number} is what the story already says: nothing changed.")
        else:
            self.message_user(
                request, f"Version {number} restored, kept as version {new.number}.", messages.SUCCESS
            )
        return redirect(change_url)

    def preview_view(self, request, object_id):
        from .views import render_story

        article = self._story(request, object_id)
        return render_story(request, article.slug, preview=True)
