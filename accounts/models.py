"""What an account keeps beside Django's user: the e-mail address it has confirmed, and the alert
e-mails already sent (so that ``send_alerts`` never sends one twice)."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class Profile(models.Model):
    """One per reader, made on first need. Alerts go only to a confirmed address: the address is
    confirmed while ``confirmed_email`` equals the user's e-mail (changing it unconfirms it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    confirmed_email = models.EmailField(blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Profile of {self.user}"

    def get_absolute_url(self):
        return reverse("accounts:account")

    @property
    def email_confirmed(self):
        email = self.user.email
        return bool(email) and email.lower() == self.confirmed_email.lower()


class SentAlert(models.Model):
    """One alert e-mail sent, or being sent, to one reader.

    ``key`` names what the e-mail was about: ``story:<article id>``, ``daily:<date>`` or
    ``weekly:<Monday>``. The unique (user, key) pair is claimed *before* the e-mail goes out, so two
    runs of ``send_alerts`` at once cannot both send it."""

    class Kind(models.TextChoices):
        STORY = "story", "Story alert"
        DAILY = "daily", "Daily digest"
        WEEKLY = "weekly", "Weekly digest"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_alerts")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_alert_per_user_and_key")]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.user} ({self.key})"
