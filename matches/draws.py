"""An edition's draw, built from its matches alone: the main draw and qualifying as brackets, round
robins as groups.

The data gives no draw positions, only who played whom in which round. So the bracket is built
from who advanced, from the last round backwards: the two players of a match came out of two
matches of the round before, found by player. Each column holds twice as many slots as the one after
it, so a match always sits beside the match it feeds::

    R32            R16            QF
    A d. B  ─┐
             ├─  A d. C  ─┐
    C d. D  ─┘            │
                          ├─  …
    E (bye) ─┐            │
             ├─  E d. F  ─┘
    F d. G  ─┘

Rules, in order:

* The last round that has matches is the right-hand column; it has as many slots as its round has
  matches, or more when the round before holds more than twice as many (a round in progress, its
  next round not yet drawn).
* Going left, a slot's two feeders are the matches of the round before holding its two players.
  A seeded player (or a lucky loser in a seed's place) who starts a round later has no such
  match: the slot reads *bye*. Anyone else missing from a round is carried through as *result not
  held*: the data lacks it. An unknown player ("to be decided") leaves an open slot.
* The stronger feeder goes on top: the one whose players include the best seed, then the best rank,
  then the lower match id. So the top seed's path runs along the top of the draw, as in the real
  draw, and the order never depends on the order the rows were stored in.
* Matches that no later match claims (their winner's next match is not held yet) fill the open
  slots of their round, strongest first, at the end of the round. Any still left over are listed
  after the bracket (``Bracket.unplaced``): the page never drops a result.

Round robins (the Tour Finals, team events) are grouped by who played whom (``matches.groups``).

Everything here is a pure function of match objects (``Match.objects.with_related()`` rows): no
query, so the edition page costs the same whatever the draw size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .groups import NO_RANK, NO_SEED, Group, player_key, round_robin
from .models import ROUND_ORDER, Entry, Round, Status

KNOCKOUT = (
    Round.FIRST,
    Round.SECOND,
    Round.THIRD,
    Round.R128,
    Round.R64,
    Round.R32,
    Round.R16,
    Round.QF,
    Round.SF,
    Round.F,
)
SHORT_LABELS = {
    Round.FIRST: "1R",
    Round.SECOND: "2R",
    Round.THIRD: "3R",
    Round.R128: "R128",
    Round.R64: "R64",
    Round.R32: "R32",
    Round.R16: "R16",
    Round.QF: "QF",
    Round.SF: "SF",
    Round.F: "F",
}
BYE_ENTRIES = {Entry.LUCKY_LOSER, Entry.ALTERNATE}
BYE, CARRIED, OPEN, EMPTY, MATCH = "bye", "carried", "open", "empty", "match"


def is_qualifying(code: str) -> bool:
    """Q1, Q2, Q3 (and Q4, which some events play): not QF."""
    return len(code) == 2 and code[0] == "Q" and code[1].isdigit()


def round_label(code: str) -> str:
    try:
        return Round(code).label
    except ValueError:  # a qualifying round the choices do not list yet (Q4)
        return f"Qualifying {code[1:]}" if is_qualifying(code) else code


@dataclass
class Slot:
    """One place in a bracket column: a match; a player who reached the next round without a match
    here (a bye, or a result not held); an open place (a match to be decided, or one not held); or
    an empty place (below a bye: nothing was played there)."""

    kind: str
    match: object | None = None
    top: int = 1  # which side of the match is drawn on top (the side the upper feeder sent)
    player: object | None = None  # BYE and CARRIED: the player who went through
    seed: int | None = None
    entry: str = ""
    feeds_unfinished: bool = True  # OPEN: the match it feeds is still to be played

    @property
    def is_match(self) -> bool:
        return self.kind == MATCH

    @property
    def is_bye(self) -> bool:
        return self.kind == BYE

    @property
    def is_carried(self) -> bool:
        return self.kind == CARRIED

    @property
    def is_open(self) -> bool:
        return self.kind == OPEN

    @property
    def is_empty(self) -> bool:
        return self.kind == EMPTY

    def rows(self):
        """The match's two rows (``Match.sides()``) in draw order: the top side first."""
        rows = self.match.sides()
        return rows if self.top == 1 else [rows[1], rows[0]]


@dataclass
class Column:
    code: str
    slots: list[Slot]
    previous: Column | None = None
    next: Column | None = None

    @property
    def label(self) -> str:
        return round_label(self.code)

    @property
    def short_label(self) -> str:
        return SHORT_LABELS.get(self.code, self.code)

    @property
    def anchor(self) -> str:
        return f"draw-{self.code.lower()}"


@dataclass
class Bracket:
    columns: list[Column]
    unplaced: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.columns)


@dataclass
class Draw:
    main: Bracket
    qualifying: Bracket
    groups: list[Group] = field(default_factory=list)
    rubbers: list = field(default_factory=list)  # round-robin matches outside any group (team ties)
    bronze: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.main or self.qualifying or self.groups or self.rubbers or self.bronze)


# --- building -------------------------------------------------------------------------------------


def build(matches) -> Draw:
    """The draw of one edition from its matches (any order)."""
    matches = list(matches)
    by_round: dict[str, list] = {}
    for match in matches:
        by_round.setdefault(match.round, []).append(match)
    order = sorted(by_round, key=lambda code: (ROUND_ORDER.get(code, 0), code))
    main = [(code, by_round[code]) for code in order if code in KNOCKOUT]
    qualifying = [(code, by_round[code]) for code in order if is_qualifying(code)]
    groups, rubbers = round_robin(by_round.get(Round.RR, []))  # matches.groups
    # Rounds outside a bracket (the Davis Cup's preliminary rounds, play-offs and challenge round,
    # the 2007 "early round") are listed with the rubbers, never dropped.
    placed = {*KNOCKOUT, Round.RR, Round.BR}
    rubbers = [
        *rubbers,
        *sorted(
            (m for m in matches if m.round not in placed and not is_qualifying(m.round)), key=lambda m: m.pk
        ),
    ]
    return Draw(
        main=bracket(main),
        qualifying=bracket(qualifying),
        groups=groups,
        rubbers=rubbers,
        bronze=sorted(by_round.get(Round.BR, []), key=lambda m: m.pk),
    )


def bracket(rounds) -> Bracket:
    """Columns from ``rounds`` — (round code, matches) pairs, first round first — see the module
    docstring for the rules."""
    rounds = [(code, list(matches)) for code, matches in rounds if matches]
    if not rounds:
        return Bracket(columns=[])
    players_in = []  # per column: {player id: match}
    for _code, matches in rounds:
        index = {}
        for match in sorted(matches, key=lambda m: m.pk):
            for pid in (match.player1_id, match.player2_id):
                if pid:
                    index.setdefault(pid, match)
        players_in.append(index)

    strength_cache: dict[int, tuple] = {}

    def strength(column, match):
        """The best (seed, rank) among the players of ``match``'s subtree, then its id."""
        if match.pk in strength_cache:
            return strength_cache[match.pk]
        best = min(player_key(match, 1), player_key(match, 2))
        if column > 0:
            for pid in (match.player1_id, match.player2_id):
                feeder = players_in[column - 1].get(pid) if pid else None
                if feeder is not None and feeder is not match:
                    best = min(best, strength(column - 1, feeder)[:2])
        strength_cache[match.pk] = (*best, match.pk)
        return strength_cache[match.pk]

    last = len(rounds) - 1
    width = max(-(-len(matches) // 2 ** (last - column)) for column, (_code, matches) in enumerate(rounds))
    slots = [Slot(OPEN) for _ in range(width)]
    claimed: set[int] = set()
    columns: list[Column] = []
    unplaced = []
    for column in range(last, -1, -1):
        code, matches = rounds[column]
        waiting = sorted((m for m in matches if m.pk not in claimed), key=lambda m: strength(column, m))
        free = [position for position, slot in enumerate(slots) if slot.is_open]
        for position, match in zip(free, waiting, strict=False):
            slots[position] = Slot(MATCH, match=match)
            claimed.add(match.pk)
        unplaced.extend(waiting[len(free) :])
        for slot in slots:
            if slot.is_match and column == 0:
                slot.top = _stronger_side(slot.match)
        columns.append(Column(code, slots))
        if column == 0:
            break
        slots = [child for slot in slots for child in _feeders(slot, column, players_in, claimed, strength)]
    columns.reverse()
    for before, after in zip(columns, columns[1:], strict=False):
        before.next, after.previous = after, before
    return Bracket(columns=columns, unplaced=sorted(unplaced, key=lambda m: (m.round_order, m.pk)))


def _stronger_side(match) -> int:
    return 1 if player_key(match, 1) <= player_key(match, 2) else 2


def _feeders(slot, column, players_in, claimed, strength):
    """The two slots of column ``column - 1`` that feed ``slot`` (of ``column``), stronger first;
    sets ``slot.top`` to the side the upper one sent."""
    below = players_in[column - 1]
    if slot.is_open or slot.is_empty:
        unknown = slot.is_open and slot.feeds_unfinished
        return [Slot(OPEN if unknown else EMPTY), Slot(OPEN if unknown else EMPTY)]
    if slot.is_bye:  # nothing came before a bye
        return [Slot(EMPTY), Slot(EMPTY)]
    if slot.is_carried:  # the player's path goes on below, on top; their opponent's is not held
        path = _feeder_for(slot.player, slot.seed, slot.entry, column, players_in, claimed)
        return [path, Slot(OPEN, feeds_unfinished=False)]
    match = slot.match
    unfinished = match.winner_side is None and match.status != Status.ABANDONED
    children = []
    for side in (1, 2):
        player = match.player1 if side == 1 else match.player2
        pid = match.player1_id if side == 1 else match.player2_id
        if not pid:
            children.append((side, Slot(OPEN, feeds_unfinished=unfinished), (NO_SEED, NO_RANK, NO_RANK)))
            continue
        seed, entry = (match.p1_seed, match.p1_entry) if side == 1 else (match.p2_seed, match.p2_entry)
        child = _feeder_for(player, seed, entry, column, players_in, claimed, feeder=below.get(pid))
        key = strength(column - 1, child.match) if child.is_match else (*player_key(match, side), 0)
        children.append((side, child, key))
    children.sort(key=lambda item: item[2])
    slot.top = children[0][0]
    return [child for _side, child, _key in children]


def _feeder_for(player, seed, entry, column, players_in, claimed, feeder=None):
    """The slot below ``column`` for a player who reached it: their match there, else a bye (no
    earlier match at all) or a carried place (an earlier match exists, this one is not held)."""
    pid = player.pk if player is not None else None
    if feeder is None and pid is not None:
        feeder = players_in[column - 1].get(pid)
    if feeder is not None and feeder.pk not in claimed:
        claimed.add(feeder.pk)
        return Slot(MATCH, match=feeder)
    # A bye is a seed's (or a lucky loser's in a seed's place) in the first round held; anyone else
    # missing from a round is a result the data does not hold.
    first_held = column - 1 == 0 or not any(pid in players_in[c] for c in range(column - 1))
    bye = first_held and (seed or entry in BYE_ENTRIES)
    return Slot(BYE if bye else CARRIED, player=player, seed=seed, entry=entry)
