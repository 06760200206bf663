"""Reader accounts: sign up, follow players, and the Following page.

Everything here works without JavaScript: plain forms that POST and redirect back.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from articles.models import Article
from matches.models import Match
from players.models import Follow, Player

from .forms import SignupForm

FOLLOWING_STORIES = 20
FOLLOWING_RESULTS = 15


def _safe_next(request):
    """The ``next`` URL when it points back into this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def signup(request):
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to Baseline, {user.username}. You are signed in.")
        return redirect(_safe_next(request))
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request)})


@require_POST
def follow(request, slug):
    """Follow the player, or stop following them if the reader already does."""
    player = get_object_or_404(Player, slug=slug)
    if not request.user.is_authenticated:
        # Back to the player page after signing in, not to this POST-only URL.
        return redirect_to_login(player.get_absolute_url())
    deleted, _ = Follow.objects.filter(user=request.user, player=player).delete()
    if deleted:
        messages.success(request, f"You no longer follow {player.name}.")
    else:
        Follow.objects.get_or_create(user=request.user, player=player)
        messages.success(request, f"You follow {player.name}: their stories and results are on Following.")
    return redirect(player)


@login_required
def following(request):
    """Published stories about the players the reader follows, and those players' latest results.

    Three queries whatever the number of follows: the players, the stories, the results.
    """
    players = list(Player.objects.filter(followers__user=request.user).ranked())
    stories = results = []
    if players:
        ids = [p.pk for p in players]
        stories = list(Article.objects.published().for_cards().about_players(ids)[:FOLLOWING_STORIES])
        results = list(
            Match.objects.with_related().for_players(ids).decided().latest_first()[:FOLLOWING_RESULTS]
        )
    return render(
        request, "accounts/following.html", {"players": players, "stories": stories, "results": results}
    )
