"""The newsroom's sign-in resists guessing: per account and per address, counted together with the
reader sign-in, answered with 429, Retry-After and a message that says how long to wait."""

from django.test import Client

from accounts.views import SIGNIN_BY_ACCOUNT, SIGNIN_BY_IP

LOGIN = "/admin/login/"


def attempt(client, username, password="a-wrong-password", **extra):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra)


def test_an_editor_signs_in(client, editor):
    response = attempt(client, "editor", "an-editor-password")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_guessing_one_account_is_stopped_even_with_the_right_password(client, editor):
    for _ in range(SIGNIN_BY_ACCOUNT.count):
        assert attempt(client, "editor").status_code == 200  # "Please enter the correct username…"
    response = attempt(client, "editor", "an-editor-password")
    assert response.status_code == 429
    assert response["Retry-After"] == str(SIGNIN_BY_ACCOUNT.seconds)
    assert "Too many attempts" in response.content.decode()
    assert "wait 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The form is shown again with the name filled in, ready for later.
    assert 'value="editor"' in response.content.decode()


def test_the_account_limit_holds_from_any_address(editor):
    for number in range(SIGNIN_BY_ACCOUNT.count):
        attempt(Client(REMOTE_ADDR=f"203.0.113.{number}"), "editor")
    assert attempt(Client(REMOTE_ADDR="198.51.100.7"), "Editor").status_code == 429  # any case


def test_one_address_guessing_many_accounts_is_stopped(client, editor):
    for number in range(SIGNIN_BY_IP.count):
        assert attempt(client, f"someone-{number}").status_code == 200
    assert attempt(client, "editor", "an-editor-password").status_code == 429
    # Another address is not held back by this one.
    assert attempt(Client(REMOTE_ADDR="198.51.100.7"), "editor", "an-editor-password").status_code == 302


def test_guesses_on_the_reader_sign_in_count_against_the_newsroom_sign_in(client, editor):
    for _ in range(SIGNIN_BY_ACCOUNT.count):
        client.post("/accounts/login/", {"username": "editor", "password": "a-wrong-password"})
    assert attempt(Client(REMOTE_ADDR="198.51.100.7"), "editor", "an-editor-password").status_code == 429


def test_looking_at_the_form_is_not_an_attempt(client, editor):
    for _ in range(SIGNIN_BY_ACCOUNT.count + 5):
        assert client.get(LOGIN).status_code == 200
    assert attempt(client, "editor", "an-editor-password").status_code == 302
