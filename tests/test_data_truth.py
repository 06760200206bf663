"""The pages tell the truth about the real ATP data: the 2024 season with the 2021 season beside it.

The module imports ../shared/data/atp once (``manage.py import_atp``), then the 2021 season from
../shared/data/atp-history on top of it, and checks what a reader sees on the pages of Sinner,
Alcaraz, Norrie and Fritz, and in the fact box of match pages ("before this match"), against figures
computed here straight from the CSV files with the csv module, under the same rule the site states:
every tour-level match in the data counts, retirements and defaults included; walkovers and
abandoned matches are left out. Two seasons with two missing between them also check that every
career figure says which seasons it counts.

The import runs inside one transaction that is rolled back when the module ends (the pattern of
Django's ``TestCase.setUpTestData``), so no other test module ever sees the imported rows.
"""

import csv
import gzip
import io
import re
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from players.models import Player

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "atp"
MATCHES_CSV = DATA / "atp_matches_2024.csv"
RANKINGS_CSV = DATA / "atp_rankings_current.csv"
HISTORY_2021 = DATA.parent / "atp-history" / "atp_matches_2021.csv.gz"

pytestmark = [
    pytest.mark.atp_data,
    pytest.mark.django_db,
    pytest.mark.skipif(not MATCHES_CSV.exists(), reason="the ATP data in ../shared/data/atp is absent"),
    pytest.mark.skipif(
        not HISTORY_2021.exists(), reason="the ATP history in ../shared/data/atp-history is absent"
    ),
]

PLAYERS = ["Jannik Sinner", "Carlos Alcaraz", "Cameron Norrie", "Taylor Fritz"]
RIVALRIES = [("Jannik Sinner", "Carlos Alcaraz"), ("Taylor Fritz", "Jannik Sinner")]


# --- the truth, from the CSV files --------------------------------------------------------------


def left_out(score: str) -> str | None:
    """'walkover' or 'abandoned' when the site's rule leaves the match out of every record."""
    tokens = score.split()
    if "W/O" in tokens:
        return "walkover"
    if "ABD" in tokens:
        return "abandoned"
    return None


def read_matches():
    """The 2021 and 2024 rows."""
    with gzip.open(HISTORY_2021, "rt", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with MATCHES_CSV.open(newline="", encoding="utf-8") as handle:
        return rows + list(csv.DictReader(handle))


def player_ids(rows):
    ids = {}
    for row in rows:
        ids[row["winner_name"]] = int(row["winner_id"])
        ids[row["loser_name"]] = int(row["loser_id"])
    return ids


def season_truth(rows, pid):
    """(wins, losses), {surface: (wins, losses)}, walkovers left out — for 2024."""
    record = Counter()
    by_surface = defaultdict(Counter)
    walkovers = 0
    for row in rows:
        if pid not in (int(row["winner_id"]), int(row["loser_id"])) or not row["tourney_date"].startswith(
            "2024"
        ):
            continue
        if left_out(row["score"]):
            walkovers += 1
            continue
        result = "w" if int(row["winner_id"]) == pid else "l"
        record[result] += 1
        by_surface[row["surface"]][result] += 1
    return (
        (record["w"], record["l"]),
        {surface: (c["w"], c["l"]) for surface, c in by_surface.items()},
        walkovers,
    )


def h2h_truth(rows, a, b):
    wins = Counter()
    for row in rows:
        pair = {int(row["winner_id"]), int(row["loser_id"])}
        if pair == {a, b} and not left_out(row["score"]):
            wins[int(row["winner_id"])] += 1
    return wins[a], wins[b]


def current_rank_truth(pid):
    latest_week, rank = "", None
    with RANKINGS_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if int(row["player"]) == pid and row["ranking_date"] >= latest_week:
                latest_week, rank = row["ranking_date"], int(row["rank"])
    return rank


# --- the site, fed the same files --------------------------------------------------------------


@pytest.fixture(scope="module")
def atp(django_db_setup, django_db_blocker, tmp_path_factory):
    """Import the real data once for the module, in a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("import_atp", str(DATA), stdout=io.StringIO(), stderr=io.StringIO())
            # The older season on top of the newer one, as a site adding its history would.
            season_2021 = tmp_path_factory.mktemp("history") / "atp_matches_2021.csv"
            with gzip.open(HISTORY_2021, "rb") as packed:
                season_2021.write_bytes(packed.read())
            call_command("import_atp", str(season_2021), stdout=io.StringIO(), stderr=io.StringIO())
            rows = read_matches()
            yield {"rows": rows, "ids": player_ids(rows)}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(html, marker, end="</section>"):
    start = html.index(marker)
    return html[start : html.index(end, start)]


def page_of(client, player):
    response = client.get(player.get_absolute_url() + "?year=2024")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", PLAYERS)
def test_player_page_shows_the_2024_win_loss_overall_and_by_surface_that_the_csv_gives(client, atp, name):
    pid = atp["ids"][name]
    (wins, losses), by_surface, walkovers = season_truth(atp["rows"], pid)
    player = Player.objects.get(source_id=pid)
    html = page_of(client, player)
    season = section(html, 'id="season-heading"')
    record_table = text_of(section(season, "record-table", "</table>"))
    assert f"All surfaces {wins} {losses}" in record_table
    for surface, (surface_wins, surface_losses) in by_surface.items():
        assert f"{surface} {surface_wins} {surface_losses}" in record_table, surface
    assert f"{wins}\u2013{losses}" in text_of(season)
    if walkovers:
        plural = "s" if walkovers != 1 else ""
        assert f"{walkovers} walkover{plural} left out" in text_of(season)
    else:
        assert "walkover" not in text_of(season).replace("Walkovers and abandoned", "")


@pytest.mark.parametrize("name", PLAYERS)
def test_player_page_shows_the_current_rank_of_the_latest_ranking_week(client, atp, name):
    pid = atp["ids"][name]
    rank = current_rank_truth(pid)
    html = page_of(client, Player.objects.get(source_id=pid))
    facts = text_of(section(html, 'class="facts"', "</dl>"))
    assert f"ATP rank No {rank} " in facts + " "


@pytest.mark.parametrize(("a", "b"), RIVALRIES)
def test_head_to_head_page_shows_the_record_the_csv_gives_and_the_seasons_it_counts(client, atp, a, b):
    id_a, id_b = atp["ids"][a], atp["ids"][b]
    wins_a, wins_b = h2h_truth(atp["rows"], id_a, id_b)
    player_a, player_b = Player.objects.get(source_id=id_a), Player.objects.get(source_id=id_b)
    response = client.get(f"/players/{player_a.slug}/vs/{player_b.slug}/")
    assert response.status_code == 200
    text = text_of(response.content.decode())
    if wins_a > wins_b:
        assert f"{player_a.name} leads {player_b.name} {wins_a}\u2013{wins_b}" in text
    elif wins_b > wins_a:
        assert f"{player_b.name} leads {player_a.name} {wins_b}\u2013{wins_a}" in text
    else:
        assert f"level at {wins_a}\u2013{wins_b}" in text
    assert "in the seasons Baseline holds: 2021 and 2024" in text
    meetings = sum(1 for row in atp["rows"] if {int(row["winner_id"]), int(row["loser_id"])} == {id_a, id_b})
    assert text.count("Head-to-head") >= 1
    assert response.content.decode().count('<td class="score">') == meetings


# --- before this match: the fact box of match pages -----------------------------------------------

# The order of rounds within an event, written out here rather than taken from the site.
ROUNDS = ["R128", "R64", "R32", "R16", "RR", "QF", "SF", "BR", "F"]


def played_before(row, match):
    """Strictly before ``match`` in the data: an event that started earlier, or an earlier round of
    the same event."""
    if row["tourney_date"] != match["tourney_date"]:
        return row["tourney_date"] < match["tourney_date"]
    return ROUNDS.index(row["round"]) < ROUNDS.index(match["round"])


def h2h_before_truth(rows, match):
    a, b = int(match["winner_id"]), int(match["loser_id"])
    wins = Counter()
    for row in rows:
        pair = {int(row["winner_id"]), int(row["loser_id"])}
        if pair == {a, b} and not left_out(row["score"]) and played_before(row, match):
            wins[int(row["winner_id"])] += 1
    return wins[a], wins[b]


def season_before_truth(rows, match, pid):
    record = Counter()
    for row in rows:
        if pid not in (int(row["winner_id"]), int(row["loser_id"])) or left_out(row["score"]):
            continue
        # The season is the tourney_id's year (an event starting in late December belongs to the next).
        if row["tourney_id"][:4] == match["tourney_id"][:4] and played_before(row, match):
            record["w" if int(row["winner_id"]) == pid else "l"] += 1
    return record["w"], record["l"]


def rematches(rows):
    """2024 matches of pairs who had met before (in 2021 or earlier in 2024), first of each pair."""
    seen, found = set(), {}
    ordered = sorted(
        rows, key=lambda r: (r["tourney_date"], ROUNDS.index(r["round"]) if r["round"] in ROUNDS else 0)
    )
    for row in ordered:
        pair = frozenset((row["winner_id"], row["loser_id"]))
        if pair in seen and row["tourney_id"].startswith("2024") and row["round"] in ROUNDS:
            found.setdefault(pair, row)
        seen.add(pair)
    return list(found.values())


def test_fact_box_shows_ranks_head_to_head_and_season_before_the_match_that_the_csv_gives(client, atp):
    from matches.models import Match

    checked = 0
    for row in rematches(atp["rows"])[:12]:
        if left_out(row["score"]):
            continue
        match = Match.objects.select_related("player1", "player2").get(
            source_id=f"{row['tourney_id']}-{row['match_num']}"
        )
        winner, loser = match.player1, match.player2
        html = client.get(match.get_absolute_url()).content.decode()
        box = text_of(section(html, 'class="fact-box"'))
        # Ranks at the time: the match row's own.
        if row["winner_rank"] and row["loser_rank"]:
            assert (
                f"{winner.short_name} No {row['winner_rank']} · {loser.short_name} No {row['loser_rank']}"
                in box
            )
        # Head-to-head before, from the winner's side.
        won, lost = h2h_before_truth(atp["rows"], row)
        if won == lost == 0:
            assert "Before: their first counted meeting" in box
        elif won == lost:
            assert f"Before: level at {won}\u2013{lost}" in box
        elif won > lost:
            assert f"Before: {winner.name} led {won}\u2013{lost}" in box
        else:
            assert f"Before: {loser.name} led {lost}\u2013{won}" in box
        # Each player's 2024 season going in.
        for player, pid in ((winner, int(row["winner_id"])), (loser, int(row["loser_id"]))):
            sw, sl = season_before_truth(atp["rows"], row, pid)
            assert f"{player.short_name} {sw}\u2013{sl}" in box, (player, box)
        checked += 1
    assert checked >= 8


# --- draws and career highs ---------------------------------------------------------------------


def test_every_draw_places_every_match_once_beside_the_two_it_came_from(atp):
    """Each edition of 2021 and 2024, built from the matches alone: every match appears once (or is
    listed as not placed), and every player of a later-round match played in one of the two slots
    beside it. (Played, not won: the data has walkovers whose listed winner did not go on, e.g.
    Struff–Moutet at the 2024 Olympics.) The data holds no draw positions, so this is the promise."""
    from matches import draws
    from matches.models import Edition, Match

    unplaced = 0
    for edition in Edition.objects.filter(year__in=[2021, 2024]).with_tournament():
        matches = Match.objects.for_draw(edition)
        draw = draws.build(matches)
        seen = [
            slot.match.pk
            for bracket in (draw.main, draw.qualifying)
            for column in bracket.columns
            for slot in column.slots
            if slot.is_match
        ]
        seen += [m.pk for m in draw.main.unplaced + draw.qualifying.unplaced + draw.rubbers + draw.bronze]
        seen += [m.pk for group in draw.groups for m in group.matches]
        assert sorted(seen) == sorted(m.pk for m in matches), edition
        unplaced += len(draw.main.unplaced)
        columns = draw.main.columns
        for before, after in zip(columns, columns[1:], strict=False):
            for position, slot in enumerate(after.slots):
                if not slot.is_match:
                    continue
                feeders = before.slots[2 * position : 2 * position + 2]
                came = {
                    pid for s in feeders if s.is_match for pid in (s.match.player1_id, s.match.player2_id)
                }
                came |= {s.player.pk for s in feeders if s.player is not None}
                for pid in (slot.match.player1_id, slot.match.player2_id):
                    assert pid is None or pid in came, (edition, after.code, position)
    assert unplaced == 0


def test_the_wimbledon_2024_draw_runs_from_128_players_to_the_champion_the_csv_names(client, atp):
    rows = [
        r for r in atp["rows"] if r["tourney_name"] == "Wimbledon" and r["tourney_date"].startswith("2024")
    ]
    final = next(r for r in rows if r["round"] == "F")
    html = client.get("/tournaments/wimbledon/2024/").content.decode()
    tabs = text_of(section(html, 'class="bracket-tabs"', "</nav>"))
    labels = [
        "Round of 128",
        "Round of 64",
        "Round of 32",
        "Round of 16",
        "Quarter-final",
        "Semi-final",
        "Final",
    ]
    assert [tabs.index(label) for label in labels] == sorted(tabs.index(label) for label in labels)
    first_round = section(html, 'id="draw-r128"')
    assert first_round.count('class="bracket-cell"') == 64 == sum(r["round"] == "R128" for r in rows)
    final_cell = text_of(section(html, 'id="draw-f"'))
    winner = Player.objects.get(source_id=int(final["winner_id"]))
    assert f"{winner.short_name} d." in final_cell


def test_the_career_high_is_the_best_rank_of_the_weeks_held_first_reached_when_the_csv_says(client, atp):
    pid = atp["ids"]["Jannik Sinner"]
    with RANKINGS_CSV.open(newline="", encoding="utf-8") as handle:
        weeks = [
            (row["ranking_date"], int(row["rank"]))
            for row in csv.DictReader(handle)
            if int(row["player"]) == pid
        ]
    best = min(rank for _week, rank in weeks)
    first = min(week for week, rank in weeks if rank == best)
    day = datetime.strptime(first, "%Y%m%d").strftime("%-d %b %Y")
    html = page_of(client, Player.objects.get(source_id=pid))
    facts = text_of(section(html, 'class="facts"', "</dl>"))
    assert f"Career high No {best} (first on {day} ) in the rankings Baseline holds: weeks of 2024" in facts
