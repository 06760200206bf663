"""Davis Cup ties, grouped for readers: a year's ties by stage of the competition, then by round.

The ATP data makes each tie its own event, named by its stage, round and the two nations::

    >>> tie = read_tie("Davis Cup WG QF: ESP vs AUT")
    >>> tie.stage, tie.round, tie.home, tie.away
    ('WG', 'QF', 'ESP', 'AUT')
    >>> STAGES["WG"]
    'World Group'

A name that does not read this way (a tie an editor named otherwise) keeps its name and goes with
the other ties, last. Pure functions: the view fetches the ties of a year and hands them over.
"""

import re
from dataclasses import dataclass

from players.countries import country_name

from .models import ROUND_ORDER
from .models import Round as R

# Stages in the order a reader expects them: the top tier first, then the groups, then the regional
# zones of the early years. Labels as the ITF names them.
STAGES = {
    "Finals": "Finals",
    "WG": "World Group",
    "QLS": "Qualifiers",
    "WG1": "World Group I",
    "WG2": "World Group II",
    "G1": "Group I",
    "G2": "Group II",
    "G3": "Group III",
    "G4": "Group IV",
    "EUR": "Europe Zone",
    "AME": "America Zone",
    "SAM": "South America Zone",
    "Eastern": "Eastern Zone",
    "AOC": "Asia/Oceania Zone",
    "AFR": "Africa Zone",
}
OTHER_STAGE = "Other ties"

# The round part of a tie's name, as in the importer (matches.atp_import.match_rows).
ROUNDS = {
    "CR": R.CHALLENGE,
    "F": R.F,
    "SF": R.SF,
    "QF": R.QF,
    "RR": R.RR,
    "R1": R.FIRST,
    "R2": R.SECOND,
    "R3": R.THIRD,
    "PR": R.PRELIMINARY,
    "PQ": R.PRELIMINARY,
    "PO": R.PLAY_OFF,
}
ROUND_LABELS = dict(R.choices) | {"PQ": "Pre-qualifying"}

_TIE_RE = re.compile(r"^Davis Cup (?P<stage>\S+) (?P<round>[A-Z]{1,2}\d?): (?P<home>\w+) vs (?P<away>\w+)$")


@dataclass(frozen=True)
class Tie:
    name: str
    stage: str = ""
    round: str = ""
    home: str = ""
    away: str = ""

    @property
    def title(self) -> str:
        """'Spain v Austria', or the name as written when it does not read as a tie."""
        if not self.home:
            return self.name
        return f"{country_name(self.home)} v {country_name(self.away)}"

    @property
    def round_label(self) -> str:
        return ROUND_LABELS.get(ROUNDS.get(self.round, self.round), self.round) if self.round else ""

    @property
    def sort_key(self):
        """Latest round first (the final before the semi-finals), a play-off last; then by name."""
        order = ROUND_ORDER.get(ROUNDS.get(self.round, ""), 0)
        late_first = -order if self.round != "PO" else 1
        return (late_first, self.title)


def read_tie(name: str) -> Tie:
    found = _TIE_RE.match(name)
    if not found or found["stage"] not in STAGES:
        return Tie(name)
    return Tie(name, found["stage"], found["round"], found["home"], found["away"])


def by_stage(ties):
    """``ties`` as (stage label, [(round label, [(tie, item), …]), …]) in the order of ``STAGES``,
    other ties last. ``ties`` is a list of (name, item) pairs; the item is handed back untouched (the
    view's edition, to link to)."""
    stages = {}
    for name, item in ties:
        tie = read_tie(name)
        stages.setdefault(tie.stage, []).append((tie, item))
    order = list(STAGES)
    grouped = []
    for stage in sorted(stages, key=lambda s: order.index(s) if s in order else len(order)):
        entries = sorted(stages[stage], key=lambda entry: entry[0].sort_key)
        rounds = []
        for tie, item in entries:
            if not rounds or rounds[-1][0] != tie.round_label:
                rounds.append((tie.round_label, []))
            rounds[-1][1].append((tie, item))
        grouped.append((STAGES.get(stage, OTHER_STAGE), rounds))
    return grouped
