"""The data import and editors never overwrite each other: the import bumps the version of every row
it changes, and leaves a row an editor saved after the import read it."""

import pytest
from django.test import Client
from django.urls import reverse

from matches import atp_import
from matches.atp_import import writes
from players.models import Player
from tests.admin_forms import open_form
from tests.test_import_atp import PLAYERS, PLAYERS_HEADER, write

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def players_file(tmp_path):
    return write(tmp_path / "players.csv", PLAYERS_HEADER, PLAYERS)


def test_an_import_makes_an_editors_open_form_stale(admin_user, players_file):
    atp_import.import_paths([players_file])
    djokovic = Player.objects.get(source_id=104925)
    client = Client()
    client.force_login(admin_user)
    url = reverse("admin:players_player_change", args=[djokovic.pk])
    form = open_form(client, url)

    players_file.write_text(players_file.read_text().replace(",188,Q5812", ",189,Q5812"), encoding="utf-8")
    atp_import.import_paths([players_file])
    djokovic.refresh_from_db()
    assert (djokovic.height_cm, djokovic.version, djokovic.changed_by) == (189, 2, None)

    response = client.post(url, {**form, "bio": "Twenty-four major titles."})
    html = response.content.decode()
    assert "Not saved: the data import or a script changed this player" in html
    assert "189" in html  # the import's height, now in the form
    assert Player.objects.get(pk=djokovic.pk).bio == ""


def test_an_import_leaves_a_row_an_editor_saved_after_the_import_read_it(db, players_file):
    atp_import.import_paths([players_file])
    djokovic = Player.objects.get(source_id=104925)
    read_version = djokovic.version
    djokovic.height_cm = 190  # the editor's save lands between the import's read and its write
    djokovic.save()

    left = writes.update(Player, [(djokovic.pk, {"height_cm": 189}, read_version)])
    assert left == 1
    assert Player.objects.get(pk=djokovic.pk).height_cm == 190


def test_the_report_says_which_rows_were_left_for_editors(db, players_file, monkeypatch):
    atp_import.import_paths([players_file])
    players_file.write_text(players_file.read_text().replace(",188,Q5812", ",189,Q5812"), encoding="utf-8")
    original = writes.update

    def editor_saves_first(model, rows, **kwargs):
        for pk, *_ in rows:
            model.objects.get(pk=pk).save()
        return original(model, rows, **kwargs)

    monkeypatch.setattr(writes, "update", editor_saves_first)
    report = atp_import.import_paths([players_file])
    assert report.left_for_editors == {"players": 1}
    assert report.counts["players"].updated == 0
    assert any("left as they saved them: 1 players" in line for line in report.summary_lines())
    assert Player.objects.get(source_id=104925).height_cm == 188


# --- one match per pairing and round ----------------------------------------------------------------


def test_a_repeated_pairing_in_the_data_is_rejected_with_its_line(db, tmp_path):
    from matches.models import Match
    from tests.test_import_atp import BRISBANE, MATCHES_HEADER, NO_STATS, match_line

    players = write(tmp_path / "players.csv", PLAYERS_HEADER, PLAYERS)
    rows = [
        (BRISBANE, "300", "206173,1,", "207989,2,", "7-6(5) 6-4", "3,F,136", NO_STATS),
        (BRISBANE, "301", "207989,2,", "206173,1,", "6-4 6-4", "3,F,90", NO_STATS),
    ]
    matches = write(tmp_path / "matches.csv", MATCHES_HEADER, [match_line(*row) for row in rows])
    report = atp_import.import_paths([players, matches])
    assert Match.objects.count() == 1
    assert any(
        "matches.csv:3: the same players in the same round as match 2024-0339-300 (line 2)" in line
        for line in report.rejected
    )


def test_a_hand_entered_match_is_adopted_by_the_data_not_duplicated(db, tmp_path):
    from matches.models import Match, Round
    from tests import factories
    from tests.test_import_atp import BRISBANE, MATCHES_HEADER, NO_STATS, match_line

    players = write(tmp_path / "players.csv", PLAYERS_HEADER, PLAYERS)
    atp_import.import_paths([players])
    first = write(
        tmp_path / "m1.csv",
        MATCHES_HEADER,
        [match_line(BRISBANE, "1", "206173,,", "104925,,", "6-4 6-4", "3,QF,", NO_STATS)],
    )
    atp_import.import_paths([first])
    edition = Match.objects.get().edition
    sinner, alcaraz = Player.objects.get(source_id=206173), Player.objects.get(source_id=207989)
    mine = factories.MatchFactory(
        edition=edition, round=Round.F, player1=alcaraz, player2=sinner, winner_side=2, score="6-7(5) 4-6"
    )
    rows = [(BRISBANE, "300", "206173,1,", "207989,2,", "7-6(5) 6-4", "3,F,136", NO_STATS)]
    final = write(tmp_path / "m2.csv", MATCHES_HEADER, [match_line(*row) for row in rows])
    report = atp_import.import_paths([final])
    assert report.adopted["matches"] == 1
    mine.refresh_from_db()
    assert mine.source_id == "2024-0339-300"
    assert (mine.player1, mine.duration_minutes, str(mine.score)) == (alcaraz, 136, "6-7(5) 4-6")
    assert Match.objects.filter(round=Round.F).count() == 1
