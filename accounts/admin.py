from django.contrib import admin

from .models import Profile, SentAlert


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "confirmed_email", "confirmed_at"]
    search_fields = ["user__username", "user__email", "confirmed_email"]
    list_select_related = ["user"]
    readonly_fields = ["user"]


@admin.register(SentAlert)
class SentAlertAdmin(admin.ModelAdmin):
    """The record of alert e-mails sent: read-only, it is what keeps ``send_alerts`` from repeating."""

    list_display = ["user", "kind", "key", "sent_at"]
    list_filter = ["kind", "sent_at"]
    search_fields = ["user__username", "key"]
    list_select_related = ["user"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
