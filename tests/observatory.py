"""Grade a response's security headers the way the MDN HTTP Observatory does.

The tests, modifiers and grade chart follow the Observatory's published methodology
(developer.mozilla.org/en-US/observatory/docs/tests_and_scoring) and its scanner's rules: start at
100, subtract the penalties, and only if that leaves 90 or more add the bonuses; 100 and up is an A+.
What a local test cannot see is scored as the Observatory would score a site behind TLS that is not
(yet) on the browsers' HSTS preload list: ``hsts-preloaded`` is never awarded here.

    report = grade(response, http_response=plain_http_response, cookies=all_cookies_set)
    report.score, report.grade, report.results  # [Result("content-security-policy", "csp-…", 10), …]
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

GRADES = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
]
BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCE_OR_HASH = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
PRIVATE_REFERRERS = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
UNSAFE_REFERRERS = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}
SIX_MONTHS = 15768000


@dataclass(frozen=True)
class Result:
    test: str
    outcome: str
    modifier: int


@dataclass
class Report:
    results: list = field(default_factory=list)

    @property
    def score(self):
        penalties = sum(r.modifier for r in self.results if r.modifier < 0)
        bonuses = sum(r.modifier for r in self.results if r.modifier > 0)
        score = max(0, 100 + penalties)
        return score + bonuses if score >= 90 else score

    @property
    def grade(self):
        return next(letter for floor, letter in GRADES if self.score >= floor)

    def outcome(self, test):
        return next(r.outcome for r in self.results if r.test == test)

    def __str__(self):
        lines = [f"{r.test:<32} {r.outcome:<58} {r.modifier:+d}" for r in self.results]
        return "\n".join([*lines, f"score {self.score}, grade {self.grade}"])


def parse_csp(header):
    """``{"default-src": {"'none'"}, …}``; the first of a repeated directive counts, as in browsers."""
    policy = {}
    for part in (header or "").split(";"):
        tokens = part.split()
        if tokens:
            policy.setdefault(tokens[0].lower(), set(tokens[1:]))
    return policy


def csp_test(header):
    if not header:
        return Result("content-security-policy", "csp-not-implemented", -25)
    csp = parse_csp(header)
    default = csp.get("default-src")
    script = set(csp.get("script-src") or default or {"*"})
    style = set(csp.get("style-src") or default or {"*"})
    objects = csp.get("object-src") or default or {"*"}
    for sources in (script, style):
        if any(s.startswith(NONCE_OR_HASH) for s in sources):
            sources.discard("'unsafe-inline'")
    if "'strict-dynamic'" in script and any(s.startswith(NONCE_OR_HASH) for s in script):
        script = {s for s in script if s not in BROAD and s not in {"'self'", "'unsafe-inline'"}}
    if script & (BROAD | UNSAFE_INLINE) or objects & BROAD:
        return Result("content-security-policy", "csp-implemented-with-unsafe-inline", -20)
    active = [s for name, sources in csp.items() if name not in {"img-src", "media-src"} for s in sources]
    if any(s.startswith(("http:", "ftp:")) for s in active):
        return Result("content-security-policy", "csp-implemented-with-insecure-scheme", -20)
    if "'unsafe-eval'" in script | style:
        return Result("content-security-policy", "csp-implemented-with-unsafe-eval", -10)
    passive = csp.get("img-src", default or set()) | csp.get("media-src", default or set())
    if any(s.startswith(("http:", "ftp:")) for s in passive):
        return Result(
            "content-security-policy", "csp-implemented-with-insecure-scheme-in-passive-content-only", -10
        )
    if style & (BROAD | UNSAFE_INLINE):
        return Result("content-security-policy", "csp-implemented-with-unsafe-inline-in-style-src-only", 0)
    if default == {"'none'"} and csp.get("form-action", {"*"}) & {"'none'", "'self'"}:
        return Result("content-security-policy", "csp-implemented-with-no-unsafe-default-src-none", 10)
    return Result("content-security-policy", "csp-implemented-with-no-unsafe", 5)


def hsts_max_age(header):
    match = re.search(r"(?:^|;)\s*max-age\s*=\s*\"?(\d+)", header or "", re.IGNORECASE)
    return int(match.group(1)) if match else None


def hsts_test(header):
    max_age = hsts_max_age(header)
    if header is None:
        return Result("strict-transport-security", "hsts-not-implemented", -20)
    if max_age is None:
        return Result("strict-transport-security", "hsts-header-invalid", -20)
    if max_age < SIX_MONTHS:
        return Result("strict-transport-security", "hsts-implemented-max-age-less-than-six-months", -10)
    return Result("strict-transport-security", "hsts-implemented-max-age-at-least-six-months", 0)


def cookies_test(cookies, hsts_ok):
    """``cookies``: http.cookies.Morsel objects, every cookie the site set."""
    if not cookies:
        return Result("cookies", "cookies-not-found", 0)
    worst = None
    ranking = [
        ("cookies-without-secure-flag-but-protected-by-hsts", -5),
        ("cookies-session-without-secure-flag-but-protected-by-hsts", -10),
        ("cookies-without-secure-flag", -20),
        ("cookies-samesite-flag-invalid", -20),
        ("cookies-anticsrf-without-samesite-flag", -20),
        ("cookies-session-without-httponly-flag", -30),
        ("cookies-session-without-secure-flag", -40),
    ]
    rank = {name: i for i, (name, _) in enumerate(ranking)}

    def worse(outcome):
        nonlocal worst
        if worst is None or rank[outcome] > rank[worst]:
            worst = outcome

    all_samesite = True
    for morsel in cookies:
        name = morsel.key.lower()
        session = "login" in name or "sess" in name
        samesite = (morsel["samesite"] or "").lower()
        if samesite and samesite not in {"lax", "strict", "none"}:
            worse("cookies-samesite-flag-invalid")
        if not morsel["secure"]:
            worse(
                "cookies-without-secure-flag-but-protected-by-hsts"
                if hsts_ok
                else "cookies-without-secure-flag"
            )
            if session:
                worse(
                    "cookies-session-without-secure-flag-but-protected-by-hsts"
                    if hsts_ok
                    else "cookies-session-without-secure-flag"
                )
        if "csrf" in name and not samesite:
            worse("cookies-anticsrf-without-samesite-flag")
        if session and not morsel["httponly"]:
            worse("cookies-session-without-httponly-flag")
        all_samesite = all_samesite and bool(samesite)
    if worst:
        return Result("cookies", worst, dict(ranking)[worst])
    if all_samesite:
        return Result("cookies", "cookies-secure-with-httponly-sessions-and-samesite", 5)
    return Result("cookies", "cookies-secure-with-httponly-sessions", 0)


def cors_test(headers):
    origin = headers.get("Access-Control-Allow-Origin")
    if origin is None:
        return Result("cross-origin-resource-sharing", "cross-origin-resource-sharing-not-implemented", 0)
    if origin.strip() == "*":
        return Result(
            "cross-origin-resource-sharing", "cross-origin-resource-sharing-implemented-with-public-access", 0
        )
    return Result(
        "cross-origin-resource-sharing", "cross-origin-resource-sharing-implemented-with-restricted-access", 0
    )


def redirection_test(http_response, host):
    """``http_response``: the answer to the same URL over plain HTTP."""
    if http_response is None:
        return Result("redirection", "redirection-not-needed-no-http", 0)
    location = http_response.headers.get("Location", "")
    if http_response.status_code not in (301, 302, 307, 308) or not location:
        return Result("redirection", "redirection-missing", -20)
    if not location.startswith("https://"):
        return Result("redirection", "redirection-not-to-https-on-initial-redirection", -10)
    if not location.startswith(f"https://{host}/"):
        return Result("redirection", "redirection-off-host-from-http", -5)
    return Result("redirection", "redirection-to-https", 0)


def referrer_test(header):
    if header is None:
        return Result("referrer-policy", "referrer-policy-not-implemented", 0)
    values = [v.strip().lower() for v in header.split(",") if v.strip()]
    if not values or any(v not in PRIVATE_REFERRERS | UNSAFE_REFERRERS for v in values):
        return Result("referrer-policy", "referrer-policy-header-invalid", -5)
    if values[-1] in PRIVATE_REFERRERS:  # the last policy a browser knows wins
        return Result("referrer-policy", "referrer-policy-private", 5)
    return Result("referrer-policy", "referrer-policy-unsafe", -5)


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def sri_test(headers, html):
    if "html" not in headers.get("Content-Type", ""):
        return Result("subresource-integrity", "sri-not-implemented-response-not-html", 0)
    parser = _Scripts()
    parser.feed(html)
    sources = [s["src"] for s in parser.scripts if s.get("src")]
    if not sources:
        return Result("subresource-integrity", "sri-not-implemented-but-no-scripts-loaded", 0)
    external = [s for s in sources if re.match(r"^(?:[a-z]+:)?//", s, re.IGNORECASE)]
    if not external:
        return Result(
            "subresource-integrity", "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0
        )
    if any(not s.startswith("https://") for s in external):
        return Result(
            "subresource-integrity", "sri-not-implemented-and-external-scripts-not-loaded-securely", -50
        )
    return Result("subresource-integrity", "sri-not-implemented-but-external-scripts-loaded-securely", -5)


def nosniff_test(header):
    if header is None:
        return Result("x-content-type-options", "x-content-type-options-not-implemented", -5)
    if header.strip().lower() != "nosniff":
        return Result("x-content-type-options", "x-content-type-options-header-invalid", -5)
    return Result("x-content-type-options", "x-content-type-options-nosniff", 0)


def frame_options_test(headers):
    ancestors = parse_csp(headers.get("Content-Security-Policy")).get("frame-ancestors")
    if ancestors is not None and not ancestors & BROAD:
        return Result("x-frame-options", "x-frame-options-implemented-via-csp", 5)
    value = (headers.get("X-Frame-Options") or "").strip().lower()
    if not value:
        return Result("x-frame-options", "x-frame-options-not-implemented", -20)
    if value in {"deny", "sameorigin"}:
        return Result("x-frame-options", "x-frame-options-sameorigin-or-deny", 0)
    if value.startswith("allow-from "):
        return Result("x-frame-options", "x-frame-options-allow-from-origin", 0)
    return Result("x-frame-options", "x-frame-options-header-invalid", -20)


def corp_test(header):
    value = (header or "").strip().lower()
    if header is None:
        return Result("cross-origin-resource-policy", "corp-not-implemented", 0)
    if value in {"same-origin", "same-site"}:
        return Result("cross-origin-resource-policy", f"corp-implemented-with-{value}", 10)
    if value == "cross-origin":
        return Result("cross-origin-resource-policy", "corp-implemented-with-cross-origin", 0)
    return Result("cross-origin-resource-policy", "corp-header-invalid", -5)


def grade(response, *, http_response=None, cookies=(), host="testserver"):
    """Grade one HTTPS response (a Django test response). ``http_response`` is the same URL asked
    over plain HTTP; ``cookies`` every cookie the site set while the page was fetched."""
    headers = response.headers
    hsts = hsts_test(headers.get("Strict-Transport-Security"))
    html = response.content.decode("utf-8", "replace") if not getattr(response, "streaming", False) else ""
    return Report(
        [
            csp_test(headers.get("Content-Security-Policy")),
            cookies_test(list(cookies), hsts_ok=hsts.modifier == 0),
            cors_test(headers),
            redirection_test(http_response, host),
            referrer_test(headers.get("Referrer-Policy")),
            hsts,
            sri_test(headers, html),
            nosniff_test(headers.get("X-Content-Type-Options")),
            frame_options_test(headers),
            corp_test(headers.get("Cross-Origin-Resource-Policy")),
        ]
    )
