"""The draw of an edition, built from its matches alone (``matches.draws``): pure functions, so the
tests feed plain objects with the attributes a ``Match`` has."""

import random
from dataclasses import dataclass

import pytest

from matches import draws, groups
from matches.models import Round, Status
from matches.scores import Score


@dataclass(frozen=True)
class P:
    pk: int

    @property
    def name(self):
        return f"Player {self.pk}"


@dataclass
class M:
    pk: int
    round: str
    player1_id: int | None
    player2_id: int | None
    winner_side: int | None = 1
    status: str = Status.COMPLETED
    p1_seed: int | None = None
    p2_seed: int | None = None
    p1_rank: int | None = None
    p2_rank: int | None = None
    p1_entry: str = ""
    p2_entry: str = ""
    score: Score | None = None
    round_order: int = 0

    @property
    def player1(self):
        return P(self.player1_id) if self.player1_id else None

    @property
    def player2(self):
        return P(self.player2_id) if self.player2_id else None

    @property
    def winner_id(self):
        return {1: self.player1_id, 2: self.player2_id}.get(self.winner_side)


ROUNDS = [Round.R32, Round.R16, Round.QF, Round.SF, Round.F]


def full_draw(size, seeds=None, *, winner_side=lambda number: 1 + number % 2):
    """A complete knockout draw of ``size`` players (1..size), player 1 seeded 1 and so on for
    ``seeds``; the winner alternates sides so the data never lists the winner first."""
    seeds = seeds or {}
    rounds = ROUNDS[-(size.bit_length() - 1) :]
    players = list(range(1, size + 1))
    matches, number = [], 0
    for code in rounds:
        advanced = []
        for a, b in zip(players[::2], players[1::2], strict=True):
            number += 1
            side = winner_side(number)
            matches.append(M(number, code, a, b, side, p1_seed=seeds.get(a), p2_seed=seeds.get(b)))
            advanced.append(a if side == 1 else b)
        players = advanced
    return matches


def players_of(slot):
    if slot.is_match:
        return {slot.match.player1_id, slot.match.player2_id} - {None}
    if slot.player is not None:
        return {slot.player.pk}
    return set()


def assert_each_match_sits_beside_its_feeders(bracket):
    """Slot i of a column holds the players that came out of slots 2i and 2i+1 of the column before,
    with the upper feeder's player drawn on top."""
    for before, after in zip(bracket.columns, bracket.columns[1:], strict=False):
        assert len(before.slots) == 2 * len(after.slots)
        for position, slot in enumerate(after.slots):
            if not slot.is_match:
                continue
            upper, lower = before.slots[2 * position], before.slots[2 * position + 1]
            top = slot.match.player1_id if slot.top == 1 else slot.match.player2_id
            bottom = slot.match.player2_id if slot.top == 1 else slot.match.player1_id
            if top:
                assert top in players_of(upper), (after.code, position)
            if bottom:
                assert bottom in players_of(lower), (after.code, position)


def placed(bracket):
    return [slot.match for column in bracket.columns for slot in column.slots if slot.is_match]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_full_draw_places_every_match_beside_the_two_it_came_from_whatever_the_row_order(seed):
    matches = full_draw(32, seeds={1: 1, 2: 2, 9: 3, 30: 4})
    shuffled = matches[:]
    random.Random(seed).shuffle(shuffled)

    bracket = draws.build(shuffled).main

    assert [c.code for c in bracket.columns] == ROUNDS
    assert [len(c.slots) for c in bracket.columns] == [16, 8, 4, 2, 1]
    assert sorted(m.pk for m in placed(bracket)) == sorted(m.pk for m in matches)
    assert not bracket.unplaced
    assert_each_match_sits_beside_its_feeders(bracket)
    # The same draw whatever order the rows came in.
    again = draws.build(matches).main
    assert [[s.match.pk for s in c.slots] for c in again.columns] == [
        [s.match.pk for s in c.slots] for c in bracket.columns
    ]


def test_the_top_seed_opens_the_draw_and_the_second_seed_leads_the_other_half():
    # Player 1 (seed 1) and player 32 (seed 2) are in opposite halves of the data.
    bracket = draws.build(full_draw(32, seeds={1: 1, 32: 2})).main
    first_round = bracket.columns[0].slots
    assert 1 in players_of(first_round[0])
    assert 32 in players_of(first_round[8])  # top of the lower half
    final = bracket.columns[-1].slots[0]
    assert final.match.round == Round.F


def test_the_winner_is_drawn_where_their_half_is_not_first_in_the_data():
    # Both semi-finals won by the second-named player: the rows list losers first.
    bracket = draws.build(full_draw(4, seeds={1: 1}, winner_side=lambda n: 2)).main
    final = bracket.columns[-1].slots[0]
    top_player = final.match.player1_id if final.top == 1 else final.match.player2_id
    assert top_player in players_of(bracket.columns[0].slots[0])
    assert 1 in players_of(bracket.columns[0].slots[0])


def test_a_seed_who_starts_in_the_second_round_has_a_bye_beside_their_first_match():
    matches = [
        M(1, Round.R32, 3, 4),  # 3 beats 4
        M(2, Round.R32, 5, 6),
        M(3, Round.R32, 7, 8),
        M(10, Round.R16, 1, 3, p1_seed=1),  # seed 1 had a bye
        M(11, Round.R16, 5, 7),
        M(20, Round.QF, 1, 5, p1_seed=1),
    ]
    bracket = draws.build(matches).main
    first = bracket.columns[0].slots
    assert first[0].is_bye and first[0].player.pk == 1 and first[0].seed == 1
    assert first[1].is_match and first[1].match.pk == 1
    assert [s.match.pk for s in first[2:]] == [2, 3]
    assert_each_match_sits_beside_its_feeders(bracket)


def test_a_match_to_be_played_has_no_winner_and_its_unknown_opponent_comes_from_the_open_match():
    matches = [
        M(1, Round.R32, 1, 2),  # player 1 through
        M(2, Round.R32, 3, 4, winner_side=None, status=Status.SCHEDULED),  # not played yet
        M(3, Round.R16, 1, None, winner_side=None, status=Status.SCHEDULED),
    ]
    bracket = draws.build(matches).main
    r32, r16 = bracket.columns
    assert [s.match.pk for s in r32.slots] == [1, 2]
    assert r16.slots[0].match.pk == 3 and r16.slots[0].match.winner_side is None
    assert not bracket.unplaced


def test_a_round_in_progress_keeps_room_for_the_matches_of_the_next_round_not_yet_drawn():
    matches = full_draw(16)[:8]  # the first round of 16 players
    matches += [
        M(100, Round.QF, matches[0].winner_id, matches[1].winner_id, winner_side=None, status="scheduled")
    ]
    bracket = draws.build(matches).main
    assert [len(c.slots) for c in bracket.columns] == [8, 4]
    assert sum(s.is_match for s in bracket.columns[1].slots) == 1
    assert sum(s.is_open for s in bracket.columns[1].slots) == 3
    assert len(placed(bracket)) == 9 and not bracket.unplaced


def test_a_player_missing_from_a_round_is_carried_through():
    matches = [
        M(1, Round.R16, 1, 2),
        M(2, Round.R16, 3, 4),
        M(3, Round.R16, 5, 6),
        M(4, Round.R16, 7, 8),
        M(10, Round.QF, 1, 3),
        # the other quarter-final (5 or 7) is not held
        M(20, Round.F, 1, 5),
    ]
    bracket = draws.build(matches).main
    qf = bracket.columns[1].slots
    assert [s.player.pk for s in qf if s.is_carried] == [5]
    assert sorted(m.pk for m in placed(bracket)) == sorted(m.pk for m in matches)
    assert_each_match_sits_beside_its_feeders(bracket)


def test_a_result_the_draw_has_no_room_for_is_listed_not_dropped():
    # The finalists' semi-finals are not held, but another semi-final is: it cannot be placed.
    matches = [M(1, Round.SF, 3, 4), M(2, Round.F, 1, 2)]
    bracket = draws.build(matches).main
    assert [s.kind for s in bracket.columns[0].slots] == ["carried", "carried"]
    assert [m.pk for m in bracket.unplaced] == [1]


def test_qualifying_is_its_own_bracket_and_a_quarter_final_is_not_qualifying():
    matches = [
        M(1, "Q1", 1, 2),
        M(2, "Q1", 3, 4),
        M(3, "Q2", 1, 3),
        M(4, Round.QF, 5, 6),
    ]
    draw = draws.build(matches)
    assert [c.code for c in draw.qualifying.columns] == ["Q1", "Q2"]
    assert [c.code for c in draw.main.columns] == [Round.QF]


@pytest.mark.parametrize(
    ("code", "label", "anchor"),
    [
        (Round.R128, "Round of 128", "draw-r128"),
        (Round.F, "Final", "draw-f"),
        ("Q1", "Qualifying 1st round", "draw-q1"),
        ("Q4", "Qualifying 4th round", "draw-q4"),
    ],
)
def test_columns_are_labelled_and_anchored_for_the_round_tabs(code, label, anchor):
    column = draws.Column(code, [])
    assert (column.label, column.anchor) == (label, anchor)


def rr(pk, a, b, score, winner_side=1, status=Status.COMPLETED, **seeds):
    return M(
        pk, Round.RR, a, b, winner_side, status=status, score=Score.parse(score) if score else None, **seeds
    )


def test_round_robin_players_who_met_form_groups_with_standings_and_the_top_seeds_group_first():
    group_b = [  # 5, 6, 7, 8
        rr(1, 5, 6, "6-4 6-4", p1_seed=2),
        rr(2, 7, 8, "6-4 6-4"),
        rr(3, 5, 7, "6-4 6-4", p1_seed=2),
        rr(4, 6, 8, "6-4 6-4"),
        rr(5, 5, 8, "6-4 6-4", p1_seed=2),
        rr(6, 6, 7, "6-4 6-4"),
    ]
    group_a = [  # 1, 2, 3: 2 beats 1, 1 beats 3, 3 beats 2 -> level on wins, sets decide
        rr(10, 2, 1, "6-4 6-4", p2_seed=1),
        rr(11, 1, 3, "6-0 6-0", p1_seed=1),
        rr(12, 3, 2, "4-6 7-5 7-5"),
    ]
    found, rubbers = groups.round_robin(group_b + group_a)
    assert [g.name for g in found] == ["Group A", "Group B"]
    a, b = found
    # All 1–1: by the share of sets, 2 (3–2), 1 (2–2), 3 (2–3), whatever the seeds.
    assert [s.player.pk for s in a.standings] == [2, 1, 3]
    assert [(s.wins, s.losses) for s in b.standings] == [(3, 0), (2, 1), (1, 2), (0, 3)]
    assert [s.player.pk for s in b.standings] == [5, 6, 7, 8]
    assert not rubbers


def test_two_players_level_are_ordered_by_their_own_match():
    matches = [
        rr(1, 3, 2, "6-4 6-4"),
        rr(2, 4, 1, "6-4 6-4"),
        rr(3, 2, 1, "6-0 6-0"),
        rr(4, 2, 4, "6-0 6-0"),
        rr(5, 3, 4, "6-0 6-0"),
        rr(6, 1, 3, "6-0 6-0"),
    ]
    # 2 and 3 both 2–1, 1 and 4 both 1–2 (and 2 and 1 won more sets and games): each pair is
    # split by their own match.
    (group,), _ = groups.round_robin(matches)
    assert [s.player.pk for s in group.standings] == [3, 2, 4, 1]


def test_a_match_to_be_played_counts_nothing_in_the_standings():
    matches = [
        rr(1, 1, 2, "6-4 6-4"),
        rr(2, 2, 3, "6-4 6-4"),
        rr(3, 1, 3, "", winner_side=None, status=Status.SCHEDULED),
    ]
    (group,), _ = groups.round_robin(matches)
    assert {s.player.pk: (s.wins, s.losses) for s in group.standings} == {1: (1, 0), 2: (1, 1), 3: (0, 1)}


def test_a_team_ties_rubbers_are_listed_not_tabled():
    matches = [rr(1, 1, 2, "6-4 6-4"), rr(2, 3, 4, "6-4 6-4")]
    found, rubbers = groups.round_robin(matches)
    assert found == [] and [m.pk for m in rubbers] == [1, 2]


def test_the_tour_finals_have_groups_then_a_knockout_and_a_bronze_match_stands_apart():
    matches = [rr(1, 1, 2, "6-4 6-4"), rr(2, 2, 3, "6-4 6-4"), rr(3, 1, 3, "6-4 6-4")]
    matches += [M(10, Round.SF, 1, 4), M(11, Round.SF, 2, 5), M(12, Round.F, 1, 2), M(13, Round.BR, 4, 5)]
    draw = draws.build(matches)
    assert len(draw.groups) == 1
    assert [c.code for c in draw.main.columns] == [Round.SF, Round.F]
    assert [m.pk for m in draw.bronze] == [13]
