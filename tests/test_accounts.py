"""Reader accounts: signing up, following players, and the Following page."""

from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from articles.models import ArticleStatus
from players.models import Follow
from tests import factories

SIGNUP = {
    "username": "newreader",
    "email": "new@example.com",
    "password1": "grass-court-7-6",
    "password2": "grass-court-7-6",
}


def follow_url(player):
    return reverse("accounts:follow", args=[player.slug])


# --- Signing up and in ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_signup_creates_the_account_signs_in_and_goes_back(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "next": "/players/"})

    assert response.status_code == 302
    assert response["Location"] == "/players/"
    user = User.objects.get(username="newreader")
    assert user.email == "new@example.com"
    assert not user.is_staff
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_signup_ignores_a_next_url_on_another_site(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "next": "https://evil.example/"})

    assert response["Location"] == "/"


@pytest.mark.django_db
def test_signup_needs_an_email_and_matching_passwords(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "email": "", "password2": "something-else"})

    assert response.status_code == 200
    assert not User.objects.filter(username="newreader").exists()
    html = response.content.decode()
    assert "This field is required." in html
    assert "The two password fields didn’t match." in html
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_signup_page_has_labelled_fields(client):
    html = client.get("/accounts/signup/?next=/players/").content.decode()

    for name in ("username", "email", "password1", "password2"):
        assert f'<label for="id_{name}">' in html
    assert 'name="next" value="/players/"' in html


def test_sign_in_and_out_pages_exist(client, reader):
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": "reader", "password": "a-reader-password"})
    assert response.status_code == 302
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


# --- Following ------------------------------------------------------------------------------------


def test_follow_then_unfollow_toggles(client, reader):
    player = factories.PlayerFactory(first_name="Cameron", last_name="Norrie", slug="cameron-norrie")
    client.force_login(reader)

    response = client.post(follow_url(player), follow=True)
    assert response.redirect_chain == [("/players/cameron-norrie/", 302)]
    assert Follow.objects.filter(user=reader, player=player).exists()
    assert "You follow Cameron Norrie" in response.content.decode()

    response = client.post(follow_url(player), follow=True)
    assert not Follow.objects.filter(user=reader, player=player).exists()
    assert "You no longer follow Cameron Norrie" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_follow_goes_to_sign_in_carrying_the_intent_and_creates_nothing(client):
    player = factories.PlayerFactory(slug="cameron-norrie")

    response = client.post(follow_url(player))

    assert response.status_code == 302
    location = urlparse(response["Location"])
    query = parse_qs(location.query)
    assert location.path == "/accounts/login/"
    assert query["next"] == ["/players/cameron-norrie/"]
    assert tokens.read_follow_intent(query["follow"][0]) == "cameron-norrie"
    assert not Follow.objects.exists()


def test_follow_by_get_is_not_allowed(client, reader):
    player = factories.PlayerFactory()
    client.force_login(reader)

    assert client.get(follow_url(player)).status_code == 405
    assert not Follow.objects.exists()


def test_follow_unknown_player_is_404(client, reader):
    client.force_login(reader)

    assert client.post("/accounts/follow/nobody-at-all/").status_code == 404


def test_follow_needs_the_csrf_token(reader):
    player = factories.PlayerFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)

    assert client.post(follow_url(player)).status_code == 403
    assert not Follow.objects.exists()


# --- The follow button ----------------------------------------------------------------------------


def render_button(user, player, **extra):
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% include "includes/follow_button.html" %}')
    return template.render(Context({"request": request, "user": user, "player": player, **extra}))


def test_follow_button_for_readers_says_what_it_will_do(reader, django_assert_num_queries):
    player = factories.PlayerFactory(first_name="Cameron", last_name="Norrie")

    with django_assert_num_queries(1):
        html = render_button(reader, player)
    assert "Follow Cameron Norrie" in html
    assert f'action="{follow_url(player)}"' in html

    Follow.objects.create(user=reader, player=player)
    assert "Unfollow Cameron Norrie" in render_button(reader, player)


def test_follow_button_uses_is_following_from_the_view_without_a_query(reader, django_assert_num_queries):
    player = factories.PlayerFactory(first_name="Cameron", last_name="Norrie")

    with django_assert_num_queries(0):
        html = render_button(reader, player, is_following=True)
    assert "Unfollow Cameron Norrie" in html


@pytest.mark.django_db
def test_follow_button_for_anonymous_readers_goes_to_sign_in_with_the_same_markup_for_all(
    django_assert_num_queries,
):
    player = factories.PlayerFactory(first_name="Cameron", last_name="Norrie", slug="cameron-norrie")

    with django_assert_num_queries(0):
        html = render_button(AnonymousUser(), player)
    assert "Follow Cameron Norrie" in html
    assert '<form method="get" action="/accounts/login/"' in html
    assert f'name="follow" value="{tokens.follow_intent("cameron-norrie")}"' in html
    # Nothing personal: no CSRF token, so a cached copy can be served to every signed-out reader.
    assert "csrfmiddlewaretoken" not in html
    assert html == render_button(AnonymousUser(), player)


# --- The Following page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_following_page_needs_sign_in(client):
    response = client.get("/following/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/following/"


def test_following_page_tells_a_new_reader_how_to_follow(client, reader):
    client.force_login(reader)

    html = client.get("/following/").content.decode()

    assert "You don't follow any players yet." in html
    assert 'href="/players/"' in html


def test_following_page_shows_published_stories_and_results_of_followed_players(client, reader):
    followed, other = factories.PlayerFactory(last_name="Norrie"), factories.PlayerFactory(last_name="Other")
    Follow.objects.create(user=reader, player=followed)
    story = factories.ArticleFactory(title="Norrie wins in Paris")
    story.players.add(followed)
    quoted = factories.QuoteFactory(article__title="Norrie speaks", speaker=followed).article
    draft = factories.ArticleFactory(title="A draft about Norrie", status=ArticleStatus.DRAFT)
    draft.players.add(followed)
    scheduled = factories.ArticleFactory(
        title="Tomorrow's Norrie story", publish_at=timezone.now() + timedelta(days=1)
    )
    scheduled.players.add(followed)
    factories.ArticleFactory(title="A story about someone else").players.add(other)
    factories.MatchFactory(player1=followed, edition__tournament__name="Paris Masters")
    factories.MatchFactory(player1=other, edition__tournament__name="Elsewhere Open")
    client.force_login(reader)

    html = client.get("/following/").content.decode()

    assert story.title in html
    assert quoted.title in html
    assert draft.title not in html
    assert scheduled.title not in html
    assert "A story about someone else" not in html
    assert "Paris Masters" in html
    assert "Elsewhere Open" not in html


def test_following_page_lists_newest_stories_first(client, reader):
    player = factories.PlayerFactory()
    Follow.objects.create(user=reader, player=player)
    now = timezone.now()
    for title, hours in [("Older story", 5), ("Newest story", 1), ("Middle story", 3)]:
        factories.ArticleFactory(title=title, publish_at=now - timedelta(hours=hours)).players.add(player)
    client.force_login(reader)

    html = client.get("/following/").content.decode()

    assert html.index("Newest story") < html.index("Middle story") < html.index("Older story")


@pytest.mark.parametrize("follows", [1, 8])
def test_following_page_query_count_does_not_grow_with_follows(
    client, reader, follows, django_assert_max_num_queries
):
    for _ in range(follows):
        player = factories.PlayerFactory()
        Follow.objects.create(user=reader, player=player)
        for _ in range(3):
            factories.ArticleFactory().players.add(player)
            factories.QuoteFactory(speaker=player)
            factories.MatchFactory(player1=player)
    client.force_login(reader)

    # session, user, follows with their players, stories, results, the address's confirmation
    with django_assert_max_num_queries(6):
        response = client.get("/following/")
    assert response.status_code == 200
    assert response.content.decode().count('class="story-card') == min(follows * 6, 20)


# --- Following from a signed-out page -------------------------------------------------------------


def intent_params(player, next_url=None):
    return {"next": next_url or player.get_absolute_url(), "follow": tokens.follow_intent(player.slug)}


def test_sign_in_with_a_follow_intent_follows_and_goes_back(client, reader):
    player = factories.PlayerFactory(first_name="Cameron", last_name="Norrie", slug="cameron-norrie")
    params = intent_params(player, "/players/cameron-norrie/?year=2025")

    page = client.get("/accounts/login/", params).content.decode()
    assert "Sign in to follow <strong>Cameron Norrie</strong>" in page
    assert not Follow.objects.exists()  # showing the form follows nobody

    response = client.post(
        "/accounts/login/", {"username": "reader", "password": "a-reader-password", **params}, follow=True
    )

    assert response.redirect_chain == [("/players/cameron-norrie/?year=2025", 302)]
    assert Follow.objects.filter(user=reader, player=player).exists()
    assert "You follow Cameron Norrie" in response.content.decode()


@pytest.mark.django_db
def test_sign_up_with_a_follow_intent_creates_the_account_and_the_follow(client, mailoutbox):
    player = factories.PlayerFactory(first_name="Cameron", last_name="Norrie", slug="cameron-norrie")
    params = intent_params(player)
    login_page = client.get("/accounts/login/", params).content.decode()
    assert f"/accounts/signup/?{urlencode(params)}".replace("&", "&amp;") in login_page

    response = client.post("/accounts/signup/", {**SIGNUP, **params}, follow=True)

    user = User.objects.get(username="newreader")
    assert response.redirect_chain == [("/players/cameron-norrie/", 302)]
    assert Follow.objects.filter(user=user, player=player).exists()
    html = response.content.decode()
    assert "You follow Cameron Norrie" in html
    assert "Unfollow Cameron Norrie" in html


def test_a_forged_follow_intent_is_ignored(client, reader):
    player = factories.PlayerFactory(slug="cameron-norrie")

    client.post(
        "/accounts/login/",
        {"username": "reader", "password": "a-reader-password", "next": "/", "follow": "cameron-norrie"},
    )

    assert not Follow.objects.filter(player=player).exists()


def test_a_failed_sign_in_keeps_the_intent_for_the_next_try(client, reader):
    player = factories.PlayerFactory(slug="cameron-norrie")
    params = intent_params(player)

    html = client.post(
        "/accounts/login/", {"username": "reader", "password": "wrong", **params}
    ).content.decode()

    assert f'name="follow" value="{params["follow"]}"' in html
    assert not Follow.objects.exists()


def test_a_signed_in_reader_sent_to_sign_in_goes_straight_back(client, reader):
    player = factories.PlayerFactory(slug="cameron-norrie")
    client.force_login(reader)

    response = client.get("/accounts/login/", intent_params(player))

    assert response.status_code == 302
    assert response["Location"] == "/players/cameron-norrie/"
    assert not Follow.objects.exists()  # a GET never follows


@pytest.mark.parametrize("page", ["/accounts/login/", "/accounts/signup/"])
@pytest.mark.parametrize("next_url", ["/accounts/login/", "/accounts/signup/?x=1", "//evil.example/"])
def test_a_signed_in_reader_on_an_auth_page_never_loops(client, reader, page, next_url):
    client.force_login(reader)

    response = client.get(page, {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"
