"""The header grader used by the security tests scores as the MDN HTTP Observatory does: weak headers
lose the grade they would lose there (the site's headers before the CSP graded B, 75)."""

from http.cookies import SimpleCookie

import pytest
from django.http import HttpResponse, HttpResponsePermanentRedirect

from tests import observatory

STRONG = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
TO_HTTPS = HttpResponsePermanentRedirect("https://testserver/")


def response(headers, html="<p>News</p>"):
    page = HttpResponse(html)
    for name, value in headers.items():
        if value is None:
            del page[name]
        else:
            page[name] = value
    return page


def cookies(*set_cookie):
    jar = SimpleCookie()
    for line in set_cookie:
        jar.load(line)
    return jar.values()


@pytest.mark.parametrize(
    "changes, jar, score, grade",
    [
        ({}, (), 130, "A+"),
        (
            {"Content-Security-Policy": STRONG["Content-Security-Policy"].replace("'none'", "'self'", 1)},
            (),
            125,
            "A+",
        ),
        # Before this policy: HSTS, nosniff, DENY and a private referrer, but no CSP and no CORP.
        ({"Content-Security-Policy": None, "Cross-Origin-Resource-Policy": None}, (), 75, "B"),
        ({"Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'"}, (), 80, "B+"),
        ({"Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'"}, (), 115, "A+"),
        ({"Strict-Transport-Security": "max-age=86400"}, (), 120, "A+"),  # -10, then the bonuses
        ({}, ["__Host-sessionid=x; Secure; HttpOnly; SameSite=Lax; Path=/"], 135, "A+"),
        ({}, ["sessionid=x; HttpOnly; SameSite=Lax; Path=/"], 120, "A+"),  # HSTS protects it
        ({}, ["sessionid=x; Secure; SameSite=Lax; Path=/"], 70, "B"),  # readable from script
        ({"X-Frame-Options": None, "Content-Security-Policy": None}, (), 55, "C"),
    ],
)
def test_grades_like_the_observatory(changes, jar, score, grade):
    report = observatory.grade(response({**STRONG, **changes}), http_response=TO_HTTPS, cookies=cookies(*jar))
    assert (report.score, report.grade) == (score, grade), str(report)


def test_a_site_that_stays_on_plain_http_loses_twenty():
    report = observatory.grade(response(STRONG), http_response=response({}))
    assert report.outcome("redirection") == "redirection-missing"
    assert report.score == 80


def test_scripts_from_elsewhere_without_integrity_cost_points():
    html = '<script src="https://cdn.example.net/app.js"></script>'
    report = observatory.grade(response(STRONG, html), http_response=TO_HTTPS)
    assert report.outcome("subresource-integrity").endswith("external-scripts-loaded-securely")
    assert report.score == 125
