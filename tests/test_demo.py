"""The demo newsroom: the seed story with everything it links to, from facts only."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Quote
from matches.models import Edition, Match, MatchStats, Round, Status
from players.models import Player


@pytest.mark.django_db
def test_load_demo_is_idempotent(demo):
    counts = [Article.objects.count(), Quote.objects.count(), Match.objects.count(), Player.objects.count()]
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    assert [
        Article.objects.count(),
        Quote.objects.count(),
        Match.objects.count(),
        Player.objects.count(),
    ] == counts
    assert counts == [1, 6, 6, 7]


@pytest.mark.django_db
def test_demo_match_holds_the_facts_of_the_story(demo):
    paris = Edition.objects.get(tournament__slug="paris-masters", year=2025)
    assert paris.tournament.get_level_display() == "Masters 1000"
    match = Match.objects.get(edition=paris, round=Round.R32)
    assert (match.winner.name, match.loser.name) == ("Cameron Norrie", "Carlos Alcaraz")
    assert match.score.display == "4–6 6–3 6–4"
    assert (match.p1_rank, match.p2_rank, match.p2_seed) == (31, 1, 1)
    assert MatchStats.objects.get(match=match, player=match.loser).unforced_errors == 54
    # The public record dates the event and the match; nothing else is asserted (no duration).
    assert match.date == date(2025, 10, 29) and match.duration_minutes is None
    assert (paris.start_date, paris.end_date, paris.surface) == (
        date(2025, 10, 27),
        date(2025, 11, 2),
        "Hard",
    )
    stats = MatchStats.objects.get(match=match)
    assert stats.aces is None and stats.winners is None


@pytest.mark.django_db
def test_demo_has_the_other_matches_of_the_fact_sheet(demo):
    def result(slug, round_code):
        m = Match.objects.get(edition__tournament__slug=slug, round=round_code)
        return (m.winner.name if m.winner else None, m.loser.name if m.loser else None, str(m.score or ""))

    assert result("paris-masters", Round.R64) == ("Cameron Norrie", "Sebastian Baez", "")
    assert result("wimbledon", Round.QF) == ("Carlos Alcaraz", "Cameron Norrie", "6-2 6-3 6-3")
    assert result("basel", Round.FIRST) == ("Taylor Fritz", "Valentin Vacherot", "")
    assert result("shanghai-masters", Round.F) == ("Valentin Vacherot", "Arthur Rinderknech", "4-6 6-3 6-4")
    wimbledon = Match.objects.get(edition__tournament__slug="wimbledon")
    assert wimbledon.date == date(2025, 7, 8) and wimbledon.edition.surface == "Grass"
    basel = Match.objects.get(edition__tournament__slug="basel")
    assert basel.p2_entry == "WC"
    upcoming = Match.objects.get(edition__tournament__slug="paris-masters", round=Round.R16)
    assert upcoming.status == Status.SCHEDULED and upcoming.player2 is None


@pytest.mark.django_db
def test_demo_quotes_have_speakers_and_the_match(demo):
    quotes = list(demo.quotes.select_related("speaker", "match"))
    assert [q.speaker.last_name for q in quotes] == ["Norrie"] * 5 + ["Alcaraz"]
    assert quotes[-1].text == "I'm really disappointed about my level."
    assert all(q.match and q.match.round == Round.R32 for q in quotes)


@pytest.mark.django_db
def test_demo_story_page_links_every_player_match_and_quote(client, demo):
    html = client.get(demo.get_absolute_url()).content.decode()
    assert "Norrie stuns world No 1 Alcaraz 4–6 6–3 6–4 at the Paris Masters" in html
    for player in Player.objects.all():
        assert player.get_absolute_url() in html, player
    for match in demo.linked_matches.all():
        assert match.get_absolute_url() in html, match
    assert "I&#x27;m really disappointed about my level." in html
    assert "54" in html  # Alcaraz's unforced errors, in the score box stats or the body
    assert "/tournaments/paris-masters/2025/" in html


@pytest.mark.django_db
def test_demo_story_is_dated_the_night_of_the_match_not_the_day_it_was_loaded(client, demo):
    assert timezone.localtime(demo.publish_at).date() == date(2025, 10, 29)
    html = client.get(demo.get_absolute_url()).content.decode()
    assert "29 October 2025" in html
    assert "Updated" not in html


@pytest.mark.django_db
def test_demo_shanghai_final_names_its_winner_from_the_public_record(client, demo):
    html = client.get(demo.get_absolute_url()).content.decode()
    assert "Not named" not in html
    assert "V. Vacherot</strong> d. A. Rinderknech" in html


@pytest.mark.django_db
def test_demo_results_are_newest_first_by_the_public_record_dates(client, demo):
    """Paris (27 October) above Basel (20 October), Shanghai (1 October) and Wimbledon (June)."""
    norrie = Player.objects.get(slug="cameron-norrie")
    html = client.get(norrie.get_absolute_url() + "?year=2025").content.decode()
    assert html.index("Paris Masters 2025") < html.index("Wimbledon 2025")
    home = client.get("/").content.decode()
    order = [
        home.index(name)
        for name in ("C. Norrie</strong> d. C. Alcaraz", "T. Fritz", "V. Vacherot</strong> d.")
    ]
    assert order == sorted(order)


@pytest.mark.django_db
def test_loading_the_demo_again_does_not_mark_the_story_updated(demo):
    before = Article.objects.get(pk=demo.pk).updated
    call_command("load_demo", stdout=StringIO())
    assert Article.objects.get(pk=demo.pk).updated == before


@pytest.mark.django_db
def test_demo_story_shows_the_ranks_of_the_night_not_the_latest_ones(client, demo):
    """Alcaraz was No 1 and Norrie No 31 that night, whatever ranks were imported since; players not
    in the match show their newest ranking before it, with its date."""
    from players.models import RankingEntry

    alcaraz = Player.objects.get(slug="carlos-alcaraz")
    sinner = Player.objects.get(slug="jannik-sinner")
    for player, rank in ((alcaraz, 3), (sinner, 1)):
        RankingEntry.objects.create(player=player, week=date(2024, 12, 30), rank=rank)
        Player.objects.filter(pk=player.pk).update(current_rank=rank, ranked_on=date(2024, 12, 30))
    html = client.get(demo.get_absolute_url()).content.decode()
    aside = " ".join(html[html.index('class="story-aside"') : html.index("</aside>")].split())
    assert 'Spain</span> <span class="rank">No 1 <small>at the time</small>' in aside
    assert 'Great Britain</span> <span class="rank">No 31 <small>at the time</small>' in aside
    assert 'No 1 <small>on <time datetime="2024-12-30">30 Dec 2024</time></small>' in aside  # Sinner
    assert "No 3 <small>" not in aside  # Alcaraz's December 2024 rank


@pytest.mark.django_db
def test_following_norrie_shows_his_paris_win_first(client, demo, reader):
    from players.models import Follow

    Follow.objects.create(user=reader, player=Player.objects.get(slug="cameron-norrie"))
    client.force_login(reader)
    html = client.get("/following/").content.decode()
    paris = html.index("C. Norrie</strong> d. C. Alcaraz")
    assert paris < html.index("C. Alcaraz</strong> d. C. Norrie")  # Wimbledon, in July
