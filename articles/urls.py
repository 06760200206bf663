from django.urls import path

from . import topics, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.ArticleListView.as_view(), name="list"),
    path("news/section/<slug:section>/", topics.SectionStoriesView.as_view(), name="section"),
    path("news/<slug:slug>/", views.article_detail, name="detail"),
    path("tournaments/<slug:slug>/news/", topics.TournamentStoriesView.as_view(), name="tournament-stories"),
    path("search/", views.search, name="search"),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
]
