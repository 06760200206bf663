from django.contrib import admin

from newsroom.conflicts import VersionedAdminMixin

from .models import Follow, Player, RankingEntry


@admin.register(Player)
class PlayerAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "country", "current_rank", "birth_date", "plays", "source_id"]
    list_filter = ["plays", "country"]
    search_fields = ["first_name", "last_name", "search_name", "=source_id", "=wikidata_id"]
    prepopulated_fields = {"slug": ["first_name", "last_name"]}
    readonly_fields = ["current_rank", "current_points", "ranked_on", "created", "updated"]
    list_select_related = True
    show_full_result_count = False
    fieldsets = [
        (
            None,
            {"fields": ["first_name", "last_name", "slug", "country", "birth_date", "height_cm", "plays"]},
        ),
        ("Photo", {"fields": ["photo", "photo_alt", "photo_decorative", "photo_credit"]}),
        ("Profile", {"fields": ["bio"]}),
        (
            "Data",
            {
                "fields": [
                    "source_id",
                    "wikidata_id",
                    "current_rank",
                    "current_points",
                    "ranked_on",
                    "created",
                    "updated",
                ]
            },
        ),
    ]

    def get_search_results(self, request, queryset, search_term):
        # Accent-insensitive: an editor typing "baez" finds "Báez".
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            queryset |= self.model.objects.search(search_term)
        return queryset, may_have_duplicates


@admin.register(RankingEntry)
class RankingEntryAdmin(admin.ModelAdmin):
    list_display = ["week", "rank", "player", "points"]
    list_filter = ["week"]
    search_fields = ["player__first_name", "player__last_name"]
    autocomplete_fields = ["player"]
    list_select_related = ["player"]
    date_hierarchy = "week"
    show_full_result_count = False


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "player", "created", "story_alerts", "digest"]
    list_filter = ["created", "story_alerts", "digest"]
    search_fields = ["user__username", "player__last_name"]
    autocomplete_fields = ["player", "user"]
    list_select_related = ["user", "player"]
