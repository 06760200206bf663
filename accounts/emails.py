"""Building and sending the site's e-mails: plain text and HTML from a pair of templates, absolute
links (``SITE_URL``), and for alerts the List-Unsubscribe headers (RFC 2369 and RFC 8058 one-click).

Templates come in pairs under ``templates/accounts/email/``: ``<name>.txt`` (the first line is the
subject) and ``<name>.html``.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from . import tokens

log = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def build(to: str, template: str, context: dict, unsubscribe_url: str = "") -> EmailMultiAlternatives:
    context = {"SITE_URL": settings.SITE_URL, "unsubscribe_url": unsubscribe_url, **context}
    text = render_to_string(f"accounts/email/{template}.txt", context)
    subject, _, body = text.partition("\n")
    html = render_to_string(f"accounts/email/{template}.html", {**context, "subject": subject.strip()})
    headers = {}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=body.lstrip("\n"), to=[to], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def send(to: str, template: str, context: dict, unsubscribe_url: str = "") -> None:
    build(to, template, context, unsubscribe_url).send()


def unsubscribe_url(user, kind: str) -> str:
    return absolute(reverse("accounts:unsubscribe", args=[tokens.unsubscribe_token(user, kind)]))


def send_email_confirmation(user, new_email: str) -> bool:
    """Ask the owner of ``new_email`` to confirm it for ``user``; if another account already holds that
    address as its confirmed one, tell the owner instead (and say nothing about it on the page).

    Returns False if the mail server refused it: the reader is told to try again, and the account
    (just created, perhaps) is not lost to a server error."""
    from .services import address_taken

    try:
        if address_taken(new_email, exclude=user):
            send(new_email, "address_in_use", {"username": user.get_username()})
        else:
            link = absolute(reverse("accounts:confirm_email", args=[tokens.email_token(user, new_email)]))
            send(new_email, "confirm_email", {"user": user, "link": link, "email": new_email})
    except Exception:
        log.exception("Could not send the address confirmation for user %s", user.pk)
        return False
    return True
