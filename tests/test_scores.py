"""The Score type: one strict parser and formatter for every score on the site."""

import csv
from pathlib import Path

import pytest

from matches.scores import Score, ScoreError

ATP = Path(__file__).resolve().parents[2] / "shared" / "data" / "atp"


@pytest.mark.atp_data
def test_every_score_in_the_2024_season_parses_and_formats_back():
    path = ATP / "atp_matches_2024.csv"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 3076
    for line, row in enumerate(rows, start=2):
        score = Score.parse(row["score"], best_of=int(row["best_of"]))
        canonical = " ".join(row["score"].split()).replace("[[", "[").replace("]]", "]")
        assert str(score) == canonical, f"line {line}: {row['score']!r}"
        assert str(Score.parse(str(score))) == str(score)


@pytest.mark.parametrize(
    ("text", "canonical", "display", "winner"),
    [
        ("4-6 6-3 6-4", "4-6 6-3 6-4", "4–6 6–3 6–4", 1),
        ("7-6(5) 6-4", "7-6(5) 6-4", "7–6(5) 6–4", 1),
        ("6-7(4) 7-6(5) 6-5 DEF", "6-7(4) 7-6(5) 6-5 DEF", "6–7(4) 7–6(5) 6–5 defaulted", 1),
        ("6-3 2-1 RET", "6-3 2-1 RET", "6–3 2–1 retired", 1),
        (" W/O", "W/O", "walkover", 1),
        ("6-4 3-6 [10-8]", "6-4 3-6 [10-8]", "6–4 3–6 [10–8]", 1),
        ("6-4 3-6 [[10-7]]", "6-4 3-6 [10-7]", "6–4 3–6 [10–7]", 1),
        ("6-4 2-2 ABD", "6-4 2-2 ABD", "6–4 2–2 abandoned", None),
        ("4–6 6–3 6–4", "4-6 6-3 6-4", "4–6 6–3 6–4", 1),
        ("3-6 4-6", "3-6 4-6", "3–6 4–6", 2),
        ("4-2 4-3(4) 4-2", "4-2 4-3(4) 4-2", "4–2 4–3(4) 4–2", 1),
        ("6-2 7-6(3) 6-7(5) 4-6 70-68", "6-2 7-6(3) 6-7(5) 4-6 70-68", "6–2 7–6(3) 6–7(5) 4–6 70–68", 1),
    ],
)
def test_score_parses_formats_and_knows_the_winner(text, canonical, display, winner):
    score = Score.parse(text)
    assert str(score) == canonical
    assert score.display == display
    assert score.winner == winner


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("6-4 6-", "Set 2 ('6-') is incomplete"),
        ("6", "Set 1 ('6') is incomplete"),
        ("6-4 abc", "Set 2 ('abc') is not a set score"),
        ("6-4(3)", "tiebreak set ends one game apart"),
        ("7-6(5", "unclosed tiebreak bracket"),
        ("4-3 6-4 6-2", "Set 1 ('4-3') is not a finished set"),
        ("RET 6-4", "'RET' can only come at the end"),
        ("6-4 W/O", "walkover (W/O) has no games"),
        ("[10-8] 6-4", "match tiebreak, which can only be the last set"),
        ("[10-8 6-4", "not a match tiebreak"),
        ("6-4 6-4 6-4", "Too many sets for best of 3"),
        ("6-4 6-4 3-1", "goes on after the match was won"),
    ],
)
def test_malformed_score_is_rejected_with_a_message_naming_the_problem(text, problem):
    with pytest.raises(ScoreError) as error:
        Score.parse(text, best_of=3)
    assert problem in str(error.value)


def test_score_tells_set_winners_and_tiebreak_points():
    score = Score.parse("6-7(4) 7-6(5) 6-5 DEF")
    assert [s.canonical() for s in score.completed_sets] == ["6-7(4)", "7-6(5)"]
    assert score.sets_won() == (1, 1)
    assert score.sets[0].tiebreak_points() == (4, 7)
    assert score.sets[1].tiebreak_points() == (7, 5)
    assert score.ending_label == "defaulted"


def test_swapped_score_reads_from_the_other_side():
    assert Score.parse("4-6 6-3 7-6(5)").swapped().display == "6–4 3–6 6–7(5)"


@pytest.mark.parametrize(
    ("text", "winner", "best_of", "problem"),
    [
        ("4-6 6-3", 1, 3, "not a finished match"),
        ("4-6 6-3 6-4", 2, 3, "reads as a win for player 1"),
        ("6-4 6-4", 1, 5, "best of 5 needs 3 sets"),
    ],
)
def test_check_result_rejects_a_score_that_does_not_fit_the_result(text, winner, best_of, problem):
    with pytest.raises(ScoreError) as error:
        Score.parse(text, best_of=best_of).check_result(winner=winner, best_of=best_of)
    assert problem in str(error.value)


def test_unfinished_last_set_is_a_live_score_without_a_winner():
    score = Score.parse("6-4 3-2", in_progress=True)
    assert score.winner is None
    assert score.display == "6–4 3–2"
