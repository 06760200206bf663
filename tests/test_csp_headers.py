"""The Content-Security-Policy middleware: the headers django-csp would send, built once when they
can only be the settings' own."""

import pytest
from csp.constants import HEADER
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom.csp_headers import CSPMiddleware


def respond(middleware_class, *, use_nonce=False, **adjustments):
    request = RequestFactory().get("/")
    middleware = middleware_class(lambda request: HttpResponse("page"))
    middleware.process_request(request)
    nonce = str(request.csp_nonce) if use_nonce else None
    response = HttpResponse("page")
    for name, value in adjustments.items():
        setattr(response, name, value)
    middleware.process_response(request, response)
    return request, response, nonce


@pytest.mark.parametrize(
    "case",
    [{}, {"use_nonce": True}, {"_csp_update": {"img-src": ["https://images.example"]}}],
    ids=["plain", "nonce", "updated by the view"],
)
def test_every_response_gets_the_header_django_csp_gives(case):
    _, ours, nonce = respond(CSPMiddleware, **case)
    _, theirs, _ = respond(DjangoCSPMiddleware, **case)
    if nonce:
        assert f"'nonce-{nonce}'" in ours[HEADER]
        ours[HEADER] = ours[HEADER].replace(nonce, "N")
        theirs[HEADER] = theirs[HEADER].replace(theirs[HEADER].split("'nonce-")[1].split("'")[0], "N")
    assert sorted(ours[HEADER].split("; ")) == sorted(theirs[HEADER].split("; "))
    if "_csp_update" in case:
        assert "https://images.example" in ours[HEADER]


def test_a_changed_policy_setting_is_seen_at_once(settings):
    _, before, _ = respond(CSPMiddleware)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    _, after, _ = respond(CSPMiddleware)
    assert "default-src 'none'" in before[HEADER]
    assert after[HEADER] == "default-src 'self'"


def test_the_nonce_cannot_be_read_once_the_header_is_written():
    request, _, _ = respond(CSPMiddleware)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_an_exempt_response_gets_no_header():
    _, response, _ = respond(CSPMiddleware, _csp_exempt=True)
    assert HEADER not in response
