"""What a story's body links to, kept as rows so that related stories and topics can count it.

The body's references — ``[[player:…]]``, ``[[match:…]]``, ``[[edition:…]]``, ``[[tournament:…]]`` —
are resolved by the one Markdown pipeline (``articles.markdown``) every time the story is saved.
``store`` then makes the story's ``BodyReference`` rows say exactly what the body links, through model
saves and deletes (so signals fire). A reference that does not resolve is not stored; it resolves,
and is stored, the next time the story is saved after the player or match exists. Quotes
(``[[quote:…]]``) are not stored: a quote already belongs to its story and names its speaker.

The story's own fields (players, matches, the match reported, the edition) stay as they are: the
editor sets them; the body adds to them.
"""

from django.db import models
from django.db.models import Q

KINDS = ("player", "match", "edition", "tournament")


def _one_target():
    """Exactly one of the four targets is set."""
    alternatives = Q()
    for kind in KINDS:
        alternatives |= Q(
            **{f"{kind}__isnull": False}, **{f"{other}__isnull": True for other in KINDS if other != kind}
        )
    return alternatives


class BodyReference(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="body_references")
    player = models.ForeignKey(
        "players.Player", null=True, blank=True, on_delete=models.CASCADE, related_name="body_references"
    )
    match = models.ForeignKey(
        "matches.Match", null=True, blank=True, on_delete=models.CASCADE, related_name="body_references"
    )
    edition = models.ForeignKey(
        "matches.Edition", null=True, blank=True, on_delete=models.CASCADE, related_name="body_references"
    )
    tournament = models.ForeignKey(
        "matches.Tournament", null=True, blank=True, on_delete=models.CASCADE, related_name="body_references"
    )

    class Meta:
        app_label = "articles"
        ordering = ["article", "id"]
        verbose_name = "reference in a story's body"
        constraints = [
            models.CheckConstraint(condition=_one_target(), name="body_reference_one_target"),
            *(
                models.UniqueConstraint(
                    fields=["article", kind],
                    condition=Q(**{f"{kind}__isnull": False}),
                    name=f"unique_body_{kind}",
                )
                for kind in KINDS
            ),
        ]

    def __str__(self):
        return f"{self.article_id} links {self.kind} {self.target_id}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    @property
    def kind(self) -> str:
        return next(kind for kind in KINDS if getattr(self, f"{kind}_id"))

    @property
    def target_id(self) -> int:
        return getattr(self, f"{self.kind}_id")


def store(article, resolved) -> None:
    """Make ``article``'s stored references match ``resolved`` ([(kind, object)] from
    ``articles.markdown.render``): delete the ones the body no longer has, add the new ones."""
    wanted = {(kind, obj.pk) for kind, obj in resolved if kind in KINDS}
    held = {(ref.kind, ref.target_id): ref for ref in BodyReference.objects.filter(article=article)}
    for key, reference in held.items():
        if key not in wanted:
            reference.delete()
    for kind, pk in sorted(wanted - held.keys()):
        BodyReference(article=article, **{f"{kind}_id": pk}).save()
