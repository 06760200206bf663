"""The account page and what it ties together: password reset and change, e-mail change with
confirmation, deleting the account; rate limits; and never saying whether an address has an account."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from accounts import tokens
from accounts.models import Profile, SentAlert
from players.models import Follow
from tests import factories

SIGNUP = {"username": "newreader", "email": "new@example.com", "password1": "grass-court-7-6"}
SIGNUP["password2"] = SIGNUP["password1"]


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://baseline.example"


def link_in(message):
    """The first link to our site in an e-mail's plain text."""
    return re.search(r"https://baseline\.example(/\S+)", message.body).group(1)


def confirm(reader):
    Profile.objects.update_or_create(user=reader, defaults={"confirmed_email": reader.email})


# --- The account page -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_account_page_needs_sign_in(client):
    response = client.get("/accounts/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/"


def test_account_page_ties_everything_together(client, reader, django_assert_max_num_queries):
    client.force_login(reader)

    with django_assert_max_num_queries(6):
        html = client.get("/accounts/").content.decode()

    assert "reader@example.com" in html
    assert "not confirmed yet" in html
    for url in ("/accounts/email/", "/accounts/password/", "/following/", "/accounts/delete/"):
        assert f'href="{url}' in html


def test_header_links_the_account_page_for_readers_only(client, reader):
    assert 'href="/accounts/"' not in client.get("/").content.decode()
    client.force_login(reader)
    assert 'href="/accounts/"' in client.get("/").content.decode()


# --- Sign-up confirms the address, and never says it is taken -------------------------------------


@pytest.mark.django_db
def test_sign_up_sends_a_link_that_confirms_the_address(client, mailoutbox):
    client.post("/accounts/signup/", SIGNUP)
    user = User.objects.get(username="newreader")

    assert [m.to for m in mailoutbox] == [["new@example.com"]]
    link = link_in(mailoutbox[0])
    assert link.startswith("/accounts/email/confirm/")
    assert client.get(link).status_code == 200  # a page with a button: opening the link changes nothing
    assert not Profile.objects.filter(user=user, confirmed_email="new@example.com").exists()

    client.post(link)
    assert Profile.objects.get(user=user).email_confirmed


def test_sign_up_with_a_taken_address_looks_the_same_and_warns_the_owner(reader, mailoutbox):
    confirm(reader)
    fresh = Client().post("/accounts/signup/", SIGNUP, follow=True)
    taken = Client().post(
        "/accounts/signup/", {**SIGNUP, "username": "someoneelse", "email": "READER@example.com"}, follow=True
    )

    def page(response):
        html = response.content.decode().replace("someoneelse", "newreader").replace("READER", "new")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert taken.redirect_chain == fresh.redirect_chain
    assert page(taken).replace("new@example.com", "X") == page(fresh).replace("new@example.com", "X")
    to_owner = mailoutbox[1]
    assert to_owner.to == ["READER@example.com"]
    assert "already belongs to another Baseline account" in to_owner.body
    assert "/accounts/email/confirm/" not in to_owner.body  # no way to take the address over
    assert reader.email == User.objects.get(pk=reader.pk).email


# --- Password reset -------------------------------------------------------------------------------


def test_sign_in_page_links_password_reset(client):
    html = client.get("/accounts/login/").content.decode()

    assert '<a href="/accounts/password_reset/">Forgot your password?</a>' in html


def test_password_reset_by_email_end_to_end(client, reader, mailoutbox):
    response = client.post("/accounts/password_reset/", {"email": "reader@example.com"}, follow=True)

    assert "Check your e-mail" in response.content.decode()
    message = mailoutbox[0]
    assert message.to == ["reader@example.com"]
    assert message.subject == "Reset your Baseline password"
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    link = link_in(message)
    assert "https://baseline.example/accounts/reset/" in message.alternatives[0][0]

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "clay-court-6-0", "new_password2": "clay-court-6-0"}, follow=True
    )
    assert "Your new password is set" in done.content.decode()
    assert client.login(username="reader", password="clay-court-6-0")

    spent = client.get(link, follow=True).content.decode()
    assert "expired or has already been used" in spent


def test_password_reset_page_reads_the_same_for_an_unknown_address(client, reader, mailoutbox):
    known = client.post("/accounts/password_reset/", {"email": "reader@example.com"}, follow=True)
    unknown = client.post("/accounts/password_reset/", {"email": "nobody@example.com"}, follow=True)

    assert known.content == unknown.content
    assert len(mailoutbox) == 1


def test_password_reset_goes_to_the_account_that_confirmed_the_address(client, reader, mailoutbox):
    confirm(reader)
    User.objects.create_user("copycat", "reader@example.com", "a-copycat-password")

    client.post("/accounts/password_reset/", {"email": "reader@example.com"})

    assert len(mailoutbox) == 1
    assert "Hello reader," in mailoutbox[0].body


# --- Password and e-mail changes ------------------------------------------------------------------


def test_change_password_keeps_the_reader_signed_in(client, reader):
    client.force_login(reader)
    data = {
        "old_password": "a-reader-password",
        "new_password1": "hard-court-7-5",
        "new_password2": "hard-court-7-5",
    }

    response = client.post("/accounts/password/", data, follow=True)

    assert response.redirect_chain == [("/accounts/", 302)]
    assert "Your password is changed." in response.content.decode()
    reader.refresh_from_db()
    assert reader.check_password("hard-court-7-5")


def test_change_of_email_waits_for_the_link_sent_to_the_new_address(client, reader, mailoutbox):
    confirm(reader)
    client.force_login(reader)

    response = client.post(
        "/accounts/email/", {"email": "fresh@example.com", "password": "a-reader-password"}, follow=True
    )

    assert "We have sent a link to fresh@example.com" in response.content.decode()
    reader.refresh_from_db()
    assert reader.email == "reader@example.com"  # nothing changes until the link is followed
    assert mailoutbox[0].to == ["fresh@example.com"]
    link = link_in(mailoutbox[0])

    Client().post(link)  # works without signing in: the token is the proof
    reader.refresh_from_db()
    assert reader.email == "fresh@example.com"
    assert reader.profile.email_confirmed

    again = Client().get(link)  # the address it replaced is gone: the link is spent
    assert again.status_code == 400


def test_change_of_email_needs_the_password(client, reader, mailoutbox):
    client.force_login(reader)

    html = client.post(
        "/accounts/email/", {"email": "fresh@example.com", "password": "guess"}
    ).content.decode()

    assert "That is not your current password." in html
    assert not mailoutbox


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "not-a-token",
    ],
)
def test_a_forged_or_mangled_email_link_is_refused(client, reader, mangle):
    token = mangle(tokens.email_token(reader, "evil@example.com"))

    response = client.post(f"/accounts/email/confirm/{token}/")

    assert response.status_code == 400
    reader.refresh_from_db()
    assert reader.email == "reader@example.com"


def test_an_email_link_expires(client, reader, settings, monkeypatch):
    token = tokens.email_token(reader, "fresh@example.com")
    monkeypatch.setattr(tokens, "EMAIL_MAX_AGE", -1)

    assert client.post(f"/accounts/email/confirm/{token}/").status_code == 400
    reader.refresh_from_db()
    assert reader.email == "reader@example.com"


# --- Deleting the account -------------------------------------------------------------------------


def test_delete_account_with_password_removes_follows_alerts_and_personal_data(client, reader):
    confirm(reader)
    Follow.objects.create(user=reader, player=factories.PlayerFactory(), story_alerts=True, digest="daily")
    SentAlert.objects.create(user=reader, kind="story", key="story:1")
    client.force_login(reader)

    wrong = client.post("/accounts/delete/", {"password": "nope"})
    assert "That is not your current password." in wrong.content.decode()
    assert User.objects.filter(pk=reader.pk).exists()

    response = client.post("/accounts/delete/", {"password": "a-reader-password"}, follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "Your account is deleted" in response.content.decode()
    assert not User.objects.filter(username="reader").exists()
    assert not Follow.objects.exists()
    assert not SentAlert.objects.exists()
    assert not Profile.objects.exists()
    assert client.get("/following/").status_code == 302  # signed out


def test_staff_accounts_are_not_deleted_from_the_reader_page(client, editor):
    client.force_login(editor)

    client.post("/accounts/delete/", {"password": "an-editor-password"})

    assert User.objects.filter(pk=editor.pk).exists()


# --- Rate limits ----------------------------------------------------------------------------------


def test_sign_in_is_rate_limited_per_account_with_a_clear_429(client, reader):
    from accounts.views import SIGNIN_BY_ACCOUNT

    for number in range(SIGNIN_BY_ACCOUNT.count):
        ip = f"10.0.0.{number}"  # from many addresses: the per-account limit still holds
        response = client.post(
            "/accounts/login/", {"username": "reader", "password": "guess"}, REMOTE_ADDR=ip
        )
        assert response.status_code == 200

    limited = client.post("/accounts/login/", {"username": "reader", "password": "a-reader-password"})

    assert limited.status_code == 429
    assert "Too many attempts" in limited.content.decode()
    assert limited["Retry-After"]
    assert "_auth_user_id" not in client.session  # even the right password waits


def test_sign_in_is_rate_limited_per_address(client, reader):
    from accounts.views import SIGNIN_BY_IP

    for number in range(SIGNIN_BY_IP.count):
        client.post("/accounts/login/", {"username": f"guess{number}", "password": "x"})

    assert client.post("/accounts/login/", {"username": "reader", "password": "x"}).status_code == 429
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post("/accounts/login/", {"username": "reader", "password": "x"}).status_code == 200


@pytest.mark.django_db
def test_sign_up_is_rate_limited_per_address(client):
    from accounts.views import SIGNUP_BY_IP

    for number in range(SIGNUP_BY_IP.count):
        client.post("/accounts/signup/", {**SIGNUP, "username": f"reader{number}", "password2": "different"})

    limited = client.post("/accounts/signup/", SIGNUP)
    assert limited.status_code == 429
    assert not User.objects.filter(username="newreader").exists()


@pytest.mark.django_db
def test_sign_up_is_rate_limited_per_email_address(client, mailoutbox):
    from accounts.views import SIGNUP_BY_EMAIL

    for number in range(SIGNUP_BY_EMAIL.count):
        data = {**SIGNUP, "username": f"reader{number}"}
        assert client.post("/accounts/signup/", data, REMOTE_ADDR=f"10.3.0.{number}").status_code == 302
        client.logout()

    assert client.post("/accounts/signup/", SIGNUP, REMOTE_ADDR="10.3.1.1").status_code == 429
    assert len(mailoutbox) == SIGNUP_BY_EMAIL.count


def test_password_reset_is_rate_limited_per_address_without_saying_it_exists(client, reader, mailoutbox):
    from accounts.views import RESET_BY_EMAIL

    for number in range(RESET_BY_EMAIL.count):
        client.post(
            "/accounts/password_reset/", {"email": "reader@example.com"}, REMOTE_ADDR=f"10.1.0.{number}"
        )
    for number in range(RESET_BY_EMAIL.count):
        client.post(
            "/accounts/password_reset/", {"email": "nobody@example.com"}, REMOTE_ADDR=f"10.2.0.{number}"
        )

    known = client.post("/accounts/password_reset/", {"email": "reader@example.com"})
    unknown = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 429
    assert len(mailoutbox) == RESET_BY_EMAIL.count


def test_limits_count_the_client_behind_trusted_proxies(rf, settings):
    from accounts.ratelimit import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.9"  # not the address the client wrote itself


def test_the_email_settings_come_from_the_environment():
    from django.conf import settings

    assert mail.get_connection()  # the test backend; by default the console, SMTP when EMAIL_HOST is set
    assert settings.DEFAULT_FROM_EMAIL


def test_change_to_an_address_another_account_holds_reads_the_same_and_warns_its_owner(
    client, reader, mailoutbox
):
    other = User.objects.create_user("owner", "owner@example.com", "an-owner-password")
    confirm(other)
    client.force_login(reader)

    response = client.post(
        "/accounts/email/", {"email": "owner@example.com", "password": "a-reader-password"}, follow=True
    )

    assert "We have sent a link to owner@example.com" in response.content.decode()
    assert mailoutbox[0].to == ["owner@example.com"]
    assert "/accounts/email/confirm/" not in mailoutbox[0].body
    reader.refresh_from_db()
    assert reader.email == "reader@example.com"


@pytest.mark.django_db
def test_sign_up_survives_a_mail_server_that_is_down(client, monkeypatch):
    def refuse(self, fail_silently=False):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)

    response = client.post("/accounts/signup/", SIGNUP, follow=True)

    assert User.objects.filter(username="newreader").exists()
    assert "We could not send the e-mail just now" in response.content.decode()


def test_rate_limit_counts_in_the_shared_cache_when_no_ratelimit_cache_is_set(settings):
    """Production has no ``ratelimit`` cache: counts go to the default one (Redis), shared by processes."""
    import uuid

    from django.core.cache import cache

    from accounts.ratelimit import Limit

    settings.CACHES = {name: conf for name, conf in settings.CACHES.items() if name != "ratelimit"}
    limit = Limit(f"test-{uuid.uuid4().hex}", count=2, seconds=60)

    assert [limit.exceeded("203.0.113.5") for _ in range(3)] == [False, False, True]
    assert limit.exceeded("203.0.113.6") is False
    assert cache.get(limit._key("203.0.113.5")) == 3
