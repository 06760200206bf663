"""Root URLconf: each app mounts its own urls; the markdownx endpoints are ours, behind staff login."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from articles import editor_views

admin.site.site_header = "Baseline newsroom"
admin.site.site_title = "Baseline newsroom"
admin.site.index_title = "Stories and data"

urlpatterns = [
    path("", include("articles.urls")),
    path("players/", include("players.urls")),
    path("", include("matches.urls")),
    path("accounts/", include("accounts.urls")),
    path("following/", accounts_views.following, name="following"),
    path(
        "editor/markdownx/markdownify/", editor_views.MarkdownifyView.as_view(), name="markdownx_markdownify"
    ),
    path("editor/markdownx/upload/", editor_views.ImageUploadView.as_view(), name="markdownx_upload"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
