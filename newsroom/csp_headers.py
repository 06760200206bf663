"""django-csp's middleware, with its policy headers built once rather than for every response.

django-csp builds the Content-Security-Policy headers from the settings on every response: the
parts turned into dicts, every directive copied and joined. That was a quarter of the time of a page
served from the page cache. A response that no view adjusted (``@csp_update`` and the like) and that
used no nonce gets the headers the settings alone give, the same every time: every page the page
cache shares is such a response. Those headers are built once per process and reused while the
settings are the same objects (a test that overrides them gets its own). Anything else goes through
django-csp as before, and so do its rules: a response that already has the header, one exempted
(``@csp_exempt``), a path in ``EXCLUDE_URL_PREFIXES``, the debug pages, and the nonce that may not
be read once the header is written.
"""

import http.client

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings

# What a view may set on its response to change its policy (csp.decorators).
ADJUSTMENTS = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
_built = {}  # report only? -> (the settings dict it was built from, the header)


def settings_policy(report_only: bool) -> str:
    """The header the settings give, with no adjustment and no nonce."""
    name = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
    source = getattr(settings, name, None)
    kept = _built.get(report_only)
    if kept is None or kept[0] is not source:
        kept = (source, build_policy(report_only=report_only))
        _built[report_only] = kept
    return kept[1]


class CSPMiddleware(BaseCSPMiddleware):
    def process_response(self, request, response):
        nonce_used = getattr(request, "_csp_nonce", None) is not None
        if nonce_used or any(getattr(response, name, None) is not None for name in ADJUSTMENTS):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (
            http.client.INTERNAL_SERVER_ERROR,
            http.client.NOT_FOUND,
        ):
            return response
        for header, report_only, exempt in (
            (HEADER, False, "_csp_exempt"),
            (HEADER_REPORT_ONLY, True, "_csp_exempt_ro"),
        ):
            policy = settings_policy(report_only)
            if not policy or header in response or getattr(response, exempt, False) is not False:
                continue
            name = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
            prefixes = (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp does: once the header is written, reading the nonce is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
