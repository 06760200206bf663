"""Signed tokens for links that work without signing in: confirming an e-mail address,
unsubscribing from alerts, and carrying a "follow this player" intent through sign-in.

Each kind has its own salt, so a token made for one purpose is worthless for another.
"""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.core import signing

EMAIL_SALT = "accounts.email-confirmation"
EMAIL_MAX_AGE = 60 * 60 * 24 * 3  # three days
UNSUBSCRIBE_SALT = "accounts.unsubscribe"
FOLLOW_SALT = "accounts.follow-intent"


def _fingerprint(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def email_token(user, new_email: str) -> str:
    """A link token that sets ``user``'s address to ``new_email`` and marks it confirmed. It stops
    working after three days, or as soon as the account's address changes in another way."""
    return signing.dumps(
        {"u": user.pk, "to": new_email, "from": _fingerprint(user.email)}, salt=EMAIL_SALT, compress=True
    )


def read_email_token(token: str):
    """``(user id, new e-mail, fingerprint of the address it replaces)``, or None if the token is
    forged, mangled or expired."""
    try:
        data = signing.loads(token, salt=EMAIL_SALT, max_age=EMAIL_MAX_AGE)
        return int(data["u"]), str(data["to"]), str(data["from"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def email_matches(email: str, fingerprint: str) -> bool:
    return _fingerprint(email) == fingerprint


def unsubscribe_token(user, kind: str) -> str:
    """A link token that turns off one kind of alert (``story``, ``daily``, ``weekly``) for ``user``.
    It never expires: an unsubscribe link in an old e-mail must still work."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str):
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["u"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def follow_intent(slug: str) -> str:
    """The player to follow once the reader has signed in. Deterministic (no timestamp), so a page
    carrying it is the same for every anonymous reader and can be cached; signed once a process
    per player and secret key, not on every player page."""
    return _follow_intent(slug, settings.SECRET_KEY)


@lru_cache(maxsize=4096)
def _follow_intent(slug: str, key: str) -> str:
    return signing.Signer(key=key, salt=FOLLOW_SALT).sign(slug)


def read_follow_intent(value: str):
    """The player slug from a ``follow_intent`` value, or None if it was not signed here."""
    try:
        return signing.Signer(salt=FOLLOW_SALT).unsign(value or "")
    except signing.BadSignature:
        return None
