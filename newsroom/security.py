"""Response headers Django 5.2 does not send by itself: Permissions-Policy and
Cross-Origin-Resource-Policy, from settings (``PERMISSIONS_POLICY``, ``CROSS_ORIGIN_RESOURCE_POLICY``).

The rest of the set comes from Django's ``SecurityMiddleware`` (HSTS, nosniff, Referrer-Policy,
Cross-Origin-Opener-Policy), ``XFrameOptionsMiddleware`` and django-csp's ``CSPMiddleware``. Headers a
view set itself are kept (``setdefault``): the media view sends its own, stricter ones.

The middleware sits just after ``SecurityMiddleware``, ahead of WhiteNoise, so static files get the
headers too, and every response a later middleware answers (a page cache) passes back through it.
"""

from django.conf import settings


def permissions_policy(features):
    """``{"camera": [], "fullscreen": ["self"]}`` → ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in features.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            name: value
            for name, value in (
                ("Permissions-Policy", permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))),
                ("Cross-Origin-Resource-Policy", getattr(settings, "CROSS_ORIGIN_RESOURCE_POLICY", "")),
            )
            if value
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response
