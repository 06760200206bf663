from django.urls import path, register_converter

from . import views

app_name = "matches"


class MatchIdConverter:
    """1 to 18 digits: anything longer cannot be a bigint id, and would make PostgreSQL raise
    DataError (a 500) instead of the 404 a reader should see."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


register_converter(MatchIdConverter, "match_id")
register_converter(YearConverter, "edition_year")

urlpatterns = [
    path("matches/<match_id:pk>/", views.match_detail, name="detail"),
    path("tournaments/", views.tournament_index, name="tournaments"),
    path("tournaments/level/<slug:level>/", views.level_detail, name="level"),
    path("tournaments/level/davis-cup/<edition_year:year>/", views.davis_cup_year, name="davis-cup-year"),
    path("tournaments/<slug:slug>/", views.tournament_detail, name="tournament"),
    path("tournaments/<slug:slug>/<edition_year:year>/", views.edition_detail, name="edition"),
]
