"""Pages are gzipped for signed-out readers, never when they hold a secret (BREACH)."""

import gzip

import pytest
from django.test import Client

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def get(client, url):
    return client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")


def test_a_signed_out_readers_page_is_gzipped_and_says_so(client):
    story = ArticleFactory(title="Norrie stuns Alcaraz")
    response = get(client, story.get_absolute_url())
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "Norrie stuns Alcaraz" in gzip.decompress(response.content).decode()


def test_a_client_that_cannot_read_gzip_gets_plain_html(client):
    story = ArticleFactory(title="Norrie stuns Alcaraz")
    response = client.get(story.get_absolute_url())
    assert not response.has_header("Content-Encoding")
    assert "Norrie stuns Alcaraz" in response.content.decode()


def test_a_page_with_a_csrf_token_is_not_compressed(client):
    response = get(client, "/accounts/login/")
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert not response.has_header("Content-Encoding")


def test_a_signed_in_readers_page_is_not_compressed(reader):
    client = Client()
    client.force_login(reader)
    response = get(client, "/")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
