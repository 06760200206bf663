"""Related stories: ranked by how much they share with what a page is about.

What a story links, its *topics*:

* players — the story's players and the players its body names (``[[player:…]]``);
* matches — the matches it lists, the match it reports, and those its body names;
* editions — its edition and the editions its body names;
* tournaments — the tournaments of those editions and the tournaments its body names.

A match page's topics are the match, its two players, its edition and tournament. Another story is
related when it shares at least one topic; stories are ranked by how many they share (two players
and the match beat one player), then newest first (``publish_at``). Only published stories are
candidates (``Article.objects.published()``, the one reader gate).

One query, whatever the number of stories: the candidates are found through indexed look-ups of
story ids per kind of link, and each is scored by counting, per kind, the topics it shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from matches.models import Edition, Match, Tournament
from players.models import Player

from .models import Article, BodyReference

LIMIT = 4


@dataclass(frozen=True)
class Topics:
    players: frozenset[int] = field(default_factory=frozenset)
    matches: frozenset[int] = field(default_factory=frozenset)
    editions: frozenset[int] = field(default_factory=frozenset)
    tournaments: frozenset[int] = field(default_factory=frozenset)

    def __bool__(self) -> bool:
        return bool(self.players or self.matches or self.editions or self.tournaments)


def _ids(values) -> frozenset[int]:
    return frozenset(value for value in values if value)


def story_topics(article) -> Topics:
    """What ``article`` links. Reads its prefetched players, linked matches and body references
    (``body_references`` with their editions) and its edition: no query of its own."""
    refs = list(article.body_references.all())
    editions = [article.edition] if article.edition_id else []
    editions += [ref.edition for ref in refs if ref.edition_id]
    return Topics(
        players=_ids([p.pk for p in article.players.all()] + [r.player_id for r in refs]),
        matches=_ids(
            [m.pk for m in article.linked_matches.all()] + [article.match_id] + [r.match_id for r in refs]
        ),
        editions=_ids(e.pk for e in editions),
        tournaments=_ids([e.tournament_id for e in editions] + [r.tournament_id for r in refs]),
    )


def match_topics(match) -> Topics:
    return Topics(
        players=_ids([match.player1_id, match.player2_id]),
        matches=_ids([match.pk]),
        editions=_ids([match.edition_id]),
        tournaments=_ids([match.edition.tournament_id]),
    )


class _Count(Subquery):
    """How many distinct rows a subquery finds, as an integer column (0 when none)."""

    template = "(SELECT COUNT(DISTINCT _shared.id) FROM (%(subquery)s) _shared)"
    output_field = IntegerField()


def _shared(queryset):
    return Coalesce(_Count(queryset.order_by().values("id")), Value(0))


def related_stories(topics: Topics, *, exclude=None, limit: int = LIMIT):
    """Published stories sharing ``topics``, most shared first, then newest first, at most
    ``limit``; ``exclude`` is a story id list or a queryset of stories to leave out. Annotated with
    ``shared``, the number of topics in common."""
    if not topics:
        return Article.objects.none()
    story = OuterRef("pk")
    candidates = Q()
    score = Value(0)
    if topics.players:
        candidates |= Q(
            pk__in=Article.players.through.objects.filter(player__in=topics.players).values("article_id")
        )
        candidates |= Q(pk__in=BodyReference.objects.filter(player__in=topics.players).values("article_id"))
        score += _shared(
            Player.objects.filter(pk__in=topics.players).filter(
                Q(articles=story) | Q(body_references__article=story)
            )
        )
    if topics.matches:
        candidates |= Q(match__in=topics.matches)
        candidates |= Q(
            pk__in=Article.linked_matches.through.objects.filter(match__in=topics.matches).values(
                "article_id"
            )
        )
        candidates |= Q(pk__in=BodyReference.objects.filter(match__in=topics.matches).values("article_id"))
        score += _shared(
            Match.objects.filter(pk__in=topics.matches).filter(
                Q(articles=story) | Q(reports=story) | Q(body_references__article=story)
            )
        )
    if topics.editions:
        candidates |= Q(edition__in=topics.editions)
        candidates |= Q(pk__in=BodyReference.objects.filter(edition__in=topics.editions).values("article_id"))
        score += _shared(
            Edition.objects.filter(pk__in=topics.editions).filter(
                Q(articles=story) | Q(body_references__article=story)
            )
        )
    if topics.tournaments:
        candidates |= Q(edition__tournament__in=topics.tournaments)
        candidates |= Q(
            pk__in=BodyReference.objects.filter(
                Q(tournament__in=topics.tournaments) | Q(edition__tournament__in=topics.tournaments)
            ).values("article_id")
        )
        score += _shared(
            Tournament.objects.filter(pk__in=topics.tournaments).filter(
                Q(editions__articles=story)
                | Q(body_references__article=story)
                | Q(editions__body_references__article=story)
            )
        )
    stories = Article.objects.published().filter(candidates)
    if exclude is not None:
        stories = stories.exclude(pk__in=exclude.values("pk") if hasattr(exclude, "values") else exclude)
    return (
        stories.select_related("edition__tournament")
        .annotate(shared=score)
        .order_by("-shared", "-publish_at", "-id")[:limit]
    )
