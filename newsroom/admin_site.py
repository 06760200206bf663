"""The newsroom's admin site: Django's, with choices that tell namesakes apart.

A model may give ``autocomplete_label`` (a property): autocomplete results and the choices already
selected in a form then read "Carlos Alcaraz (ESP, b. 2003, No 3 on 30 Dec 2024)" instead of the bare
name, so an editor can pick the right one of nine Alcaraz.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


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


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin_site.NewsroomAdminSite"


def labelled(formfield):
    """Give a choice field of a model with ``autocomplete_label`` those labels."""
    queryset = getattr(formfield, "queryset", None)
    if queryset is not None and hasattr(queryset.model, "autocomplete_label"):
        formfield.label_from_instance = lambda obj: obj.autocomplete_label
    return formfield
