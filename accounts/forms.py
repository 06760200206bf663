"""The reader sign-up form: Django's UserCreationForm with an email address."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User


class SignupForm(UserCreationForm):
    email = forms.EmailField(help_text="Only used if you need to reset your password.")

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
