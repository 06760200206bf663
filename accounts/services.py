"""What account views and commands do to the database, in one place: confirming addresses,
following with an intent carried through sign-in, alert preferences, deleting an account."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from players.models import Digest, Follow, Player

from .models import Profile

User = get_user_model()


def profile_for(user) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def email_confirmed(user) -> bool:
    """Whether the account's current address is confirmed (one query; makes no profile)."""
    confirmed = Profile.objects.filter(user=user).values_list("confirmed_email", flat=True).first()
    return bool(user.email) and (confirmed or "").lower() == user.email.lower()


def address_taken(email: str, exclude=None) -> bool:
    """Whether another account has confirmed ``email`` as its address."""
    holders = User.objects.filter(email__iexact=email, profile__confirmed_email__iexact=email)
    if exclude is not None:
        holders = holders.exclude(pk=exclude.pk)
    return holders.exists()


@transaction.atomic
def confirm_email(user, email: str) -> bool:
    """Make ``email`` the account's confirmed address. False (and nothing changes) if another account
    confirmed it in the meantime."""
    if address_taken(email, exclude=user):
        return False
    user.email = email
    user.save(update_fields=["email"])
    profile = profile_for(user)
    profile.confirmed_email = email
    profile.confirmed_at = timezone.now()
    profile.save()
    return True


def follow(request, player: Player) -> Follow:
    """Follow ``player`` (or keep following), with the message a reader sees."""
    follow, created = Follow.objects.get_or_create(user=request.user, player=player)
    if created:
        messages.success(
            request,
            f"You follow {player.name}: their stories and results are on Following, "
            "where you can also ask for e-mail alerts.",
        )
    else:
        messages.info(request, f"You already follow {player.name}.")
    return follow


def follow_from_intent(request, slug: str | None) -> None:
    """Complete a follow chosen before signing in (``slug`` from a verified intent)."""
    if not slug:
        return
    player = Player.objects.filter(slug=slug).first()
    if player is not None:
        follow(request, player)


def set_alerts(follow: Follow, story_alerts: bool, digest: str) -> bool:
    """Save one follow's alert choices; returns whether anything changed. Switching alerts on starts
    them from now: the reader is never sent stories published before they asked."""
    digest = digest if digest in Digest.values else Digest.NONE
    if (follow.story_alerts, follow.digest) == (story_alerts, digest):
        return False
    was_on = follow.story_alerts or follow.digest
    follow.story_alerts, follow.digest = story_alerts, digest
    if (story_alerts or digest) and not was_on:
        follow.alerts_since = timezone.now()
    follow.save(update_fields=["story_alerts", "digest", "alerts_since"])
    return True


def unsubscribe(user, kind: str) -> int:
    """Turn off one kind of alert (``story``, ``daily``, ``weekly``) for every player ``user``
    follows; returns how many follows changed."""
    follows = Follow.objects.filter(user=user)
    if kind == "story":
        return follows.filter(story_alerts=True).update(story_alerts=False)
    if kind in (Digest.DAILY, Digest.WEEKLY):
        return follows.filter(digest=kind).update(digest=Digest.NONE)
    return 0


@transaction.atomic
def delete_account(user) -> None:
    """Delete the account and everything personal with it: follows with their alert choices, the
    record of alerts sent and the profile all cascade from the user. Sessions left signed in on other
    devices hold only the user's id, which no longer signs anyone in."""
    user.delete()
