from django.contrib import admin
from django.utils.html import format_html

from . import html
from .models import BodyImage


@admin.register(BodyImage)
class BodyImageAdmin(admin.ModelAdmin):
    """Another way to put a picture in a body than dropping it into the editor (which needs a mouse):
    upload it here and paste the Markdown shown."""

    list_display = ["__str__", "thumbnail", "stories", "uploaded_by", "created"]
    list_select_related = ["uploaded_by"]
    list_filter = ["created"]
    date_hierarchy = "created"
    fields = ["image", "markdown_code", "stories", "uploaded_by", "created"]
    readonly_fields = ["markdown_code", "stories", "uploaded_by", "created"]

    class Media:
        css = {"all": ["css/admin-pictures.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("articles")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="picture")
    def thumbnail(self, obj):
        return html.picture(obj.image.name, alt="", sizes="8rem", css_class="list-thumbnail")

    @admin.display(description="Markdown for the body")
    def markdown_code(self, obj):
        if not obj.pk:
            return "Save to get the code to paste into a story's body."
        return format_html("<code>{}</code>", obj.markdown)

    @admin.display(description="used in")
    def stories(self, obj):
        articles = list(obj.articles.all())
        if not articles:
            return "No story yet. A picture no story uses is removed a day after its upload."
        return ", ".join(article.title for article in articles)
