"""``import_atp`` on the whole tennis_atp format: every file kind, every score form of 1968-2024, codes,
names, one tournament per event, and re-imports that change nothing (on real seasons where it matters)."""

import csv
import gzip
import re
from datetime import date
from pathlib import Path

import pytest

from matches import atp_import
from matches.atp_import.match_rows import davis_cup_round, refined_level
from matches.atp_import.names import player_name, tournament_key, tournament_name
from matches.atp_import.score_reading import (
    AS_WRITTEN,
    FORMAT_FIXED,
    NOT_KNOWN,
    RETIREMENT_UNMARKED,
    read_score,
)
from matches.models import ROUND_ORDER, Edition, Level, Match, Round, Status, Tournament
from matches.scores import Score
from players.models import Player
from tests import factories

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ATP, HISTORY = DATA / "atp", DATA / "atp-history"

PLAYERS_HEADER = ["player_id", "name_first", "name_last", "hand", "dob", "ioc", "height", "wikidata_id"]
# The tour-level and qualifying/Challenger files' column order (atp_matches_2024.csv, ..._qual_chall_2019)
TOUR_COLUMNS = (
    "tourney_id,tourney_name,surface,draw_size,tourney_level,tourney_date,match_num,winner_id,winner_seed,"
    "winner_entry,winner_name,winner_hand,winner_ht,winner_ioc,winner_age,loser_id,loser_seed,loser_entry,"
    "loser_name,loser_hand,loser_ht,loser_ioc,loser_age,score,best_of,round,minutes,w_ace,w_df,w_svpt,"
    "w_1stIn,w_1stWon,w_2ndWon,w_SvGms,w_bpSaved,w_bpFaced,l_ace,l_df,l_svpt,l_1stIn,l_1stWon,l_2ndWon,"
    "l_SvGms,l_bpSaved,l_bpFaced,winner_rank,winner_rank_points,loser_rank,loser_rank_points"
)
TOUR_HEADER = TOUR_COLUMNS.split(",")
# The older Futures files put the ranks after each player's age (atp_matches_futures_2009.csv).
FUTURES_COLUMNS = (
    "tourney_id,tourney_name,surface,draw_size,tourney_level,tourney_date,match_num,winner_id,winner_seed,"
    "winner_entry,winner_name,winner_hand,winner_ht,winner_ioc,winner_age,winner_rank,winner_rank_points,"
    "loser_id,loser_seed,loser_entry,loser_name,loser_hand,loser_ht,loser_ioc,loser_age,loser_rank,"
    "loser_rank_points,score,best_of,round,minutes,w_ace,w_df,w_svpt,w_1stIn,w_1stWon,w_2ndWon,w_SvGms,"
    "w_bpSaved,w_bpFaced,l_ace,l_df,l_svpt,l_1stIn,l_1stWon,l_2ndWon,l_SvGms,l_bpSaved,l_bpFaced"
)
FUTURES_HEADER = FUTURES_COLUMNS.split(",")

PLAYERS = {
    1: ("Felix", "Auger Aliassime"),
    2: ("Christopher", "Oconnell"),
    3: ("Roberto", "Bautista Agut"),
    4: ("Jan Lennard", "Struff"),
    5: ("Jo-Wilfried", "Tsonga"),
    6: ("Luke", "O'Donnell"),
}


def write_csv(path: Path, header, rows) -> Path:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def players_file(path: Path, players=None) -> Path:
    rows = [
        {"player_id": pid, "name_first": first, "name_last": last, "hand": "R", "ioc": "CAN"}
        for pid, (first, last) in (players or PLAYERS).items()
    ]
    return write_csv(path, PLAYERS_HEADER, rows)


def row(tourney, num, winner, loser, score="6-4 6-4", round_code="R32", **extra):
    """A matches-file row: ``tourney`` is (tourney_id, name, level, date)."""
    tourney_id, name, level, day = tourney
    values = {
        "tourney_id": tourney_id,
        "tourney_name": name,
        "surface": "Hard",
        "draw_size": "32",
        "tourney_level": level,
        "tourney_date": day,
        "match_num": num,
        "winner_id": winner,
        "loser_id": loser,
        "score": score,
        "best_of": "3",
        "round": round_code,
    }
    return values | {key: str(value) for key, value in extra.items()}


# --- reading scores: every form of the 1968-2024 files ---------------------------------------------
@pytest.mark.parametrize(
    ("text", "best_of", "score", "status", "stored_best_of", "as_written", "reason"),
    [
        ("7-6(5) 6-4", 3, "7-6(5) 6-4", Status.COMPLETED, 3, "", ""),
        (" W/O", 3, "W/O", Status.WALKOVER, 3, "", ""),
        ("Walkover", 3, "W/O", Status.WALKOVER, 3, "", ""),
        ("4-6 7-6(4) 1-0 Default", 3, "4-6 7-6(4) 1-0 DEF", Status.DEFAULTED, 3, "", ""),
        ("6-3 6-7(5) 2-1 Def.", 3, "6-3 6-7(5) 2-1 DEF", Status.DEFAULTED, 3, "", ""),
        ("6-6 Played and unfinished", 5, "6-6 ABD", Status.ABANDONED, 5, "", ""),
        ("0-3 Played and abandoned", 5, "0-3 ABD", Status.ABANDONED, 5, "", ""),
        ("6-1 6-3 0-0", 5, "6-1 6-3 0-0 RET", Status.RETIRED, 5, "", RETIREMENT_UNMARKED),
        # best_of disagreements: the score's format wins
        ("6-3 6-4 3-6 3-3 RET", 3, "6-3 6-4 3-6 3-3 RET", Status.RETIRED, 5, "", FORMAT_FIXED),
        ("4-6 6-4 6-2 6-4", 3, "4-6 6-4 6-2 6-4", Status.COMPLETED, 5, "", FORMAT_FIXED),
        ("6-2 3-6 8-6 6-4 6-1", 3, None, Status.COMPLETED, 3, "6-2 3-6 8-6 6-4 6-1", AS_WRITTEN),
        ("6-4 12-10", 5, "6-4 12-10", Status.COMPLETED, 3, "", FORMAT_FIXED),
        ("10-8 6-2 5-1 RET", 3, "10-8 6-2 5-1 RET", Status.RETIRED, 5, "", FORMAT_FIXED),
        # one-set matches and pro sets
        ("10-7", 1, "10-7", Status.COMPLETED, 1, "", ""),
        ("8-5", 3, "8-5", Status.COMPLETED, 1, "", FORMAT_FIXED),
        ("6-3", 1, "6-3", Status.COMPLETED, 1, "", ""),
        # no score in the data
        ("UNK", 3, None, Status.COMPLETED, 3, "UNK", NOT_KNOWN),
        ("NA", 5, None, Status.COMPLETED, 5, "NA", NOT_KNOWN),
        ("?-?", 3, None, Status.COMPLETED, 3, "?-?", NOT_KNOWN),
        ("", 3, None, Status.COMPLETED, 3, "", NOT_KNOWN),
        # kept as written
        ("6-2 ?-?", 3, None, Status.COMPLETED, 3, "6-2 ?-?", AS_WRITTEN),
        ("6-4 7-6 7-5?", 3, None, Status.COMPLETED, 3, "6-4 7-6 7-5?", AS_WRITTEN),
        ("31-23 31-25", 3, None, Status.COMPLETED, 3, "31-23 31-25", AS_WRITTEN),
        ("16-25 RET", 3, "16-25 RET", Status.RETIRED, 3, "", ""),
        ("9-7 4-6 8-6 9-8", 5, None, Status.COMPLETED, 5, "9-7 4-6 8-6 9-8", AS_WRITTEN),
        ("6-4 6-5", 3, None, Status.COMPLETED, 3, "6-4 6-5", AS_WRITTEN),
        ("5-7(5) 6-3 6-2", 3, None, Status.COMPLETED, 3, "5-7(5) 6-3 6-2", AS_WRITTEN),
        ("6-36-3", 1, None, Status.COMPLETED, 1, "6-36-3", AS_WRITTEN),
        ("3-6 ?-? RET", 3, None, Status.RETIRED, 3, "3-6 ?-? RET", AS_WRITTEN),
    ],
)
def test_every_score_form_keeps_the_result(text, best_of, score, status, stored_best_of, as_written, reason):
    reading = read_score(text, best_of)
    assert (str(reading.score) if reading.score else None) == score
    assert (reading.status, reading.best_of, reading.text, reading.reason) == (
        status,
        stored_best_of,
        as_written,
        reason,
    )
    assert bool(reading.warning) == bool(reason)


def test_the_admin_parser_stays_strict():
    for text in ("6-5", "9-8 6-2", "31-23 31-25", "UNK"):
        with pytest.raises(ValueError):
            Score.parse(text, best_of=3).check_result(winner=1, best_of=3)


# --- codes --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "data_round", "expected"),
    [
        ("Davis Cup Finals F: ITA vs NED", "RR", Round.F),
        ("Davis Cup Finals SF: ITA vs AUS", "RR", Round.SF),
        ("Davis Cup Finals QF: ITA vs ARG", "RR", Round.QF),
        ("Davis Cup Finals RR: ITA vs BEL", "RR", Round.RR),
        ("Davis Cup QLS R1: ITA vs AUT", "RR", Round.Q1),
        ("Davis Cup WG F: FRA vs USA", "RR", Round.F),
        ("Davis Cup WG CR: USA vs AUS", "RR", Round.CHALLENGE),
        ("Davis Cup WG PO: GBR vs AUT", "RR", Round.PLAY_OFF),
        ("Davis Cup EUR PR: ISR vs IRI", "RR", Round.PRELIMINARY),
        ("Davis Cup G2 R3: KOR vs THA", "RR", Round.THIRD),
        ("Davis Cup WG1 R1: CHI vs AUT", "RR", Round.FIRST),
        ("Davis Cup EUR PQ: AUT vs POR", "RR", Round.RR),  # a stage we cannot name: the data's round
        ("Davis Cup WG F: FRA vs USA", "SF", Round.SF),  # a round the data gives is kept
    ],
)
def test_davis_cup_ties_take_the_round_their_name_gives(name, data_round, expected):
    assert davis_cup_round(name, data_round) == expected


@pytest.mark.parametrize(
    ("tourney_id", "davis_cup", "key"),
    [
        ("1990-605", False, "605"),
        ("2016-0605", False, "605"),
        ("2024-0339", False, "339"),
        ("2019-M009", False, "416"),  # Rome Masters, 2016-2020 id
        ("2016-O16", False, "96"),  # the Olympics
        ("1968-T101", False, "T101"),
        ("1981-D008", True, "1981-D008"),  # reused every year for another tie
        ("2016-M-DC-2016-G2-EPA-M-MON-LAT-01", True, "M-DC-2016-G2-EPA-M-MON-LAT-01"),
    ],
)
def test_one_key_per_real_event(tourney_id, davis_cup, key):
    assert tournament_key(tourney_id, davis_cup=davis_cup) == key


@pytest.mark.parametrize(
    ("level", "key", "name", "expected"),
    [
        (Level.FINALS, "605", "Tour Finals", Level.FINALS),
        (Level.MASTERS, "605", "Masters", Level.FINALS),  # 1970-1989 rows say 'M'
        (Level.FINALS, "7696", "NextGen Finals", Level.NEXTGEN_FINALS),
        (Level.TOUR, "7696", "NextGen Finals", Level.NEXTGEN_FINALS),  # 2021 says 'A'
        (Level.FINALS, "7696", "Next Gen Finals", Level.NEXTGEN_FINALS),
        (Level.FINALS, "806", "Naples Finals WCT", Level.OTHER_FINALS),
        (Level.TOUR, "96", "Atlanta Olympics", Level.OLYMPICS),
        (Level.TOUR, "339", "Brisbane", Level.TOUR),
    ],
)
def test_the_atp_finals_next_gen_finals_and_olympics_have_their_own_levels(level, key, name, expected):
    assert refined_level(level, key, name) == expected


# --- names ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source_id", "data", "written"),
    [
        (200000, ("Felix", "Auger Aliassime"), ("Félix", "Auger-Aliassime")),
        (106331, ("Christopher", "Oconnell"), ("Christopher", "O'Connell")),
        (105526, ("Jan Lennard", "Struff"), ("Jan-Lennard", "Struff")),
        (200282, ("Alex", "De Minaur"), ("Alex", "de Minaur")),
        (105138, ("Roberto", "Bautista Agut"), ("Roberto", "Bautista Agut")),  # right as written
        (104542, ("Jo-Wilfried", "Tsonga"), ("Jo-Wilfried", "Tsonga")),  # the file has the hyphen
    ],
)
def test_player_names_as_the_sport_writes_them(source_id, data, written):
    assert player_name(source_id, *data) == written


@pytest.mark.parametrize(
    ("data", "written"),
    [
        ("Us Open", "US Open"),
        ("Rio De Janeiro", "Rio de Janeiro"),
        ("s Hertogenbosch", "'s-Hertogenbosch"),
        ("Mar Del Plata", "Mar del Plata"),
        ("Queen's Club", "Queen's Club"),
        ("Winston-Salem", "Winston-Salem"),
    ],
)
def test_tournament_names_as_the_sport_writes_them(data, written):
    assert tournament_name(data) == written


def test_a_fixed_spelling_and_an_editors_correction_survive_a_reimport(db, tmp_path):
    players = players_file(tmp_path / "players.csv", {200000: PLAYERS[1], 106331: PLAYERS[2], 3: PLAYERS[3]})
    atp_import.import_paths([players])
    assert Player.objects.get(source_id=200000).name == "Félix Auger-Aliassime"
    assert Player.objects.get(source_id=106331).name == "Christopher O'Connell"
    Player.objects.filter(source_id=3).update(last_name="Bautista-Agut")  # an editor's spelling
    again = atp_import.import_paths([players])
    assert (again.counts["players"].updated, again.counts["players"].unchanged) == (0, 3)
    assert Player.objects.get(source_id=3).last_name == "Bautista-Agut"


def test_an_editors_spelling_of_an_event_survives_a_reimport(db, tmp_path):
    players = players_file(tmp_path / "players.csv")
    event = ("2024-6932", "Rio De Janeiro", "A", "20240219")
    matches = write_csv(tmp_path / "m.csv", TOUR_HEADER, [row(event, "1", 1, 2)])
    atp_import.import_paths([players, matches])
    rio = Tournament.objects.get(source_id="6932")
    assert (rio.name, rio.editions.get().name) == ("Rio de Janeiro", "Rio de Janeiro")
    Tournament.objects.filter(pk=rio.pk).update(name="Río de Janeiro")
    Edition.objects.filter(tournament=rio).update(name="Río-de-Janeiro")
    again = atp_import.import_paths([matches])
    assert (again.counts["tournaments"].updated, again.counts["editions"].updated) == (0, 0)
    assert str(Edition.objects.get(tournament=rio)) == "Río-de-Janeiro 2024"


# --- every kind of file ----------------------------------------------------------------------------
QUALIFYING = ("2019-0083", "Eckental CH", "C", "20191028")
FUTURES = ("2009-M-FU-BRA-35A-2008", "Brazil F35", "S", "20081229")
ITF_15 = ("2022-M-ITF-TUR-2022-001", "M15 Antalya", "15", "20220103")
ITF_25 = ("2022-M-ITF-FRA-2022-002", "M25 Bagnoles", "25", "20220103")


@pytest.fixture
def lower_level_files(tmp_path):
    players = players_file(tmp_path / "atp_players.csv")
    qual_chall = write_csv(
        tmp_path / "atp_matches_qual_chall_2019.csv",
        TOUR_HEADER,
        [
            row(QUALIFYING, "221", 1, 2, "6-3 6-3", "Q1", winner_entry="WC", w_ace=2, l_ace=6),
            row(QUALIFYING, "222", 1, 3, "7-6(8) 6-3", "Q2"),
            row(QUALIFYING, "223", 1, 4, "6-2 6-2", "Q3", loser_entry="Alt"),
            row(QUALIFYING, "224", 1, 5, "6-4 6-4", "Q4", loser_entry="ITF"),
            row(QUALIFYING, "239", 1, 6, "6-3 7-5", "R64", winner_entry="Q", loser_entry="S"),
        ],
    )
    futures = write_csv(
        tmp_path / "atp_matches_futures_2009.csv.gz",
        FUTURES_HEADER,
        [
            row(FUTURES, "001", 2, 3, "6-2 6-1", winner_rank=262, loser_rank=608),
            row(FUTURES, "002", 2, 4, "3-4 RET", loser_entry="W"),
            row(ITF_15, "001", 5, 6, "6-4 3-6 6-1", round_code="F"),
            row(ITF_25, "001", 6, 5, "7-5 6-4", round_code="F"),
            row(("2022-EXH", "Exhibition Night", "E", "20221201"), "1", 3, 4, "10-7", best_of=1),
        ],
    )
    return players, qual_chall, futures


def test_qualifying_challenger_and_futures_files_import_every_level_round_and_entry(db, lower_level_files):
    report = atp_import.import_paths(lower_level_files)
    assert report.rejected == [] and report.warnings == []
    assert report.counts["matches"].created == 10
    levels = dict(Tournament.objects.values_list("name", "level"))
    assert levels == {
        "Eckental CH": Level.CHALLENGER,
        "Brazil F35": Level.ITF,
        "M15 Antalya": Level.ITF_15,
        "M25 Bagnoles": Level.ITF_25,
        "Exhibition Night": Level.EXHIBITION,
    }
    eckental = Match.objects.filter(edition__tournament__name="Eckental CH")
    assert sorted(eckental.values_list("round", flat=True)) == ["Q1", "Q2", "Q3", "Q4", "R64"]
    assert sorted(eckental.values_list("round_order", flat=True)) == [
        ROUND_ORDER[code] for code in ("Q1", "Q2", "Q3", "Q4", "R64")
    ]
    entries = {(m.round, m.p1_entry, m.p2_entry) for m in eckental}
    assert {("Q1", "WC", ""), ("Q3", "", "ALT"), ("Q4", "", "ITF"), ("R64", "Q", "S")} <= entries
    # The Futures file's own column order: ranks after the ages.
    futures = Match.objects.get(source_id="2009-M-FU-BRA-35A-2008-001")
    assert (futures.p1_rank, futures.p2_rank, futures.edition.start_date) == (262, 608, date(2008, 12, 29))
    assert Match.objects.get(source_id="2009-M-FU-BRA-35A-2008-002").p2_entry == "WC"  # 'W' in the data
    pro_set = Match.objects.get(source_id="2022-EXH-1")
    assert (str(pro_set.score), pro_set.best_of, pro_set.status) == ("10-7", 1, Status.COMPLETED)
    again = atp_import.import_paths(lower_level_files)
    assert not again.changed


def test_a_folder_takes_csv_and_gzipped_files(db, lower_level_files):
    folder = lower_level_files[0].parent
    report = atp_import.import_paths([folder])
    assert sorted(Path(path).name for path, _, _ in report.files) == [
        "atp_matches_futures_2009.csv.gz",
        "atp_matches_qual_chall_2019.csv",
        "atp_players.csv",
    ]
    assert Match.objects.count() == 10


# --- tournaments across the years --------------------------------------------------------------------
def test_one_tournament_per_event_across_id_forms_named_after_its_newest_edition(db, tmp_path):
    players = players_file(tmp_path / "p.csv")
    new = write_csv(
        tmp_path / "2021.csv",
        TOUR_HEADER,
        [row(("2021-0416", "Rome Masters", "M", "20210510"), "300", 1, 2, round_code="F")],
    )
    old = write_csv(
        tmp_path / "1990.csv",
        TOUR_HEADER,
        [
            row(("1990-416", "Rome", "M", "19900514"), "300", 3, 4, round_code="F"),
            row(("2019-M009", "Rome Masters", "M", "20190513"), "300", 5, 6, round_code="F"),
            row(("1990-605", "Masters Cup", "M", "19901112"), "1", 1, 3, round_code="F"),
        ],
    )
    report = atp_import.import_paths([players, new])
    report = atp_import.import_paths([old])  # an older season imported on top of a newer one
    assert report.rejected == []
    rome = Tournament.objects.get(source_id="416")
    assert (rome.name, rome.level) == ("Rome Masters", Level.MASTERS)  # the newest edition's
    assert dict(rome.editions.values_list("year", "name")) == {
        1990: "Rome",
        2019: "Rome Masters",
        2021: "Rome Masters",
    }
    assert str(Edition.objects.get(source_id="1990-416")) == "Rome 1990"
    finals = Tournament.objects.get(source_id="605")
    assert (finals.name, finals.level) == ("ATP Finals", Level.FINALS)  # as readers know it
    assert str(finals.editions.get()) == "Masters Cup 1990"  # as it was called that year
    assert not atp_import.import_paths([players, new, old]).changed


def test_seasons_import_newest_first_so_an_event_gets_its_current_name_in_its_address(db, tmp_path):
    players_file(tmp_path / "atp_players.csv")
    write_csv(
        tmp_path / "atp_matches_1990.csv",
        TOUR_HEADER,
        [row(("1990-339", "Adelaide", "A", "19900101"), "1", 1, 2)],
    )
    write_csv(
        tmp_path / "atp_matches_2024.csv",
        TOUR_HEADER,
        [row(("2024-0339", "Brisbane", "A", "20240101"), "1", 1, 2)],
    )
    report = atp_import.import_paths([tmp_path])
    assert [Path(path).name for path, _, _ in report.files] == [
        "atp_players.csv",
        "atp_matches_2024.csv",
        "atp_matches_1990.csv",
    ]
    brisbane = Tournament.objects.get(source_id="339")
    assert (brisbane.name, brisbane.slug) == ("Brisbane", "brisbane")
    assert dict(brisbane.editions.values_list("year", "name")) == {1990: "Adelaide", 2024: "Brisbane"}


def test_a_changed_event_week_moves_its_matches_in_the_chronology(db, tmp_path):
    players = players_file(tmp_path / "p.csv")
    event = ("2024-0339", "Brisbane", "A", "20240101")
    matches = write_csv(tmp_path / "m.csv", TOUR_HEADER, [row(event, "300", 1, 2, round_code="F")])
    atp_import.import_paths([players, matches])
    edition = Edition.objects.get(source_id="2024-0339")
    editors = factories.MatchFactory(edition=edition, round=Round.SF, player1=None, player2=None)
    write_csv(matches, TOUR_HEADER, [row(event[:3] + ("20240108",), "300", 1, 2, round_code="F")])
    report = atp_import.import_paths([matches])
    assert report.counts["editions"].updated == 1
    final = Match.objects.get(source_id="2024-0339-300")
    editors.refresh_from_db()
    week = date(2024, 1, 8).toordinal() * 100
    assert (final.sequence, editors.sequence) == (week + ROUND_ORDER["F"], week + ROUND_ORDER["SF"])
    assert not atp_import.import_paths([matches]).changed


# --- the real files ------------------------------------------------------------------------------
SEASONS = ["atp_matches_1968.csv.gz", "atp_matches_1990.csv.gz", "atp_matches_2021.csv.gz"]


def season_files():
    files = [HISTORY / name for name in SEASONS] + [ATP / "atp_matches_2024.csv"]
    missing = [str(f) for f in files + [ATP / "atp_players.csv"] if not f.exists()]
    if missing:
        pytest.skip(f"absent: {', '.join(missing)}")
    return files


def csv_rows(path: Path):
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


@pytest.mark.atp_data
def test_real_seasons_lose_no_readable_result_and_a_reimport_writes_nothing(db, tmp_path):
    files = season_files()
    rows = [(path, r) for path in files for r in csv_rows(path)]
    # Only the players these seasons name: the whole players file takes seconds to import.
    wanted = {r[column] for _, r in rows for column in ("winner_id", "loser_id")}
    with open(ATP / "atp_players.csv", encoding="utf-8-sig", newline="") as handle:
        players = [p for p in csv.DictReader(handle) if p["player_id"] in wanted]
    players_csv = write_csv(tmp_path / "players.csv", PLAYERS_HEADER, players)

    newest, older = files[-1:], files[:-1]
    first = atp_import.import_paths([players_csv, *newest])
    second = atp_import.import_paths(older)  # older seasons on top of a newer one
    # No row of these seasons lacks a readable result. The only rows refused repeat another row of
    # the same file exactly but for match_num (a Davis Cup rubber listed twice in 2024).
    repeats = {}
    for report in (first, second):
        assert report.file_errors == []
        for rejected in report.rejected:
            pattern = r"([^/:]+):(\d+): the same players in the same round as match \S+ \(line (\d+)\)$"
            found = re.search(pattern, rejected)
            assert found, rejected
            repeats[(found[1], int(found[2]))] = int(found[3])
    lines = {(path.name, n): r for path in files for n, r in enumerate(csv_rows(path), start=2)}
    for (name, line), first_line in repeats.items():
        again, original = dict(lines[(name, line)]), dict(lines[(name, first_line)])
        again.pop("match_num"), original.pop("match_num")
        assert again == original
    refused = {f"{lines[key]['tourney_id']}-{lines[key]['match_num']}" for key in repeats}
    rows = [(path, r) for path, r in rows if f"{r['tourney_id']}-{r['match_num']}" not in refused]
    assert Match.objects.count() == len(rows)
    no_games = [
        r for path, r in rows if path in older and not re.search(r"\d", r["score"]) and r["score"] != "W/O"
    ]
    assert dict(second.warnings_by_reason) == {
        "score not known": len(no_games),  # UNK, NA, ?-?, empty: 12 in 1968, 1990 and 2021
        "score kept as written": 193,  # the 31-point sets of 1968, '6-4?', '?-?' sets...
        "best_of corrected from the score": 52,
        "retirement not marked": 3,
        "score reads as a win for the listed loser": 2,
    }

    # Every row is stored with the data's winner, loser and round, and its score parsed or as written.
    stored = {
        m.source_id: m
        for m in Match.objects.select_related("player1", "player2").only(
            "source_id", "round", "score", "score_text", "player1__source_id", "player2__source_id"
        )
    }
    for path, r in rows:
        match = stored[f"{r['tourney_id']}-{r['match_num']}"]
        assert (match.player1.source_id, match.player2.source_id) == (int(r["winner_id"]), int(r["loser_id"]))
        assert match.round == r["round"] or r["tourney_level"] == "D", (path.name, r["round"])
        text = " ".join(r["score"].split())
        assert match.score or match.score_text == text, (path.name, text)
    davis_cup_final = stored["2024-M-DC-2024-FLS-M-ITA-NED-01-1"]
    assert davis_cup_final.round == Round.F

    again = atp_import.import_paths([players_csv, *files])
    assert not again.changed


def test_a_davis_cup_tie_keeps_two_results_of_the_same_pair_and_refuses_a_repeated_row(db, tmp_path):
    """1984, China v Sri Lanka: Liu beat Fernando, then Fernando beat Liu in the same tie. In 2024
    one rubber is listed twice with the same result: that second line is the same match."""
    tie = ("1984-D022", "Davis Cup G1 R1: CHN vs SRI", "D", "19840113")
    rows = [
        row(tie, 1, 1, 2, "4-6 6-2 8-6 6-3", round_code="RR", best_of=5),
        row(tie, 4, 2, 1, "6-3 6-3", round_code="RR"),
        row(tie, 5, 3, 4, "6-3 6-3", round_code="RR"),
        row(tie, 6, 3, 4, "6-3 6-3", round_code="RR"),  # the same rubber again
    ]
    matches = write_csv(tmp_path / "atp_matches_1984.csv", TOUR_HEADER, rows)
    report = atp_import.import_paths([players_file(tmp_path / "players.csv"), matches])
    assert Match.objects.filter(edition__source_id="1984-D022").count() == 3
    assert [r.split(": ", 1)[1] for r in report.rejected] == [
        "the same players in the same round as match 1984-D022-5 (line 4)"
    ]
