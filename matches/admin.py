from django.contrib import admin

from newsroom.conflicts import VersionedAdminMixin, VersionedStackedInline

from .models import Edition, Match, MatchStats, Tournament


@admin.register(Tournament)
class TournamentAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "level", "surface", "city", "country"]
    list_filter = ["level", "surface", "indoor"]
    search_fields = ["name", "city", "=source_id"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Edition)
class EditionAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "year", "start_date", "surface", "draw_size"]
    list_filter = ["year", "surface", "tournament__level"]
    search_fields = ["tournament__name", "name", "=year", "=source_id"]
    autocomplete_fields = ["tournament"]
    list_select_related = ["tournament"]


class MatchStatsInline(VersionedStackedInline):
    model = MatchStats
    extra = 0
    max_num = 2
    autocomplete_fields = ["player"]
    fields = [
        "player",
        ("aces", "double_faults"),
        ("serve_points", "first_serves_in"),
        ("first_serve_points_won", "second_serve_points_won"),
        ("service_games", "break_points_saved", "break_points_faced"),
        ("winners", "unforced_errors"),
    ]


@admin.register(Match)
class MatchAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "round", "status", "score_display", "date"]
    list_filter = ["status", "round", "edition__year", "edition__tournament__level"]
    search_fields = [
        "player1__last_name",
        "player2__last_name",
        "player1__search_name",
        "player2__search_name",
        "edition__tournament__name",
        "=source_id",
    ]
    autocomplete_fields = ["edition", "player1", "player2"]
    list_select_related = ["edition__tournament", "player1", "player2"]
    inlines = [MatchStatsInline]
    show_full_result_count = False
    radio_fields = {"winner_side": admin.HORIZONTAL}
    fieldsets = [
        (None, {"fields": ["edition", "round", ("date", "best_of"), "status"]}),
        ("Player 1", {"fields": ["player1", ("p1_seed", "p1_entry", "p1_rank", "p1_rank_points")]}),
        ("Player 2", {"fields": ["player2", ("p2_seed", "p2_entry", "p2_rank", "p2_rank_points")]}),
        ("Result", {"fields": ["winner_side", "score", "score_text", "duration_minutes"]}),
        ("Data", {"fields": ["source_id"], "classes": ["collapse"]}),
    ]

    @admin.display(description="score")
    def score_display(self, obj):
        return obj.score.display if obj.score else obj.score_note or "–"


@admin.register(MatchStats)
class MatchStatsAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "aces", "double_faults", "winners", "unforced_errors"]
    list_filter = ["match__edition__year", "match__edition__tournament__level"]
    search_fields = ["player__last_name", "match__edition__tournament__name"]
    autocomplete_fields = ["match", "player"]
    list_select_related = ["player", "match__edition__tournament", "match__player1", "match__player2"]
