from django.urls import path

from . import views

app_name = "players"

urlpatterns = [
    path("", views.player_index, name="index"),
    path("<slug:slug>/", views.player_detail, name="detail"),
    path("<slug:a>/vs/<slug:b>/", views.head_to_head, name="h2h"),
]
