"""Uploaded media, served as images only.

Every response says what it is (the type comes from the extension, and only image extensions are
served; anything else is a 404) and carries ``X-Content-Type-Options: nosniff`` and a CSP that lets
nothing run, so a file can never be taken for a page. Files in the pipeline's folders never change
(a new upload gets a new folder), so browsers may keep them for a year.

Django serves ``/media/`` itself unless ``SERVE_MEDIA=0``, for sites that put a web server or a CDN
in front: that server must send the same headers.
"""

import posixpath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.views.static import serve

from .layout import MIME_TYPES

TYPES = {f".{ext}": mime for ext, mime in MIME_TYPES.items()} | {".jpeg": "image/jpeg"}


def media(request, path):
    extension = posixpath.splitext(path)[1].lower()
    if extension not in TYPES or request.method not in ("GET", "HEAD"):
        raise Http404("Not an image.")
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation:  # a path that climbs out of the media folder
        raise Http404("Not an image.") from None
    response["Content-Type"] = TYPES[extension]
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-site"
    if path.startswith("images/"):
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
