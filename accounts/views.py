"""Reader accounts: sign up and in, the account page, e-mail and password changes, deleting the
account, following players (also from a signed-out page) and alert choices.

Everything works without JavaScript: plain forms that POST and redirect back. Forms that guess at
passwords or send e-mail are rate-limited (``accounts.ratelimit``), and no page or message says
whether an e-mail address has an account.
"""

from urllib.parse import urlencode, urlparse

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from articles.models import Article
from matches.models import Match
from players.models import Follow, Player

from . import emails, services, tokens
from .forms import AlertsForm, DeleteAccountForm, EmailChangeForm, ResetForm, SignupForm
from .ratelimit import Limit, check, client_ip, too_many_attempts

FOLLOWING_STORIES = 20
FOLLOWING_RESULTS = 15

# Generous enough that a reader never meets them; tight enough to stop guessing and mail bombing.
SIGNIN_BY_IP = Limit("signin-ip", count=30, seconds=15 * 60)
SIGNIN_BY_ACCOUNT = Limit("signin-account", count=10, seconds=15 * 60)
SIGNUP_BY_IP = Limit("signup-ip", count=10, seconds=60 * 60)
SIGNUP_BY_EMAIL = Limit("signup-email", count=5, seconds=60 * 60)  # each sign-up mails the address
RESET_BY_IP = Limit("reset-ip", count=10, seconds=60 * 60)
RESET_BY_EMAIL = Limit("reset-email", count=5, seconds=60 * 60)
CONFIRMATION_BY_ACCOUNT = Limit("confirmation-account", count=5, seconds=60 * 60)

NOT_SENT = "We could not send the e-mail just now. Please try again in a few minutes from your account page."


def _is_auth_page(url):
    """Sign-in and sign-up pages: never a place to go back to (a signed-in reader would loop)."""
    return urlparse(url).path in {reverse("accounts:login"), reverse("accounts:signup")}


def _safe_next(request):
    """The ``next`` URL when it points back into this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ) and not _is_auth_page(target):
        return target
    return "/"


def _follow_intent(request):
    """``(signed value, player)`` of a follow chosen before signing in, or ``("", None)``."""
    value = request.POST.get("follow") or request.GET.get("follow") or ""
    slug = tokens.read_follow_intent(value)
    player = Player.objects.filter(slug=slug).first() if slug else None
    return (value, player) if player else ("", None)


def _intent_context(request):
    """What the sign-in and sign-up pages carry between them: where to go back to, what to follow."""
    value, player = _follow_intent(request)
    next_url = _safe_next(request)
    query = {"next": next_url, **({"follow": value} if value else {})}
    return {
        "next": next_url,
        "follow_value": value,
        "follow_player": player,
        "intent_query": urlencode(query),
    }


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_redirect_url(self):
        url = super().get_redirect_url()
        return "" if url and _is_auth_page(url) else url

    def post(self, request, *args, **kwargs):
        over = check(
            request,
            [(SIGNIN_BY_IP, client_ip(request)), (SIGNIN_BY_ACCOUNT, request.POST.get("username", ""))],
        )
        if over:
            context = {**_intent_context(request), "form": self.get_form()}
            return too_many_attempts(request, self.template_name, context, over)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        _, player = _follow_intent(self.request)
        if player:
            services.follow(self.request, player)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_intent_context(self.request))
        return context


def signup(request):
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    context = _intent_context(request)
    form = SignupForm(request.POST or None)
    context["form"] = form
    if request.method == "POST":
        over = check(
            request,
            [(SIGNUP_BY_IP, client_ip(request)), (SIGNUP_BY_EMAIL, request.POST.get("email", ""))],
        )
        if over:
            return too_many_attempts(request, "accounts/signup.html", context, over)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            # The same words whether or not another account has this address: the e-mail differs.
            sent = emails.send_email_confirmation(user, user.email)
            messages.success(
                request,
                f"Welcome to Baseline, {user.username}. You are signed in. "
                + (
                    f"We have sent a link to {user.email}: follow it to confirm your address."
                    if sent
                    else NOT_SENT
                ),
            )
            if context["follow_player"]:
                services.follow(request, context["follow_player"])
            return redirect(context["next"])
    return render(request, "accounts/signup.html", context)


@require_POST
def follow(request, slug):
    """Follow the player, or stop following them if the reader already does.

    Signed out (a page from before the session ended), the reader is sent to sign in, carrying the
    intent: the follow happens when they sign in or create an account, never on a GET."""
    player = get_object_or_404(Player, slug=slug)
    back = request.POST.get("next") and _safe_next(request) or player.get_absolute_url()
    if not request.user.is_authenticated:
        query = urlencode({"next": back, "follow": tokens.follow_intent(player.slug)})
        return redirect(f"{reverse('accounts:login')}?{query}")
    deleted, _ = Follow.objects.filter(user=request.user, player=player).delete()
    if deleted:
        messages.success(request, f"You no longer follow {player.name}.")
    else:
        services.follow(request, player)
    return redirect(back)


@login_required
def following(request):
    """Published stories about the players the reader follows, those players' latest results, and
    the reader's alert choices for each.

    Three queries whatever the number of follows: the follows with their players, the stories, the
    results."""
    follows = list(
        Follow.objects.filter(user=request.user)
        .select_related("player")
        .order_by(F("player__current_rank").asc(nulls_last=True), "player__last_name", "player__first_name")
    )
    players = [f.player for f in follows]
    stories = results = []
    if players:
        ids = [p.pk for p in players]
        stories = list(Article.objects.published().for_cards().about_players(ids)[:FOLLOWING_STORIES])
        results = list(Match.objects.for_players(ids).decided().newest(FOLLOWING_RESULTS))
    context = {
        "players": players,
        "stories": stories,
        "results": results,
        "alerts_form": AlertsForm(follows),
        "email_confirmed": services.email_confirmed(request.user) if follows else True,
    }
    return render(request, "accounts/following.html", context)


@login_required
@require_POST
def alerts(request):
    follows = Follow.objects.filter(user=request.user).select_related("player")
    form = AlertsForm(follows, request.POST)
    if form.is_valid():
        changed = sum(services.set_alerts(f, story, digest) for f, story, digest in form.choices())
        messages.success(request, "Your alert choices are saved." if changed else "Nothing changed.")
    return redirect(f"{reverse('following')}#alerts-heading")


@login_required
def account(request):
    """The reader's account: address, password, follows and alerts, signing out and leaving."""
    counts = Follow.objects.filter(user=request.user).aggregate(
        follows=Count("pk"), alerts_on=Count("pk", filter=Q(story_alerts=True) | ~Q(digest=""))
    )
    context = {"email_confirmed": services.email_confirmed(request.user), **counts}
    return render(request, "accounts/account.html", context)


@login_required
def change_email(request):
    form = EmailChangeForm(request.user, request.POST or None)
    if request.method == "POST":
        over = check(request, [(CONFIRMATION_BY_ACCOUNT, str(request.user.pk))])
        if over:
            return too_many_attempts(request, "accounts/email_change.html", {"form": form}, over)
        if form.is_valid():
            new_email = form.cleaned_data["email"]
            if emails.send_email_confirmation(request.user, new_email):
                messages.success(
                    request,
                    f"We have sent a link to {new_email}. Your address changes when you follow it "
                    "(within three days).",
                )
                return redirect("accounts:account")
            messages.error(request, NOT_SENT)
    return render(request, "accounts/email_change.html", {"form": form})


@login_required
@require_POST
def resend_confirmation(request):
    over = check(request, [(CONFIRMATION_BY_ACCOUNT, str(request.user.pk))])
    if over:
        messages.error(request, f"Too many links sent. Please wait {over.wait_minutes} minutes.")
    elif request.user.email:
        if emails.send_email_confirmation(request.user, request.user.email):
            messages.success(request, f"We have sent a new link to {request.user.email}.")
        else:
            messages.error(request, NOT_SENT)
    return redirect("accounts:account")


def confirm_email(request, token):
    """Follow the link from the e-mail: GET shows what will happen, POST does it (mail scanners
    that open links do not confirm anything). No sign-in needed: the token is the proof."""
    data = tokens.read_email_token(token)
    user = None
    if data:
        user_id, new_email, fingerprint = data
        user = services.User.objects.filter(pk=user_id, is_active=True).first()
        if user and not tokens.email_matches(user.email, fingerprint):
            user = None  # the address changed since the link was sent: the link is spent
    if user is None:
        return render(request, "accounts/email_confirm.html", {"invalid": True}, status=400)
    if request.method == "POST":
        if services.confirm_email(user, new_email):
            messages.success(request, f"Thank you: {new_email} is confirmed.")
        else:
            messages.error(request, "That address could not be confirmed. Please try another.")
        return redirect("accounts:account" if request.user == user else "articles:home")
    return render(request, "accounts/email_confirm.html", {"email": new_email})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        messages.success(self.request, "Your password is changed.")
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, with our templates and a rate limit. The page after it reads the same whether
    or not the address has an account."""

    form_class = ResetForm
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        over = check(
            request, [(RESET_BY_IP, client_ip(request)), (RESET_BY_EMAIL, request.POST.get("email", ""))]
        )
        if over:
            return too_many_attempts(request, self.template_name, {"form": self.get_form()}, over)
        return super().post(request, *args, **kwargs)

    @property
    def extra_email_context(self):
        return {"SITE_URL": settings.SITE_URL}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@login_required
def delete_account(request):
    user = request.user
    form = DeleteAccountForm(user, request.POST or None)
    if user.is_staff:
        return render(request, "accounts/delete.html", {"form": None, "staff": True})
    if request.method == "POST" and form.is_valid():
        logout(request)
        services.delete_account(user)
        messages.success(request, "Your account is deleted, with the players you followed and your alerts.")
        return redirect("articles:home")
    return render(request, "accounts/delete.html", {"form": form})


@csrf_exempt  # mail programs POST here with no cookie; the signed token is the authority
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """One-click unsubscribe from an alert e-mail: no sign-in, the signed token says who and what.

    GET shows a button (link scanners must not unsubscribe anyone); POST — from that button, or from
    a mail program under RFC 8058 (``List-Unsubscribe=One-Click``) — does it."""
    data = tokens.read_unsubscribe_token(token)
    user = services.User.objects.filter(pk=data[0]).first() if data else None
    if user is None:
        return render(request, "accounts/unsubscribe.html", {"invalid": True}, status=400)
    kind = data[1]
    label = UNSUBSCRIBE_LABELS.get(kind)
    if label is None:
        return render(request, "accounts/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        services.unsubscribe(user, kind)
        return render(request, "accounts/unsubscribe.html", {"done": True, "label": label})
    return render(request, "accounts/unsubscribe.html", {"label": label, "token": token})


UNSUBSCRIBE_LABELS = {
    "story": "e-mails when a story about a player you follow is published",
    "daily": "the daily digest",
    "weekly": "the weekly digest",
}
