from django.urls import path

from . import views

app_name = "matches"

urlpatterns = [
    path("matches/<int:pk>/", views.match_detail, name="detail"),
    path("tournaments/", views.tournament_index, name="tournaments"),
    path("tournaments/<slug:slug>/", views.tournament_detail, name="tournament"),
    path("tournaments/<slug:slug>/<int:year>/", views.edition_detail, name="edition"),
]
