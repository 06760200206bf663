"""GZip for pages that hold no secret.

HTML compresses five to eight times (a 100 KB draw sends 12 KB). But compression next to a secret
leaks the secret to an attacker who can add text to the page and watch its size (BREACH): a CSRF
token in a form, or anything personal on a signed-in reader's page. So only the pages that hold
neither are compressed: responses that set no cookie (a CSRF token on the page sets or renews its
cookie) to a request with no session cookie. Those are the pages the page cache shares, and it
stores them compressed (one entry per encoding), so a cached page costs nothing to compress. Sign-in
and sign-up forms, the admin and every signed-in page go out uncompressed; a TLS proxy in front
should not compress them either.
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        personal = (
            response.cookies
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )
        if personal:
            return response
        return super().process_response(request, response)
