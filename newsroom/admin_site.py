"""The newsroom's admin site: Django's, with choices that tell namesakes apart.

A model may give ``autocomplete_label`` (a property): autocomplete results and the choices already
selected in a form then read "Carlos Alcaraz (ESP, b. 2003, No 3 on 30 Dec 2024)" instead of the bare
name, so an editor can pick the right one of nine Alcaraz.

Its sign-in resists guessing: the same limits as the reader sign-in (per client address and per
account, counted together across both forms, ``accounts.ratelimit``), answered with HTTP 429, a
Retry-After header and a message that says how long to wait.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import reverse

from accounts import ratelimit


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(obj, "autocomplete_label", None)
        if label:
            result["text"] = label
        return result


class NewsroomAdminSite(AdminSite):
    site_header = "Baseline newsroom"
    site_title = "Baseline newsroom"
    index_title = "Stories and data"

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def login(self, request, extra_context=None):
        if request.method == "POST":
            from accounts.views import SIGNIN_BY_ACCOUNT, SIGNIN_BY_IP

            username = request.POST.get("username", "")
            over = ratelimit.check(
                request,
                [(SIGNIN_BY_IP, ratelimit.client_ip(request)), (SIGNIN_BY_ACCOUNT, username)],
            )
            if over:
                return self._too_many_attempts(request, username, over, extra_context)
        return super().login(request, extra_context)

    def _too_many_attempts(self, request, username, limit, extra_context):
        """The sign-in form again, unchecked (no password is tried), with the wait to respect."""
        from django.contrib.admin.forms import AdminAuthenticationForm

        form_class = self.login_form or AdminAuthenticationForm
        request.current_app = self.name
        context = {
            **self.each_context(request),
            "title": "Log in",
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
            "form": form_class(request, initial={"username": username}),
            REDIRECT_FIELD_NAME: request.POST.get(REDIRECT_FIELD_NAME)
            or reverse("admin:index", current_app=self.name),
            **(extra_context or {}),
        }
        return ratelimit.too_many_attempts(request, self.login_template or "admin/login.html", context, limit)


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin_site.NewsroomAdminSite"


def labelled(formfield):
    """Give a choice field of a model with ``autocomplete_label`` those labels."""
    queryset = getattr(formfield, "queryset", None)
    if queryset is not None and hasattr(queryset.model, "autocomplete_label"):
        formfield.label_from_instance = lambda obj: obj.autocomplete_label
    return formfield
