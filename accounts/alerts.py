"""Alert e-mails for followed players, sent by ``manage.py send_alerts`` (never in a request).

Two kinds, chosen per followed player on the Following page:

* **Story alerts**: one e-mail per reader and story, as soon as a run finds a published story about
  a player they follow (``Article.objects.published().about_players(...)``, so a scheduled story is
  sent once its time has come). Stories published before the reader switched alerts on, or more
  than ``STORY_WINDOW`` ago (after a long outage), are not sent.
* **Digests**: one e-mail per reader and period with the stories and results
  (``Match.objects.for_players(...).decided()``) of the players they chose it for. A daily digest
  covers the previous day, a weekly one the previous Monday-to-Sunday week (site time zone); the
  first run after the period ends sends it. Periods with nothing in them send nothing.

Only confirmed addresses get alerts. Each e-mail is claimed in ``SentAlert`` (unique per reader
and key) before it is sent, so a second run — or two runs at once — sends nothing twice; if sending
fails the claim is withdrawn and the next run tries again.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from matches.models import Match
from players.models import Digest, Follow

from . import emails
from .models import Profile, SentAlert

log = logging.getLogger(__name__)

STORY_WINDOW = timedelta(days=2)
DIGEST_STORIES = 30
DIGEST_RESULTS = 40


@dataclass
class Report:
    sent: dict = field(default_factory=lambda: defaultdict(int))
    failed: int = 0

    def __str__(self):
        parts = [
            f"{self.sent[kind]} {label.lower()}{'' if self.sent[kind] == 1 else 's'}"
            for kind, label in SentAlert.Kind.choices
        ]
        return (
            "Sent " + ", ".join(parts) + (f"; {self.failed} failed (will be retried)" if self.failed else "")
        )


def _confirmed(follows):
    """Follows whose reader is active and has confirmed their address."""
    out = []
    for follow in follows:
        user = follow.user
        try:
            confirmed = user.is_active and user.profile.email_confirmed
        except Profile.DoesNotExist:
            confirmed = False
        if confirmed:
            out.append(follow)
    return out


def _claim(user, kind, key):
    try:
        with transaction.atomic():
            return SentAlert.objects.create(user=user, kind=kind, key=key)
    except IntegrityError:
        return None  # sent before, or being sent by another run right now


def _deliver(report, user, kind, key, message):
    claim = _claim(user, kind, key)
    if claim is None:
        return
    try:
        message.send()
    except Exception:  # SMTP down, address refused: withdraw the claim so that a later run retries
        log.exception("Could not send %s to user %s", key, user.pk)
        claim.delete()
        report.failed += 1
        return
    report.sent[kind] += 1


def _already_sent(users, keys):
    return set(
        SentAlert.objects.filter(user__in=users, key__in=keys).values_list("user_id", "key").iterator()
    )


def _names(players):
    names = [p.name for p in players]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def send_story_alerts(now=None, report=None):
    now = now or timezone.now()
    report = report or Report()
    follows = _confirmed(
        Follow.objects.filter(story_alerts=True).select_related("user__profile", "player").order_by("pk")
    )
    if not follows:
        return report
    recent = Article.objects.published().filter(publish_at__gte=now - STORY_WINDOW)
    # One query per followed player, through the one definition of "a story about a player".
    stories_of = {
        player_id: set(recent.about_players([player_id]).values_list("pk", flat=True))
        for player_id in {f.player_id for f in follows}
    }
    article_ids = set().union(*stories_of.values())
    if not article_ids:
        return report
    articles = Article.objects.in_bulk(article_ids)

    wanted = defaultdict(lambda: defaultdict(list))  # user -> article -> players
    users = {}
    for follow in follows:
        users[follow.user_id] = follow.user
        for article_id in stories_of[follow.player_id]:
            if follow.alerts_since is None or articles[article_id].publish_at >= follow.alerts_since:
                wanted[follow.user_id][article_id].append(follow.player)
    sent = _already_sent(list(wanted), [f"story:{pk}" for pk in article_ids])
    for user_id, by_article in wanted.items():
        user = users[user_id]
        for article_id, players in sorted(by_article.items()):
            key = f"story:{article_id}"
            if (user_id, key) in sent:
                continue
            context = {"article": articles[article_id], "players_text": _names(players)}
            message = emails.build(
                user.email, "story_alert", context, emails.unsubscribe_url(user, SentAlert.Kind.STORY)
            )
            _deliver(report, user, SentAlert.Kind.STORY, key, message)
    return report


def digest_period(kind, now):
    """The last complete period before ``now``: (first day, day after the last), in site time."""
    today = timezone.localdate(now)
    if kind == Digest.DAILY:
        return today - timedelta(days=1), today
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(days=7), monday


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _result_line(match):
    from matches.templatetags.tennis import winner_score

    winner, loser = match.winner, match.loser
    names = f"{winner.name if winner else 'Not named'} d. {loser.name if loser else 'not named'}"
    return f"{names} {winner_score(match)} · {match.edition} {match.get_round_display()}".replace("  ", " ")


def send_digests(now=None, report=None):
    now = now or timezone.now()
    report = report or Report()
    for kind in (Digest.DAILY, Digest.WEEKLY):
        first, end = digest_period(kind, now)
        start_at, end_at = _local_midnight(first), _local_midnight(end)
        key = f"{kind}:{first.isoformat()}"
        follows = _confirmed(
            Follow.objects.filter(digest=kind).select_related("user__profile", "player").order_by("pk")
        )
        by_user = defaultdict(list)
        for follow in follows:
            # The first digest is for the first whole period after the reader asked for it.
            if follow.alerts_since is None or follow.alerts_since <= start_at:
                by_user[follow.user].append(follow.player)
        sent = _already_sent(list(by_user), [key])
        for user, players in by_user.items():
            if (user.pk, key) in sent:
                continue
            ids = [p.pk for p in players]
            stories = list(
                Article.objects.published()
                .about_players(ids)
                .filter(publish_at__gte=start_at, publish_at__lt=end_at)
                .for_cards()[:DIGEST_STORIES]
            )
            results = [
                {"match": m, "line": _result_line(m)}
                for m in Match.objects.with_related()
                .for_players(ids)
                .decided()
                .filter(date__gte=first, date__lt=end)
                .latest_first()[:DIGEST_RESULTS]
            ]
            if not stories and not results:
                continue
            last = end - timedelta(days=1)
            title = (
                f"Your daily digest for {first:%A} {first.day} {first:%B}"
                if kind == Digest.DAILY
                else f"Your weekly digest, {first.day} {first:%B} to {last.day} {last:%B}"
            )
            context = {
                "title": title,
                "players_text": _names(players),
                "stories": stories,
                "results": results,
            }
            message = emails.build(user.email, "digest", context, emails.unsubscribe_url(user, kind))
            _deliver(report, user, kind, key, message)
    return report


def send_all(now=None):
    report = Report()
    send_story_alerts(now, report)
    send_digests(now, report)
    return report
