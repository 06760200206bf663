"""Alert e-mails: choosing them per followed player, ``send_alerts`` sending each e-mail once (story
alerts and digests), one-click unsubscribe, and publishing never waiting for e-mail."""

import re
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts import alerts, tokens
from accounts.models import Profile, SentAlert
from articles.models import ArticleStatus
from players.models import Digest, Follow
from tests import factories


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://baseline.example"


@pytest.fixture
def norrie(db):
    return factories.PlayerFactory(first_name="Cameron", last_name="Norrie", slug="cameron-norrie")


def confirmed(user):
    Profile.objects.update_or_create(user=user, defaults={"confirmed_email": user.email})
    return user


def following(user, player, *, story=False, digest=Digest.NONE, since=None):
    return Follow.objects.create(
        user=user,
        player=player,
        story_alerts=story,
        digest=digest,
        alerts_since=since or timezone.now() - timedelta(days=30),
    )


def story_about(player, **fields):
    article = factories.ArticleFactory(**fields)
    article.players.add(player)
    return article


def run():
    out = StringIO()
    call_command("send_alerts", stdout=out)
    return out.getvalue()


# --- Choosing alerts ------------------------------------------------------------------------------


def test_following_page_saves_alert_choices_per_player(client, reader, norrie):
    other = factories.PlayerFactory(first_name="Carlos", last_name="Alcaraz")
    one, two = following(reader, norrie), following(reader, other)
    client.force_login(reader)
    html = client.get("/following/").content.decode()
    assert f'name="story-{one.pk}"' in html and f'name="digest-{two.pk}"' in html

    response = client.post(
        "/accounts/alerts/", {f"story-{one.pk}": "on", f"digest-{two.pk}": "weekly"}, follow=True
    )

    assert "Your alert choices are saved." in response.content.decode()
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.story_alerts, one.digest) == (True, "")
    assert (two.story_alerts, two.digest) == (False, "weekly")


def test_switching_alerts_on_never_mails_stories_from_before(client, reader, norrie, mailoutbox):
    confirmed(reader)
    story_about(norrie, title="Yesterday's story", publish_at=timezone.now() - timedelta(hours=20))
    follow = Follow.objects.create(user=reader, player=norrie)
    client.force_login(reader)

    client.post("/accounts/alerts/", {f"story-{follow.pk}": "on"})
    run()

    assert not mailoutbox


def test_alert_choices_of_another_reader_cannot_be_changed(client, reader, norrie):
    theirs = following(factories_user("other"), norrie)
    client.force_login(reader)

    client.post("/accounts/alerts/", {f"story-{theirs.pk}": "on"})

    theirs.refresh_from_db()
    assert not theirs.story_alerts


def factories_user(name):
    from django.contrib.auth.models import User

    return User.objects.create_user(name, f"{name}@example.com", "a-password-of-theirs")


# --- Story alerts ---------------------------------------------------------------------------------


def test_a_story_alert_is_sent_once_however_often_the_command_runs(reader, norrie, mailoutbox):
    confirmed(reader)
    following(reader, norrie, story=True)
    story = story_about(norrie, title="Norrie stuns Alcaraz", standfirst="A comeback in Paris.")

    assert "Sent 1 story alert, 0 daily digests, 0 weekly digests" in run()
    run()
    run()

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["reader@example.com"]
    assert message.subject == "Norrie stuns Alcaraz"
    assert f"https://baseline.example{story.get_absolute_url()}" in message.body
    html = message.alternatives[0][0]
    assert f'href="https://baseline.example{story.get_absolute_url()}"' in html
    assert "you follow Cameron Norrie" in message.body
    assert SentAlert.objects.filter(user=reader, key=f"story:{story.pk}").count() == 1


def test_a_story_quoting_a_followed_player_counts_and_one_email_covers_two_players(
    reader, norrie, mailoutbox
):
    confirmed(reader)
    alcaraz = factories.PlayerFactory(first_name="Carlos", last_name="Alcaraz")
    following(reader, norrie, story=True)
    following(reader, alcaraz, story=True)
    story = story_about(norrie)
    factories.QuoteFactory(article=story, speaker=alcaraz)
    factories.QuoteFactory(speaker=alcaraz, article__title="Alcaraz speaks")

    run()

    assert sorted(m.subject for m in mailoutbox) == ["Alcaraz speaks", story.title]


def test_drafts_and_stories_not_yet_due_wait_until_published(reader, norrie, mailoutbox):
    confirmed(reader)
    following(reader, norrie, story=True)
    draft = story_about(norrie, title="Draft", status=ArticleStatus.DRAFT)
    later = story_about(norrie, title="Scheduled", publish_at=timezone.now() + timedelta(hours=2))

    run()
    assert not mailoutbox

    draft.status = ArticleStatus.PUBLISHED
    draft.save()
    alerts.send_story_alerts(now=timezone.now())
    assert [m.subject for m in mailoutbox] == ["Draft"]

    later.publish_at = timezone.now() - timedelta(minutes=1)  # its time has come
    later.save()
    run()
    assert [m.subject for m in mailoutbox] == ["Draft", "Scheduled"]


def test_alerts_go_only_to_confirmed_addresses(reader, norrie, mailoutbox):
    following(reader, norrie, story=True)
    story_about(norrie)

    run()
    assert not mailoutbox

    confirmed(reader)
    run()
    assert len(mailoutbox) == 1


def test_publishing_a_story_sends_no_email_in_the_request(client, editor, norrie, mailoutbox):
    confirmed(editor)
    following(editor, norrie, story=True)
    story = story_about(norrie, status=ArticleStatus.DRAFT)
    client.force_login(editor)

    client.post("/admin/articles/article/", {"action": "publish_now", "_selected_action": [story.pk]})

    story.refresh_from_db()
    assert story.is_published
    assert not mailoutbox  # e-mail waits for send_alerts
    run()
    assert len(mailoutbox) == 1


def test_a_failed_send_is_retried_by_the_next_run(reader, norrie, mailoutbox, monkeypatch):
    confirmed(reader)
    following(reader, norrie, story=True)
    story_about(norrie)

    def refuse(self, fail_silently=False):
        raise OSError("SMTP server unreachable")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        with pytest.raises(Exception, match="could not be sent"):
            run()
    assert not SentAlert.objects.exists()

    run()
    assert len(mailoutbox) == 1


def test_a_run_that_finds_the_email_claimed_by_another_run_sends_nothing(reader, norrie, mailoutbox):
    """Two runs at once: whichever claims (user, story) first sends; the other skips it."""
    confirmed(reader)
    following(reader, norrie, story=True)
    story = story_about(norrie)
    SentAlert.objects.create(user=reader, kind="story", key=f"story:{story.pk}")  # the other run's claim

    run()

    assert not mailoutbox


# --- Digests --------------------------------------------------------------------------------------


def local(*args):
    return timezone.make_aware(datetime(*args))


def test_daily_digest_sends_the_day_s_stories_and_results_once(reader, norrie, mailoutbox):
    confirmed(reader)
    following(reader, norrie, digest=Digest.DAILY, since=local(2025, 10, 1, 12))
    story_about(norrie, title="Norrie into the last 16", publish_at=local(2025, 10, 29, 18))
    story_about(norrie, title="A story from the day before", publish_at=local(2025, 10, 28, 18))
    factories.MatchFactory(
        player1=norrie, date=local(2025, 10, 29, 12).date(), edition__tournament__name="Paris Open"
    )
    factories.MatchFactory(
        player1=norrie, date=local(2025, 10, 27, 12).date(), edition__tournament__name="Basel Open"
    )
    now = local(2025, 10, 30, 0, 10)

    alerts.send_digests(now=now)
    alerts.send_digests(now=now + timedelta(hours=5))

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Your daily digest for Wednesday 29 October"
    assert "Norrie into the last 16" in message.body
    assert "A story from the day before" not in message.body
    assert "Paris Open 2024" in message.body and "Basel Open" not in message.body
    assert "First" in message.body  # the result names its players

    alerts.send_digests(now=now + timedelta(days=1))  # the next day had nothing: nothing is sent
    assert len(mailoutbox) == 1


def test_send_alerts_command_sends_yesterday_s_digest_once(reader, norrie, mailoutbox):
    confirmed(reader)
    following(reader, norrie, digest=Digest.DAILY, since=timezone.now() - timedelta(days=3))
    yesterday = timezone.localdate() - timedelta(days=1)
    noon = timezone.make_aware(datetime.combine(yesterday, datetime.min.time())) + timedelta(hours=12)
    story_about(norrie, title="Yesterday in Paris", publish_at=noon)

    assert "1 daily digest," in run()
    assert "0 daily digests" in run()

    assert [m.subject.startswith("Your daily digest for") for m in mailoutbox] == [True]
    assert "Yesterday in Paris" in mailoutbox[0].body
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_weekly_digest_covers_monday_to_sunday_and_is_sent_once(reader, norrie, mailoutbox):
    confirmed(reader)
    following(reader, norrie, digest=Digest.WEEKLY, since=local(2025, 10, 1, 12))
    story_about(norrie, title="Monday story", publish_at=local(2025, 10, 20, 9))
    story_about(norrie, title="Sunday story", publish_at=local(2025, 10, 26, 22))
    story_about(norrie, title="This week's story", publish_at=local(2025, 10, 27, 9))

    for hour in (1, 2, 30, 100):
        alerts.send_digests(now=local(2025, 10, 27, 0) + timedelta(hours=hour))

    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert mailoutbox[0].subject == "Your weekly digest, 20 October to 26 October"
    assert "Monday story" in body and "Sunday story" in body and "This week's story" not in body


def test_the_first_digest_is_for_the_first_whole_day_after_asking(reader, norrie, mailoutbox):
    confirmed(reader)
    following(reader, norrie, digest=Digest.DAILY, since=local(2025, 10, 29, 15))
    story_about(norrie, publish_at=local(2025, 10, 29, 18))

    alerts.send_digests(now=local(2025, 10, 30, 0, 10))

    assert not mailoutbox


# --- Unsubscribing --------------------------------------------------------------------------------


def sent_alert(reader, norrie, mailoutbox):
    confirmed(reader)
    following(reader, norrie, story=True, digest=Digest.WEEKLY)
    story_about(norrie)
    alerts.send_story_alerts()
    return mailoutbox[0]


def test_every_alert_has_list_unsubscribe_headers_and_a_link(reader, norrie, mailoutbox):
    message = sent_alert(reader, norrie, mailoutbox)

    url = re.fullmatch(
        r"<(https://baseline\.example/accounts/unsubscribe/[^>]+/)>",
        message.extra_headers["List-Unsubscribe"],
    )
    assert url
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url.group(1) in message.body
    assert f'href="{url.group(1)}"' in message.alternatives[0][0]
    assert "List-Unsubscribe" in message.message().as_string()


def test_unsubscribe_link_shows_a_button_then_unsubscribes_without_sign_in(reader, norrie, mailoutbox):
    message = sent_alert(reader, norrie, mailoutbox)
    path = re.search(r"https://baseline\.example(/accounts/unsubscribe/\S+/)", message.body).group(1)
    client = Client(enforce_csrf_checks=True)

    page = client.get(path)
    assert page.status_code == 200
    assert "Stop e-mails when a story about a player you follow is published?" in page.content.decode()
    assert Follow.objects.get(user=reader).story_alerts  # opening the link changes nothing

    done = client.post(path)
    assert "you will no longer get" in done.content.decode()
    follow = Follow.objects.get(user=reader)
    assert not follow.story_alerts
    assert follow.digest == Digest.WEEKLY  # only what the e-mail was about


def test_one_click_unsubscribe_by_a_mail_program(reader, norrie, mailoutbox):
    """RFC 8058: the mail program POSTs List-Unsubscribe=One-Click, with no cookie and no token."""
    confirmed(reader)
    following(reader, norrie, digest=Digest.WEEKLY)
    path = f"/accounts/unsubscribe/{tokens.unsubscribe_token(reader, 'weekly')}/"

    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert Follow.objects.get(user=reader).digest == Digest.NONE


@pytest.mark.parametrize("token", ["garbage", "eyJ1IjoxLCJrIjoic3RvcnkifQ:forged:signature"])
def test_a_bad_unsubscribe_link_is_a_clear_400(client, reader, norrie, token):
    following(reader, norrie, story=True)

    response = client.post(f"/accounts/unsubscribe/{token}/")

    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert Follow.objects.get(user=reader).story_alerts


def test_the_command_says_what_it_sent(db):
    assert run().startswith("Sent 0 story alerts")
    assert not mail.outbox
