"""The demo newsroom: the seed story with everything it links to, from facts only."""

from io import StringIO

import pytest
from django.core.management import call_command

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
    # Nothing the story does not state: no dates, no duration, no other stats.
    assert match.date is None and match.duration_minutes is None and paris.start_date is None
    stats = MatchStats.objects.get(match=match)
    assert stats.aces is None and stats.winners is None


@pytest.mark.django_db
def test_demo_has_the_other_matches_of_the_fact_sheet(demo):
    def result(slug, round_code):
        m = Match.objects.get(edition__tournament__slug=slug, round=round_code)
        return (m.winner.name if m.winner else None, m.loser.name if m.loser else None, str(m.score or ""))

    assert result("paris-masters", Round.R64) == ("Cameron Norrie", "Sebastian Baez", "")
    assert result("wimbledon", Round.QF) == ("Carlos Alcaraz", "Cameron Norrie", "")
    assert result("basel", Round.FIRST) == ("Taylor Fritz", "Valentin Vacherot", "")
    assert result("shanghai-masters", Round.F) == (None, "Arthur Rinderknech", "")
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
def test_final_with_an_unnamed_winner_reads_as_a_result(client, demo):
    shanghai = Match.objects.get(edition__tournament__slug="shanghai-masters")
    html = client.get("/").content.decode()
    assert "<strong>Not named</strong> d. A. Rinderknech" in html
    page = client.get(shanghai.get_absolute_url()).content.decode()
    assert "Arthur Rinderknech" in page and "To be decided" not in page


@pytest.mark.django_db
def test_loading_the_demo_again_does_not_mark_the_story_updated(demo):
    before = Article.objects.get(pk=demo.pk).updated
    call_command("load_demo", stdout=StringIO())
    assert Article.objects.get(pk=demo.pk).updated == before
