"""Reader account forms: sign up, reset and change the password, change the e-mail address,
delete the account, and choose alerts for followed players."""

from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.contrib.auth.models import User

from players.models import Digest

from .models import Profile


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        help_text="For resetting your password and for the alerts you choose. We send a link to confirm it."
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Password managers and phones fill forms better when told what each field is for.
        self.fields["username"].widget.attrs.update(autocomplete="username", autocapitalize="none")
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"


class ResetForm(PasswordResetForm):
    """Django's reset form, sending only to the account(s) that confirmed the address when there are
    any, so an address someone else typed at sign-up cannot collect a reset link for their account."""

    def get_users(self, email):
        users = list(super().get_users(email))
        confirmed = [u for u in users if _confirmed(u)]
        return confirmed or users


def _confirmed(user):
    try:
        return user.profile.email_confirmed
    except Profile.DoesNotExist:
        return False


class PasswordCheckMixin:
    """A ``password`` field checked against the signed-in user's current password."""

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.")
        return password


class EmailChangeForm(PasswordCheckMixin, forms.Form):
    email = forms.EmailField(
        label="New e-mail address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="We send a link to this address; your address changes when you follow it.",
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if email.lower() == (self.user.email or "").lower():
            raise forms.ValidationError("That is already your address.")
        return email


class DeleteAccountForm(PasswordCheckMixin, forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )


class AlertsForm(forms.Form):
    """One row per followed player: an e-mail for each new story, and a digest. Field names carry the
    follow's id, so the form posts every row at once."""

    def __init__(self, follows, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.follows = list(follows)
        for follow in self.follows:
            name = follow.player.name
            self.fields[f"story-{follow.pk}"] = forms.BooleanField(
                required=False, initial=follow.story_alerts, label=f"E-mail each story about {name}"
            )
            self.fields[f"digest-{follow.pk}"] = forms.ChoiceField(
                choices=Digest.choices, required=False, initial=follow.digest, label=f"Digest for {name}"
            )

    def rows(self):
        """(follow, story field, digest field) for the template."""
        return [(f, self[f"story-{f.pk}"], self[f"digest-{f.pk}"]) for f in self.follows]

    def choices(self):
        """(follow, story_alerts, digest) as posted."""
        data = self.cleaned_data
        return [(f, data.get(f"story-{f.pk}", False), data.get(f"digest-{f.pk}", "")) for f in self.follows]
