from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.ArticleListView.as_view(), name="list"),
    path("news/<slug:slug>/", views.article_detail, name="detail"),
    path("search/", views.search, name="search"),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
]
