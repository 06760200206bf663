"""Values every page template needs."""

from django.conf import settings


def site(request):
    return {"SITE_NAME": "Baseline", "SITE_URL": settings.SITE_URL, "DATA_SOURCE": settings.DATA_SOURCE}
