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
story ids per kind of link, and each is scored by counting, per kind, the topics it shares. The
topic ids are always query parameters, never text in the SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from matches.models import Edition, Match, Tournament
from newsroom.prepared import Prepared
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


def _sql_names():
    """The tables and columns the query reads, quoted, from the models' own metadata."""
    q = connection.ops.quote_name
    return {
        "story": f"{q(Article._meta.db_table)}.{q('id')}",  # the outer row: the candidate story
        "story_match": f"{q(Article._meta.db_table)}.{q('match_id')}",
        "story_edition": f"{q(Article._meta.db_table)}.{q('edition_id')}",
        "stories": q(Article._meta.db_table),
        "story_players": q(Article.players.through._meta.db_table),
        "story_matches": q(Article.linked_matches.through._meta.db_table),
        "refs": q(BodyReference._meta.db_table),
        "players": q(Player._meta.db_table),
        "matches": q(Match._meta.db_table),
        "editions": q(Edition._meta.db_table),
        "tournaments": q(Tournament._meta.db_table),
    }


# Per kind of topic: the stories that link one (ids), and how many of them a story links (a count of
# the topics for which any of its links exists). {story}, {story_match} and {story_edition} are the
# candidate story's own row. Written as SQL rather than built with the ORM: the ORM took 5–7 ms of
# CPU a page to build and compile the same query.
LINKS = {
    "players": (
        "SELECT article_id FROM {story_players} WHERE player_id IN ({ids}) "
        "UNION SELECT article_id FROM {refs} WHERE player_id IN ({ids})",
        "SELECT COUNT(*) FROM {players} t WHERE t.id IN ({ids}) AND ("
        "EXISTS (SELECT 1 FROM {story_players} l WHERE l.article_id = {story} AND l.player_id = t.id) "
        "OR EXISTS (SELECT 1 FROM {refs} r WHERE r.article_id = {story} AND r.player_id = t.id))",
    ),
    "matches": (
        "SELECT id FROM {stories} WHERE match_id IN ({ids}) "
        "UNION SELECT article_id FROM {story_matches} WHERE match_id IN ({ids}) "
        "UNION SELECT article_id FROM {refs} WHERE match_id IN ({ids})",
        "SELECT COUNT(*) FROM {matches} t WHERE t.id IN ({ids}) AND ({story_match} = t.id "
        "OR EXISTS (SELECT 1 FROM {story_matches} l WHERE l.article_id = {story} AND l.match_id = t.id) "
        "OR EXISTS (SELECT 1 FROM {refs} r WHERE r.article_id = {story} AND r.match_id = t.id))",
    ),
    "editions": (
        "SELECT id FROM {stories} WHERE edition_id IN ({ids}) "
        "UNION SELECT article_id FROM {refs} WHERE edition_id IN ({ids})",
        "SELECT COUNT(*) FROM {editions} t WHERE t.id IN ({ids}) AND ({story_edition} = t.id "
        "OR EXISTS (SELECT 1 FROM {refs} r WHERE r.article_id = {story} AND r.edition_id = t.id))",
    ),
    "tournaments": (
        "SELECT a.id FROM {stories} a JOIN {editions} e ON e.id = a.edition_id "
        "WHERE e.tournament_id IN ({ids}) "
        "UNION SELECT article_id FROM {refs} WHERE tournament_id IN ({ids}) "
        "UNION SELECT r.article_id FROM {refs} r JOIN {editions} e ON e.id = r.edition_id "
        "WHERE e.tournament_id IN ({ids})",
        "SELECT COUNT(*) FROM {tournaments} t WHERE t.id IN ({ids}) AND ("
        "EXISTS (SELECT 1 FROM {editions} e WHERE e.id = {story_edition} AND e.tournament_id = t.id) "
        "OR EXISTS (SELECT 1 FROM {refs} r WHERE r.article_id = {story} AND r.tournament_id = t.id) "
        "OR EXISTS (SELECT 1 FROM {refs} r JOIN {editions} e ON e.id = r.edition_id "
        "WHERE r.article_id = {story} AND e.tournament_id = t.id))",
    ),
}


def related_stories(topics: Topics, *, exclude=(), limit: int = LIMIT):
    """Published stories sharing ``topics``, most shared first, then newest first, at most
    ``limit``, leaving out the story ids in ``exclude``. Annotated with ``shared``, the number of
    topics in common, with the columns of a story card only. One query: the reader gate is
    ``Article.objects.published()``."""
    if not topics:
        return Article.objects.none()
    return _RELATED(
        timezone.now(),
        *(tuple(sorted(getattr(topics, kind))) for kind in LINKS),
        tuple(sorted(set(exclude))),
        limit,
    )


def _related(now, *args):
    *topic_ids, exclude, limit = args
    names = _sql_names()
    candidates, counts, candidate_params, count_params = [], [], [], []
    for (linked, shared), ids in zip(LINKS.values(), topic_ids, strict=True):
        if not ids:
            continue
        marks = ", ".join(["%s"] * len(ids))
        candidates.append(linked.format(ids=marks, **names))
        candidate_params += list(ids) * linked.count("{ids}")
        counts.append(f"({shared.format(ids=marks, **names)})")
        count_params += list(ids) * shared.count("{ids}")
    return (
        Article.objects.published(now)
        .filter(pk__in=RawSQL(" UNION ".join(candidates), candidate_params))
        .exclude(pk__in=list(exclude))
        .select_related("edition__tournament")
        .card_fields()
        .annotate(shared=RawSQL(" + ".join(counts), count_params, output_field=IntegerField()))
        .order_by("-shared", "-publish_at", "-id")[:limit]
    )


# Compiled once a shape (how many topics of each kind, how many stories left out): newsroom.prepared.
_RELATED = Prepared(_related)
