"""``manage.py import_atp``: the ATP CSV files in, idempotently, with bad rows reported by file and line."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from matches import atp_import
from matches.atp_import import service
from matches.models import ROUND_ORDER, Edition, Level, Match, MatchStats, Status, Tournament
from matches.scores import Score
from players.models import Hand, Player, RankingEntry
from tests import factories

ATP = Path(__file__).resolve().parents[2] / "shared" / "data" / "atp"

PLAYERS_HEADER = "player_id,name_first,name_last,hand,dob,ioc,height,wikidata_id"
PLAYERS = [
    "206173,Jannik,Sinner,R,20010816,ITA,191,Q54812588",
    "207989,Carlos,Alcaraz,R,20030505,ESP,183,Q85518537",
    "202104,Sebastián,Báez,R,20001228,ARG,170,Q47396310",
    "104925,Novak,Djokovic,R,19870522,SRB,188,Q5812",
    "100001,John,Smith,R,19500101,USA,,",
    "100002,John,Smith,L,19700101,GBR,,",
    "100003,John,Smith,A,,AUS,,",
    "100004,Old,Timer,U,19010000,FRA,,",
]
MATCHES_HEADER = (
    "tourney_id,tourney_name,surface,draw_size,tourney_level,tourney_date,match_num,winner_id,winner_seed,"
    "winner_entry,winner_name,winner_hand,winner_ht,winner_ioc,winner_age,loser_id,loser_seed,loser_entry,"
    "loser_name,loser_hand,loser_ht,loser_ioc,loser_age,score,best_of,round,minutes,w_ace,w_df,w_svpt,"
    "w_1stIn,w_1stWon,w_2ndWon,w_SvGms,w_bpSaved,w_bpFaced,l_ace,l_df,l_svpt,l_1stIn,l_1stWon,l_2ndWon,"
    "l_SvGms,l_bpSaved,l_bpFaced,winner_rank,winner_rank_points,loser_rank,loser_rank_points"
)
STATS = "8,2,74,52,40,13,11,3,3,9,3,95,58,44,16,11,8,9"
NO_STATS = "," * 17
# tourney columns, match_num, winner id/seed/entry, loser id/seed/entry, score, best_of, round, minutes,
# stats, ranks. Line numbers (the header is line 1) are the row's position + 2.
BRISBANE = "2024-0339,Brisbane,Hard,32,A,20240101"
MELBOURNE = "2024-0580,Australian Open,Hard,128,G,20240115"
PARIS = "2024-0352,Paris Masters,Hard,64,M,20241028"
DAVIS_CUP = "2024-M-DC-2024-FLS-M-ITA-NED-01,Davis Cup Finals F: ITA vs NED,Hard,4,D,20241122"
MATCHES = [
    (BRISBANE, "300", "206173,1,", "207989,2,", "7-6(5) 6-4", "3,F,136", STATS),
    (BRISBANE, "299", "202104,,Alt", "104925,,", "6-3 2-1 RET", "3,SF,", NO_STATS),
    (BRISBANE, "298", "206173,1,", "104925,,", "6-4 6-", "3,QF,", NO_STATS),
    ("2024-9999,Mystery Cup,Hard,32,X,20240101", "1", "206173,,", "207989,,", "6-4 6-4", "3,F,", NO_STATS),
    (BRISBANE, "297", "206173,,", "104925,,", "6-4 6-4", "3,R3,", NO_STATS),
    (BRISBANE, "296", "206173,,XX", "104925,,", "6-4 6-4", "3,R16,", NO_STATS),
    (MELBOURNE, "101", "206173,4,", "207989,,", "W/O", "5,R64,", NO_STATS),
    (DAVIS_CUP, "1", "206173,,", "104925,,", "4-6 7-5 [7-10]", "3,RR,", NO_STATS),
    (DAVIS_CUP, "2", "207989,,", "202104,,", "4-6 6-3 4-0", "3,RR,", NO_STATS),
    (PARIS, "300", "207989,1,", "206173,2,", "6-4 6-4", "3,F,90", NO_STATS),
]  # fmt: skip
RANKINGS_HEADER = "ranking_date,rank,player,points"
RANKINGS = [
    "20241223,1,206173,11000",
    "20241223,2,207989,7900",
    "20241230,1,206173,11830",
    "20241230,999,999999,1",
    "20241230,3,207989,7010",
    "20241230,4,207989,7000",
]


def match_line(tourney, num, winner, loser, score, format_round_minutes, stats):
    winner_id, winner_seed, winner_entry = winner.split(",")
    loser_id, loser_seed, loser_entry = loser.split(",")
    best_of, round_code, minutes = format_round_minutes.split(",")
    return ",".join(
        [
            tourney,
            num,
            winner_id,
            winner_seed,
            winner_entry,
            "Winner Name,R,,ITA,22.0",
            loser_id,
            loser_seed,
            loser_entry,
            "Loser Name,R,,ESP,20.0",
            score,
            best_of,
            round_code,
            minutes,
            stats,
            "1,9010,2,8130",
        ]
    )


def write(path: Path, header: str, lines) -> Path:
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def atp_files(tmp_path):
    return {
        "players": write(tmp_path / "players.csv", PLAYERS_HEADER, PLAYERS),
        "matches": write(tmp_path / "matches.csv", MATCHES_HEADER, [match_line(*row) for row in MATCHES]),
        "rankings": write(tmp_path / "rankings.csv", RANKINGS_HEADER, RANKINGS),
    }


@pytest.fixture
def imported(db, atp_files):
    return atp_import.import_paths(atp_files.values())


def run_command(*paths) -> str:
    out = StringIO()
    call_command("import_atp", *map(str, paths), "--no-progress", stdout=out)
    return out.getvalue()


# --- what comes in ---------------------------------------------------------------------------------
def test_import_creates_every_kind_of_record(imported):
    created = {kind: counts.created for kind, counts in imported.counts.items()}
    assert created == {
        "players": 8,
        "tournaments": 5,
        "editions": 5,
        "matches": 9,
        "stats": 2,
        "rankings": 4,
    }
    assert Player.objects.count() == 8
    assert Match.objects.count() == 9
    assert RankingEntry.objects.count() == 4


def test_only_rows_without_a_readable_result_are_rejected_with_file_line_and_reason(imported, atp_files):
    matches, rankings = atp_files["matches"], atp_files["rankings"]
    assert imported.rejected == [
        f"{matches}:6: unknown round 'R3'",
        f"{rankings}:5: unknown player id 999999",
        f"{rankings}:7: player 207989 is ranked twice on 2024-12-30 (first on line 6)",
    ]
    assert imported.counts["matches"].rejected == 1
    assert imported.counts["rankings"].rejected == 2
    assert Match.objects.filter(source_id="2024-0339-300").exists()


def test_codes_the_data_dictionary_does_not_define_import_the_result_without_them(imported, atp_files):
    mystery = Match.objects.select_related("edition__tournament").get(source_id="2024-9999-1")
    assert (mystery.edition.tournament.name, mystery.edition.tournament.level) == ("Mystery Cup", "")
    assert Match.objects.get(source_id="2024-0339-296").p1_entry == ""
    assert f"{atp_files['matches']}:5: warning: unknown tourney_level 'X': imported without a level" in (
        imported.warnings
    )
    assert (
        f"{atp_files['matches']}:7: warning: unknown entry code 'XX' (winner_entry): imported without it"
        in imported.warnings
    )


def test_player_fields_come_from_the_data_with_accents_kept(imported):
    baez = Player.objects.get(source_id=202104)
    assert (baez.first_name, baez.last_name, baez.slug) == ("Sebastián", "Báez", "sebastian-baez")
    assert baez.search_name == "sebastian baez"
    sinner = Player.objects.get(source_id=206173)
    assert sinner.birth_date == date(2001, 8, 16)
    assert (sinner.country, sinner.height_cm, sinner.plays, sinner.wikidata_id) == (
        "ITA",
        191,
        "R",
        "Q54812588",
    )


def test_unknown_or_partial_values_are_left_empty(imported):
    assert Player.objects.get(source_id=100004).birth_date is None  # 19010000: only the year is known
    assert Player.objects.get(source_id=100003).plays == Hand.UNKNOWN  # 'A' is not a hand we store


def test_players_with_the_same_name_get_distinct_ascii_slugs(imported):
    slugs = dict(Player.objects.filter(last_name="Smith").values_list("source_id", "slug"))
    assert slugs == {100001: "john-smith", 100002: "john-smith-1970", 100003: "john-smith-2"}


def test_tournament_edition_and_match_fields(imported):
    match = Match.objects.select_related("edition__tournament").get(source_id="2024-0339-300")
    edition = match.edition
    assert (edition.source_id, edition.year, edition.start_date) == ("2024-0339", 2024, date(2024, 1, 1))
    assert (edition.surface, edition.draw_size) == ("Hard", 32)
    # One key per event whatever the year's id form ('0339' from 2016, '339' before).
    assert (edition.tournament.source_id, edition.tournament.level) == ("339", Level.TOUR)
    assert edition.name == "Brisbane"
    assert match.player1.source_id == 206173 and match.winner_side == 1
    assert (match.p1_seed, match.p2_seed, match.p1_rank, match.p2_rank_points) == (1, 2, 1, 8130)
    assert (match.round, match.round_order, match.best_of, match.duration_minutes) == (
        "F",
        ROUND_ORDER["F"],
        3,
        136,
    )
    assert match.score == Score.parse("7-6(5) 6-4")
    assert Tournament.objects.get(source_id="580").level == Level.GRAND_SLAM


def test_entry_codes_are_normalised(imported):
    assert Match.objects.get(source_id="2024-0339-299").p1_entry == "ALT"


@pytest.mark.parametrize(
    ("source_id", "status", "score"),
    [
        ("2024-0339-300", Status.COMPLETED, "7-6(5) 6-4"),
        ("2024-0339-299", Status.RETIRED, "6-3 2-1 RET"),
        ("2024-0580-101", Status.WALKOVER, "W/O"),
        ("2024-M-DC-2024-FLS-M-ITA-NED-01-2", Status.RETIRED, "4-6 6-3 4-0 RET"),
        ("2024-M-DC-2024-FLS-M-ITA-NED-01-1", Status.COMPLETED, "4-6 7-5 [7-10]"),
    ],
)
def test_status_follows_the_score_ending(imported, source_id, status, score):
    match = Match.objects.get(source_id=source_id)
    assert (match.status, str(match.score), match.winner_side) == (status, score, 1)


def test_odd_scores_are_imported_as_the_data_says_with_a_warning(imported, atp_files):
    matches = atp_files["matches"]
    assert [w for w in imported.warnings if "warning: score" in w] == [
        f"{matches}:4: warning: score '6-4 6-' is not one Baseline can read: the result is imported with "
        "the score as written",
        f"{matches}:9: warning: score '4-6 7-5 [7-10]' reads as a win for the listed loser; "
        "imported with the winner the data names",
        f"{matches}:10: warning: score '4-6 6-3 4-0' stops before the match was won, "
        "with no ending: imported as '4-6 6-3 4-0 RET'",
    ]
    unreadable = Match.objects.get(source_id="2024-0339-298")
    assert (unreadable.score, unreadable.score_text, unreadable.status) == (None, "6-4 6-", Status.COMPLETED)
    assert unreadable.score_note == "6–4 6– (as written in the data)"


def test_stats_are_imported_for_both_players_and_skipped_when_empty(imported):
    final = Match.objects.get(source_id="2024-0339-300")
    won = MatchStats.objects.get(match=final, player=final.player1)
    lost = MatchStats.objects.get(match=final, player=final.player2)
    assert (won.aces, won.double_faults, won.serve_points, won.break_points_faced) == (8, 2, 74, 3)
    assert (lost.aces, lost.first_serves_in, lost.service_games, lost.break_points_saved) == (9, 58, 11, 8)
    assert MatchStats.objects.count() == 2


def test_current_rank_comes_from_the_newest_ranking_week(imported):
    sinner = Player.objects.get(source_id=206173)
    assert (sinner.current_rank, sinner.current_points, sinner.ranked_on) == (1, 11830, date(2024, 12, 30))
    assert Player.objects.get(source_id=207989).current_rank == 3
    assert Player.objects.get(source_id=104925).current_rank is None


# --- running it again -----------------------------------------------------------------------------
def test_second_run_changes_nothing_and_says_so(db, atp_files):
    run_command(*atp_files.values())
    output = run_command(*atp_files.values())
    assert "Nothing changed: 0 created, 0 updated," in output
    report = atp_import.import_paths(atp_files.values())
    assert not report.changed
    assert report.counts["players"].unchanged == 8
    assert report.counts["matches"].unchanged == 9
    assert report.counts["rankings"].unchanged == 4


def test_a_changed_value_in_the_data_updates_only_that_record(imported, atp_files):
    players = atp_files["players"].read_text().replace(",188,Q5812", ",189,Q5812")
    atp_files["players"].write_text(players, encoding="utf-8")
    report = atp_import.import_paths([atp_files["players"]])
    assert (report.counts["players"].updated, report.counts["players"].unchanged) == (1, 7)
    assert Player.objects.get(source_id=104925).height_cm == 189


def test_an_empty_value_in_the_data_never_erases_a_stored_one(imported, atp_files):
    Player.objects.filter(source_id=100001).update(height_cm=180)
    report = atp_import.import_paths([atp_files["players"]])
    assert report.counts["players"].updated == 0
    assert Player.objects.get(source_id=100001).height_cm == 180


def test_files_are_imported_players_first_whatever_the_order_given(db, atp_files):
    report = atp_import.import_paths([atp_files["rankings"], atp_files["matches"], atp_files["players"]])
    assert [kind for _, kind, _ in report.files] == ["players", "matches", "rankings"]
    assert report.counts["rankings"].created == 4


def test_a_folder_is_read_for_its_csv_files(db, atp_files, tmp_path):
    (tmp_path / "README.md").write_text("not data")
    output = run_command(tmp_path)
    assert Match.objects.count() == 9
    assert f"{atp_files['rankings']}:5: unknown player id 999999" in output


def test_a_file_that_fails_midway_leaves_nothing_of_itself_behind(db, atp_files, monkeypatch):
    def crash(*args, **kwargs):
        real_import_rankings(*args, **kwargs)
        raise RuntimeError("the machine went down")

    real_import_rankings = service.IMPORTERS["rankings"]
    monkeypatch.setitem(service.IMPORTERS, "rankings", crash)
    with pytest.raises(RuntimeError):
        atp_import.import_paths(atp_files.values())
    assert Match.objects.count() == 9
    assert RankingEntry.objects.count() == 0
    assert Player.objects.get(source_id=206173).current_rank is None


def test_unreadable_paths_fail_the_command_after_the_rest_is_imported(db, atp_files, tmp_path):
    other = write(tmp_path / "other.csv", "id,name", ["1,x"])
    with pytest.raises(CommandError):
        run_command(atp_files["players"], other, tmp_path / "missing.csv")
    assert Player.objects.count() == 8


def test_rejected_rows_do_not_fail_the_command(db, atp_files):
    output = run_command(*atp_files.values())
    assert f"{atp_files['matches']}:6: unknown round 'R3'" in output
    assert ["matches", "9", "0", "0", "1"] in [line.split() for line in output.splitlines()]


# --- living with editors' data ----------------------------------------------------------------------
def test_a_demo_player_is_adopted_not_duplicated_and_keeps_their_slug(demo, atp_files):
    report = atp_import.import_paths(atp_files.values())
    sinners = Player.objects.filter(last_name="Sinner")
    assert sinners.count() == 1
    sinner = sinners.get()
    assert (sinner.slug, sinner.source_id, sinner.birth_date) == ("jannik-sinner", 206173, date(2001, 8, 16))
    baez = Player.objects.get(source_id=202104)
    # The demo spells him without accents; the match is on the folded name and the editor's spelling stays.
    assert (baez.slug, baez.first_name, baez.height_cm) == ("sebastian-baez", "Sebastian", 170)
    assert report.adopted["players"] == 3  # Sinner, Alcaraz, Báez
    again = atp_import.import_paths(atp_files.values())
    assert not again.changed


def test_a_demo_tournament_is_adopted_by_its_exact_folded_name(demo, atp_files):
    atp_import.import_paths(atp_files.values())
    paris = Tournament.objects.get(name="Paris Masters")
    assert (paris.slug, paris.source_id, paris.city) == ("paris-masters", "352", "Paris")
    assert sorted(paris.editions.values_list("year", flat=True)) == [2024, 2025]
    assert Edition.objects.get(source_id="2024-0352").tournament == paris


def test_an_editors_match_is_never_touched(db, atp_files):
    edition = factories.EditionFactory(year=2024)
    mine = factories.MatchFactory(edition=edition, score="6-1 6-1", duration_minutes=55)
    before = Match.objects.filter(pk=mine.pk).values().get()
    atp_import.import_paths(atp_files.values())
    atp_import.import_paths(atp_files.values())
    assert Match.objects.filter(pk=mine.pk).values().get() == before
    assert Match.objects.filter(source_id__isnull=True).count() == 1


def test_of_two_namesakes_from_the_same_country_the_youngest_adopts_the_hand_entered_player(db, tmp_path):
    editors = factories.PlayerFactory(first_name="John", last_name="Smith", country="USA", slug="john-smith")
    players = write(
        tmp_path / "p.csv", PLAYERS_HEADER, ["1,John,Smith,R,19300101,USA,,", "2,John,Smith,R,19990101,USA,,"]
    )
    report = atp_import.import_paths([players])
    assert Player.objects.get(pk=editors.pk).source_id == 2
    assert Player.objects.get(source_id=1).slug == "john-smith-1930"
    assert report.warnings == [
        f"{players}:3: warning: 2 players could be the hand-entered 'john-smith': "
        "adopted by the youngest, id 2 (not 1)"
    ]


def test_a_player_with_a_source_id_and_a_birth_date_is_not_adopted_by_name(db, atp_files):
    other = factories.PlayerFactory(first_name="Jannik", last_name="Sinner", country="ITA", source_id=1)
    atp_import.import_paths([atp_files["players"]])
    assert Player.objects.filter(last_name="Sinner").count() == 2
    assert Player.objects.get(pk=other.pk).source_id == 1


# --- the real season -------------------------------------------------------------------------------
@pytest.mark.atp_data
def test_the_2024_season_imports_completely(db):
    if not ATP.is_dir():
        pytest.skip(f"{ATP} is absent")
    report = atp_import.import_paths([ATP])
    assert report.file_errors == []
    # One Davis Cup rubber is listed twice (lines 2921 and 2922, match_num 2 and 3): the same match.
    assert report.counts["matches"].rejected == 1
    assert report.rejected[0].endswith(
        ":2922: the same players in the same round as match 2024-M-DC-2024-WG1-M-AUT-TUR-01-2 (line 2921)"
    )
    assert Match.objects.count() == 3075
    assert not any(score is None for score in Match.objects.values_list("score", flat=True))
    statuses = {status: Match.objects.filter(status=status).count() for status in Status.values}
    assert (statuses["retired"], statuses["walkover"], statuses["defaulted"]) == (82, 20, 2)
    assert len(report.warnings) == 4
    assert Player.objects.count() == 65989
    # One player (208147) is listed twice in each of the 44 weeks: the second line is rejected.
    assert report.counts["rankings"].rejected == 44
    assert RankingEntry.objects.count() == 92341 - 44
    sinner = Player.objects.get(slug="jannik-sinner")
    assert (sinner.current_rank, sinner.ranked_on) == (1, date(2024, 12, 30))
    assert Tournament.objects.filter(name="US Open").exists()  # the data's "Us Open", as readers know it
    assert not atp_import.import_paths([ATP]).changed
