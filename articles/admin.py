from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from markdownx.admin import MarkdownxModelAdmin

from newsroom.conflicts import VersionedAdminMixin, VersionedForm, VersionedStackedInline

from . import revisions
from .models import Article, ArticleStatus, Byline, Quote
from .newsroom_admin import (
    CorrectionInline,
    NewsroomViewsMixin,
    QuoteFormSet,
    StateFilter,
    check_publishable,
    check_slug,
    replace_new_quote_keys,
    state_of,
    unknown_references,
)


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name = "author"
    verbose_name_plural = "Byline (the lowest position is named first)"


class QuoteInline(VersionedStackedInline):
    model = Quote
    formset = QuoteFormSet
    extra = 1
    autocomplete_fields = ["speaker", "match"]
    fields = [
        "text",
        ("speaker", "speaker_name", "speaker_role"),
        ("match", "context", "date"),
        "position",
        "reference",
    ]
    readonly_fields = ["reference"]

    @admin.display(description="Reference for the body")
    def reference(self, obj):
        # A new quote has its reference before the first save: the save rewrites it to [[quote:N]].
        if obj is not None and obj.pk is None and getattr(obj, "new_key", None):
            return f"[[quote:{obj.new_key}]]"
        return (obj.reference if obj is not None else "") or "Given when the quote is added."


class ArticleAdminForm(VersionedForm):
    class Meta:
        model = Article
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ArticleStatus.PUBLISHED and not cleaned.get("publish_at"):
            cleaned["publish_at"] = timezone.now()
        check_publishable(self, cleaned)
        return cleaned

    def clean_slug(self):
        return check_slug(self, self.cleaned_data["slug"])


@admin.register(Article)
class ArticleAdmin(NewsroomViewsMixin, VersionedAdminMixin, MarkdownxModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["title", "section", "state", "publish_at", "visible_to_readers", "updated"]
    list_filter = [StateFilter, "section", "publish_at"]
    search_fields = ["title", "standfirst", "body", "authors__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["match", "players", "linked_matches", "edition"]
    date_hierarchy = "publish_at"
    inlines = [BylineInline, QuoteInline, CorrectionInline]
    actions = ["publish_now"]
    readonly_fields = ["created", "updated"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body"]}),
        (
            "Publishing",
            {
                "fields": ["section", "status", "publish_at", "created", "updated"],
                "description": "Times are in the newsroom's time zone. A published story with a "
                "future time goes live by itself at that time.",
            },
        ),
        ("Linked data", {"fields": ["match", "players", "linked_matches", "edition"]}),
        (
            "Hero image",
            {
                "fields": ["hero_image", "hero_alt", "hero_decorative", "hero_caption", "hero_credit"],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        css = {"all": ["css/admin-preview.css"]}
        js = ["js/quote-references.js", "js/body-pictures.js"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not request.user.has_perm("articles.publish_article"):
            # Writers write; only editors publish.
            kwargs["choices"] = [c for c in ArticleStatus.choices if c[0] != ArticleStatus.PUBLISHED]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # A published story is the editors' to change: a writer's edit would go live unreviewed.
        if obj is not None and obj.status == ArticleStatus.PUBLISHED:
            return request.user.has_perm("articles.publish_article")
        return super().has_change_permission(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    @admin.display(description="state", ordering="status")
    def state(self, obj):
        from .newsroom_admin import State

        return State.LABELS[state_of(obj)]

    @admin.display(description="live", boolean=True)
    def visible_to_readers(self, obj):
        return obj.is_published

    def save_model(self, request, obj, form, change):
        if change:
            revisions.keep_baseline(obj.pk)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        # New quotes exist only now: their [[quote:new-K]] becomes [[quote:N]], and the body is
        # rendered again so that the references resolve.
        saved = {}
        for formset in formsets:
            if isinstance(formset, QuoteFormSet):
                saved.update(formset.saved_keys())
        body = replace_new_quote_keys(article.body, saved)
        html_before = article.body_html
        article.body = body
        missing = article.render_body()
        if body != form.cleaned_data.get("body", body) or article.body_html != html_before:
            article.edited_by(request.user).save(update_fields=["body", "body_html"])
        revisions.record(article, request.user, note="" if change else "Written")
        if missing:
            self.message_user(
                request,
                format_html("Unknown references left as plain text: {}", ", ".join(missing)),
                messages.WARNING,
            )

    @admin.action(description="Publish the selected stories now", permissions=["publish"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        count = 0
        # Rows are read again and locked here, then saved whole: a change another editor saved after
        # this list was shown is kept, and every story gets a new version (open forms become stale).
        refused = []
        with transaction.atomic():
            to_publish = queryset.exclude(status=ArticleStatus.PUBLISHED, publish_at__lte=now)
            for article in to_publish.select_for_update():
                missing = unknown_references(article.body)
                if missing:
                    refused.append(f"“{article}” ({', '.join(missing)})")
                    continue
                revisions.keep_baseline(article.pk)
                article.status = ArticleStatus.PUBLISHED
                article.publish_at = (
                    article.publish_at if article.publish_at and article.publish_at > now else now
                )
                article.edited_by(request.user).save()
                revisions.record(article, request.user, note="Published from the list")
                count += 1
        if refused:
            self.message_user(
                request,
                "Not published, because they refer to what does not exist: " + "; ".join(refused),
                messages.ERROR,
            )
        self.message_user(request, f"{count} stor{'y' if count == 1 else 'ies'} published.", messages.SUCCESS)


@admin.register(Quote)
class QuoteAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "article", "match", "date"]
    list_filter = ["article__section", "article__status", "date"]
    search_fields = ["text", "speaker__last_name", "speaker_name", "article__title"]
    autocomplete_fields = ["article", "speaker", "match"]
    list_select_related = [
        "speaker",
        "article",
        "match__edition__tournament",
        "match__player1",
        "match__player2",
    ]
