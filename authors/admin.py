from django.contrib import admin

from .models import Author


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "user", "updated"]
    search_fields = ["name", "role", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    # A plain list of staff accounts: an autocomplete would need Editors to be allowed to view users.
    list_select_related = ["user"]
    readonly_fields = ["created", "updated"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "role", "bio", "user"]}),
        ("Photo", {"fields": ["photo", "photo_alt", "photo_decorative"]}),
        ("History", {"fields": ["created", "updated"]}),
    ]
