"""Round robins — the Tour Finals' groups, a team event's ties — from their matches alone.

Players linked by matches form a group (found as connected components: whoever played whom); a
"group" of two players who met nobody else is a single rubber of a team tie and is listed, not
tabled. Groups are named A, B, … with the group of the best seed first. A group's table is ordered
by ``STANDINGS_RULE``, the ATP's order as far as the results tell it.

Pure functions of match objects, like ``matches.draws``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Status

NO_SEED, NO_RANK = 10_000, 10_000_000


@dataclass
class Standing:
    """A player's line in a round-robin group: matches, sets and games won and lost."""

    player: object
    wins: int = 0
    losses: int = 0
    sets_won: int = 0
    sets_lost: int = 0
    games_won: int = 0
    games_lost: int = 0

    @property
    def played(self) -> int:
        return self.wins + self.losses

    @staticmethod
    def _share(won, lost) -> float:
        return won / (won + lost) if won + lost else 0.0

    @property
    def sets_share(self) -> float:
        return self._share(self.sets_won, self.sets_lost)

    @property
    def games_share(self) -> float:
        return self._share(self.games_won, self.games_lost)


@dataclass
class Group:
    name: str
    standings: list[Standing]
    matches: list


def player_key(match, side):
    """How a side of ``match`` ranks for ordering: (seed, rank), unseeded and unranked last."""
    seed = match.p1_seed if side == 1 else match.p2_seed
    rank = match.p1_rank if side == 1 else match.p2_rank
    return (seed or NO_SEED, rank or NO_RANK)


def round_robin(matches) -> tuple[list[Group], list]:
    """Groups of players linked by matches, strongest group first, each with its standings (see
    ``standings``); matches of a pair who meet nobody else (a team tie's rubbers) come back as a
    plain list."""
    parent: dict[int, int] = {}

    def find(pid):
        while parent.setdefault(pid, pid) != pid:
            parent[pid] = parent[parent[pid]]
            pid = parent[pid]
        return pid

    for match in matches:
        if match.player1_id and match.player2_id:
            parent[find(match.player1_id)] = find(match.player2_id)
    members: dict[int, list] = {}
    for match in matches:
        pid = match.player1_id or match.player2_id
        members.setdefault(find(pid) if pid else 0, []).append(match)

    groups, rubbers = [], []
    for group_matches in members.values():
        keys = {}
        for match in group_matches:
            for side, player in ((1, match.player1), (2, match.player2)):
                if player is not None:
                    keys[player.pk] = min(keys.get(player.pk, (NO_SEED, NO_RANK)), player_key(match, side))
        if len(keys) < 3:
            rubbers.extend(group_matches)
            continue
        ordered = sorted(group_matches, key=lambda m: m.pk)
        groups.append((min(keys.values()), standings(ordered, keys), ordered))
    groups.sort(key=lambda group: group[0])
    named = [
        Group(name=f"Group {chr(ord('A') + number)}", standings=table, matches=group_matches)
        for number, (_key, table, group_matches) in enumerate(groups)
    ]
    return named, sorted(rubbers, key=lambda m: m.pk)


STANDINGS_RULE = (
    "Ordered by wins, then matches played; two players level are ordered by their match, more than "
    "two by the share of sets won, then of games won."
)


def standings(matches, keys) -> list[Standing]:
    """A round-robin group's table (``STANDINGS_RULE``). Walkovers and abandoned matches count no
    sets or games; unplayed matches count nothing. ``keys`` ({player id: (seed, rank)}) breaks what
    the results leave level, and lists players who have not played yet."""
    players = {}
    for match in matches:
        for player in (match.player1, match.player2):
            if player is not None:
                players.setdefault(player.pk, Standing(player))
    beat = set()
    for match in matches:
        if not match.winner_side or match.status in (Status.SCHEDULED, Status.LIVE, Status.ABANDONED):
            continue
        winner, loser = (
            (match.player1_id, match.player2_id)
            if match.winner_side == 1
            else (match.player2_id, match.player1_id)
        )
        beat.add((winner, loser))
        if winner in players:
            players[winner].wins += 1
        if loser in players:
            players[loser].losses += 1
        if match.status == Status.WALKOVER or not match.score:
            continue
        for set_score in match.score.sets:
            for pid, own, other in (
                (match.player1_id, set_score.games1, set_score.games2),
                (match.player2_id, set_score.games2, set_score.games1),
            ):
                if pid not in players or set_score.match_tiebreak:
                    continue
                players[pid].games_won += own
                players[pid].games_lost += other
        won1, won2 = match.score.sets_won()
        for pid, own, other in ((match.player1_id, won1, won2), (match.player2_id, won2, won1)):
            if pid in players:
                players[pid].sets_won += own
                players[pid].sets_lost += other

    def level_key(s):
        return (-s.wins, -s.played)

    table = sorted(players.values(), key=lambda s: (*level_key(s), keys.get(s.player.pk), s.player.name))
    ordered = []
    for s in table:
        if ordered and level_key(ordered[-1][0]) == level_key(s):
            ordered[-1].append(s)
        else:
            ordered.append([s])
    result = []
    for level in ordered:
        if len(level) == 2:
            a, b = level
            if (b.player.pk, a.player.pk) in beat and (a.player.pk, b.player.pk) not in beat:
                level = [b, a]
        elif len(level) > 2:
            level = sorted(level, key=lambda s: (-s.sets_share, -s.games_share, keys.get(s.player.pk)))
        result.extend(level)
    return result
