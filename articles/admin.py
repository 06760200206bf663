from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from markdownx.admin import MarkdownxModelAdmin

from .models import Article, ArticleStatus, Byline, Quote


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name = "author"
    verbose_name_plural = "Byline (the lowest position is named first)"


class QuoteInline(admin.StackedInline):
    model = Quote
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
        return obj.reference or "Save the story to get a reference."


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ArticleStatus.PUBLISHED and not cleaned.get("publish_at"):
            cleaned["publish_at"] = timezone.now()
        return cleaned


@admin.register(Article)
class ArticleAdmin(MarkdownxModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "section", "status", "publish_at", "visible_to_readers", "updated"]
    list_filter = ["status", "section", "publish_at"]
    search_fields = ["title", "standfirst", "body", "authors__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["match", "players", "linked_matches", "edition"]
    date_hierarchy = "publish_at"
    inlines = [BylineInline, QuoteInline]
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
        js = ["js/body-pictures.js"]

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

    @admin.display(description="live", boolean=True)
    def visible_to_readers(self, obj):
        return obj.is_published

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Quotes added in this same form exist only now: render the body again so [[quote:N]] resolves.
        article = form.instance
        missing = article.render_body()
        Article.objects.filter(pk=article.pk).update(body_html=article.body_html)
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
        for article in queryset.exclude(status=ArticleStatus.PUBLISHED, publish_at__lte=now):
            article.status = ArticleStatus.PUBLISHED
            article.publish_at = (
                article.publish_at if article.publish_at and article.publish_at > now else now
            )
            article.save()
            count += 1
        self.message_user(request, f"{count} stor{'y' if count == 1 else 'ies'} published.", messages.SUCCESS)


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
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
