"""Models: names editors recognise, URLs, and the rules a match must keep."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article
from matches.models import Status
from players.models import Player
from tests.factories import (
    ArticleFactory,
    EditionFactory,
    MatchFactory,
    MatchStatsFactory,
    PlayerFactory,
    QuoteFactory,
    RankingEntryFactory,
)


@pytest.mark.django_db
def test_str_and_urls_are_what_an_editor_recognises():
    norrie = PlayerFactory(first_name="Cameron", last_name="Norrie", slug="cameron-norrie")
    alcaraz = PlayerFactory(first_name="Carlos", last_name="Alcaraz", slug="carlos-alcaraz")
    edition = EditionFactory(tournament__name="Paris Masters", tournament__slug="paris-masters", year=2025)
    match = MatchFactory(edition=edition, player1=norrie, player2=alcaraz, round="R32")
    assert str(norrie) == "Cameron Norrie" and norrie.get_absolute_url() == "/players/cameron-norrie/"
    assert str(edition) == "Paris Masters 2025"
    assert edition.get_absolute_url() == "/tournaments/paris-masters/2025/"
    assert edition.tournament.get_absolute_url() == "/tournaments/paris-masters/"
    assert str(match) == "Cameron Norrie d. Carlos Alcaraz (Paris Masters 2025, Round of 32)"
    assert match.get_absolute_url() == f"/matches/{match.pk}/"
    assert str(QuoteFactory(speaker=norrie, text="Short")) == "Cameron Norrie: ‘Short’"
    assert "No 3" in str(RankingEntryFactory(player=norrie, rank=3))
    assert str(MatchStatsFactory(match=match, player=norrie)).startswith("Cameron Norrie in ")


@pytest.mark.django_db
def test_player_search_ignores_accents_and_case():
    baez = PlayerFactory(first_name="Sebastián", last_name="Báez")
    PlayerFactory(first_name="Other", last_name="Person")
    assert list(Player.objects.search("sebastian BAEZ")) == [baez]
    assert list(Player.objects.search("Báez")) == [baez]


@pytest.mark.django_db
def test_ranked_players_come_first():
    unranked = PlayerFactory(last_name="Aardvark")
    second = PlayerFactory(last_name="Zed", current_rank=2)
    first = PlayerFactory(last_name="Young", current_rank=1)
    assert list(Player.objects.ranked()) == [first, second, unranked]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"winner_side": None, "score": ""}, "winner_side"),
        ({"status": Status.SCHEDULED, "winner_side": None}, "score"),
        ({"status": Status.SCHEDULED}, "winner_side"),
        ({"score": "6-3 2-1 RET"}, "status"),
        ({"score": "6-3 2-1 RET", "status": Status.RETIRED, "winner_side": 2}, "score"),
        ({"score": "3-6 4-6"}, "score"),
    ],
)
def test_match_clean_rejects_results_that_do_not_add_up(changes, field):
    match = MatchFactory.build(edition=EditionFactory(), player1=PlayerFactory(), player2=PlayerFactory())
    for name, value in changes.items():
        setattr(match, name, value)
    with pytest.raises(ValidationError) as error:
        match.full_clean()
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_completed_match_takes_its_winner_from_the_score():
    match = MatchFactory.build(edition=EditionFactory(), player1=PlayerFactory(), player2=PlayerFactory())
    match.winner_side, match.score = None, "4-6 6-3 6-4"
    match.full_clean()
    assert match.winner_side == 1


@pytest.mark.django_db
def test_player_cannot_play_themselves():
    player = PlayerFactory()
    match = MatchFactory.build(edition=EditionFactory(), player1=player, player2=player)
    with pytest.raises(ValidationError) as error:
        match.full_clean()
    assert "player2" in error.value.message_dict


@pytest.mark.django_db
def test_match_reads_from_either_side():
    match = MatchFactory(score="4-6 6-3 7-6(5)")
    assert match.winner == match.player1 and match.loser == match.player2
    assert match.won_by(match.player1) and not match.won_by(match.player2)
    assert match.score_for(match.player2).display == "6–4 3–6 6–7(5)"
    rows = match.sides()
    assert [c["games"] for c in rows[0]["sets"]] == [4, 6, 7]
    assert [c["tiebreak"] for c in rows[1]["sets"]] == [None, None, 5]


@pytest.mark.django_db
def test_stats_percentages():
    stats = MatchStatsFactory()
    assert (stats.first_serve_in_pct, stats.first_serve_won_pct, stats.second_serve_won_pct) == (62, 76, 53)
    assert stats.break_points_saved_pct == 60


@pytest.mark.django_db
def test_quote_needs_a_speaker():
    quote = QuoteFactory.build(article=ArticleFactory(), speaker=None, speaker_name="")
    with pytest.raises(ValidationError):
        quote.full_clean()


@pytest.mark.django_db
def test_published_is_the_only_reader_queryset():
    ArticleFactory(status="draft")
    live = ArticleFactory()
    assert list(Article.objects.published()) == [live]
