"""The player page and the head-to-head page: what a reader sees, filters, 404s and query budgets."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from articles.models import ArticleStatus
from matches.models import Level, Round, Status, Surface
from players.models import Hand, Player
from tests.factories import (
    ArticleFactory,
    EditionFactory,
    MatchFactory,
    PlayerFactory,
    QuoteFactory,
    RankingEntryFactory,
    TournamentFactory,
)

pytestmark = pytest.mark.django_db

# player, match rows, the page of matches, the titles' finals, rankings, ranking weeks held, stories,
# related stories, quotes, seasons held, editions' columns (matches.rows; the last three are kept
# by a server process, read afresh inside a test's transaction)
PLAYER_PAGE_QUERIES = 11
H2H_PAGE_QUERIES = 5  # both players, their matches, their first seasons, seasons held, stories


def text_of(html):
    """The page as a reader reads it: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def edition(year=2024, surface=Surface.HARD, level=Level.ATP_250, name=None, start=None):
    tournament = TournamentFactory(level=level, **({"name": name} if name else {}))
    return EditionFactory(
        tournament=tournament, year=year, surface=surface, start_date=start or date(year, 6, 3)
    )


def win(player, opponent, **kwargs):
    return MatchFactory(player1=player, player2=opponent, winner_side=1, **kwargs)


def loss(player, opponent, **kwargs):
    return MatchFactory(player1=opponent, player2=player, winner_side=1, **kwargs)


def career(player, matches=60, weeks=50):
    """A long career: matches over three seasons and surfaces, weekly rankings, a story and a quote."""
    surfaces = [Surface.HARD, Surface.CLAY, Surface.GRASS]
    editions = [edition(year=2022 + n % 3, surface=surfaces[n % 3]) for n in range(6)]
    for n in range(matches):
        opponent = PlayerFactory()
        (win if n % 3 else loss)(player, opponent, edition=editions[n % 6], p1_rank=n + 1, p2_rank=n + 2)
    for n in range(weeks):
        RankingEntryFactory(player=player, week=date(2024, 1, 1) + timedelta(weeks=n), rank=50 - n // 2)
    story = ArticleFactory()
    story.players.add(player)
    QuoteFactory(speaker=player, article=story)


# --- the player page --------------------------------------------------------------------------


def test_player_page_shows_bio_facts_and_current_rank(client):
    player = PlayerFactory(
        first_name="Cameron",
        last_name="Norrie",
        slug="cameron-norrie",
        country="GBR",
        birth_date=date(1995, 8, 23),
        height_cm=188,
        plays=Hand.LEFT,
        bio="British No 1 with a **lefty** forehand.",
        current_rank=31,
        ranked_on=date(2024, 12, 30),
    )
    html = html_of(client, player.get_absolute_url())
    assert "<h1" in html and "Cameron Norrie" in html
    assert "<strong>lefty</strong>" in html
    assert "Great Britain" in html or "United Kingdom" in html
    assert f"{player.age} " in html and 'datetime="1995-08-23"' in html
    assert "188 cm" in html
    assert "Left-handed" in html
    assert "No 31" in html and 'datetime="2024-12-30"' in html


def test_player_bio_goes_through_the_sanitising_markdown_pipeline(client):
    player = PlayerFactory(bio="Hello <script>alert(1)</script> [x](javascript:alert(1))")
    html = html_of(client, player.get_absolute_url())
    assert "<script>alert" not in html
    assert "javascript:alert" not in html


def test_player_without_current_rank_shows_the_rank_at_their_latest_match(client):
    player = PlayerFactory()
    win(player, PlayerFactory(), edition=edition(year=2023), p1_rank=80, date=date(2023, 5, 1))
    latest = edition(year=2025, name="Paris Masters", level=Level.MASTERS)
    loss(player, PlayerFactory(), edition=latest, p2_rank=31, p1_rank=1, date=date(2025, 10, 29))
    assert "Ranked 31 as of Paris Masters 2025" in html_of(client, player.get_absolute_url())


def test_player_page_draws_the_ranking_chart_with_accessible_text_and_a_data_table(client):
    player = PlayerFactory(last_name="Sinner")
    for week, rank in [(date(2024, 1, 1), 4), (date(2024, 6, 10), 1), (date(2024, 12, 30), 1)]:
        RankingEntryFactory(player=player, week=week, rank=rank)
    html = html_of(client, player.get_absolute_url())
    assert '<svg class="chart"' in html and 'role="img"' in html
    assert "ATP ranking from 1 Jan 2024 (No 4) to 30 Dec 2024 (No 1), best in those weeks No 1" in html
    assert "<polyline" in html
    assert 'datetime="2024-06-10"' in html  # a row of the data table


def test_player_page_shows_the_career_high_first_reached_and_the_ranking_weeks_it_counts(client):
    player = PlayerFactory()
    for week, rank in [
        (date(2024, 6, 3), 2),
        (date(2024, 6, 10), 1),
        (date(2024, 6, 17), 1),
        (date(2024, 12, 30), 2),
    ]:
        RankingEntryFactory(player=player, week=week, rank=rank)
    RankingEntryFactory(week=date(2024, 1, 1))  # another player's week: the weeks held start here
    text = text_of(html_of(client, player.get_absolute_url()))
    assert (
        "Career high No 1 (first on 10 Jun 2024 ) in the rankings Baseline holds: weeks of 2024 "
        "(1 Jan – 30 Dec 2024)"
    ) in text


def test_player_without_rankings_has_no_chart(client):
    player = PlayerFactory()
    assert "<svg" not in html_of(client, player.get_absolute_url())


def test_season_record_counts_retirements_and_leaves_out_walkovers_and_says_so(client):
    player = PlayerFactory()
    hard, clay = edition(surface=Surface.HARD), edition(surface=Surface.CLAY)
    win(player, PlayerFactory(), edition=hard)
    win(player, PlayerFactory(), edition=clay)
    loss(player, PlayerFactory(), edition=clay, status=Status.RETIRED, score="6-3 2-1 RET")
    win(player, PlayerFactory(), edition=hard, status=Status.WALKOVER, score="W/O")
    html = html_of(client, player.get_absolute_url())
    assert "2024 season" in html
    assert "2\u20131" in html
    assert "1 walkover left out" in html
    assert "Walkovers and abandoned matches are left out" in html
    record_table = html[html.index("record-table") : html.index("</table>", html.index("record-table"))]
    assert "Hard" in record_table and "Clay" in record_table


def test_season_defaults_to_the_latest_and_can_be_chosen_or_set_to_all(client):
    player = PlayerFactory()
    win(player, PlayerFactory(last_name="Older"), edition=edition(year=2023))
    loss(player, PlayerFactory(last_name="Newer"), edition=edition(year=2024))
    url = player.get_absolute_url()
    latest = html_of(client, url)
    assert "2024 season" in latest and "Newer" in latest and "Older" not in latest
    chosen = html_of(client, url + "?year=2023")
    assert "2023 season" in chosen and "Older" in chosen and "Newer" not in chosen
    everything = html_of(client, url + "?year=all")
    assert "Win-loss in every season held" in everything and "Older" in everything and "Newer" in everything


def test_results_filter_by_surface(client):
    player = PlayerFactory()
    win(player, PlayerFactory(last_name="Claycourter"), edition=edition(surface=Surface.CLAY))
    win(player, PlayerFactory(last_name="Grasscourter"), edition=edition(surface=Surface.GRASS))
    html = html_of(client, player.get_absolute_url() + "?surface=Clay")
    assert "Claycourter" in html and "Grasscourter" not in html


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc",
        "?year=1850",
        "?year=99999999999999999999999",
        "?surface=Lava",
        "?surface=%00",
        "?page=zzz",
        "?page=-1",
        "?page=99999999999999999999",
        "?year[]=1&surface=Clay&surface=Hard",
    ],
)
def test_bad_filter_values_are_ignored_not_500(client, query):
    player = PlayerFactory()
    win(player, PlayerFactory(last_name="Opponent"), edition=edition())
    html = html_of(client, player.get_absolute_url() + query)
    assert "2024 season" in html


def test_results_are_paginated_25_to_a_page_and_pages_keep_the_filters(client):
    player = PlayerFactory()
    hard = edition(surface=Surface.HARD)
    for n in range(30):
        win(
            player, PlayerFactory(last_name=f"Opp{n:02d}"), edition=hard, date=date(2024, 1, 1) + timedelta(n)
        )
    url = player.get_absolute_url()
    first = html_of(client, url + "?year=2024&surface=Hard")
    assert "Page 1 of 2" in first
    assert "Opp29" in first and "Opp00" not in first  # newest first
    assert "year=2024&amp;surface=Hard&amp;page=2" in first
    second = html_of(client, url + "?year=2024&surface=Hard&page=2")
    assert "Opp00" in second and "Opp29" not in second


def test_each_result_links_to_the_match_the_opponent_and_the_head_to_head(client):
    player = PlayerFactory(slug="cameron-norrie")
    opponent = PlayerFactory(slug="carlos-alcaraz", first_name="Carlos", last_name="Alcaraz")
    match = loss(player, opponent, edition=edition(), score="6-4 6-3")
    html = html_of(client, player.get_absolute_url())
    assert f'href="{match.get_absolute_url()}"' in html
    assert f'href="{opponent.get_absolute_url()}"' in html
    assert 'href="/players/cameron-norrie/vs/carlos-alcaraz/"' in html
    assert "4\u20136 3\u20136" in text_of(html)  # the score from the player's side
    assert 'title="Lost">L<' in html


def test_player_page_lists_titles_won(client):
    player = PlayerFactory()
    final = win(
        player, PlayerFactory(last_name="Runnerup"), edition=edition(name="Queen's Club"), round=Round.F
    )
    loss(player, PlayerFactory(), edition=edition(name="Halle"), round=Round.F)
    html = html_of(client, player.get_absolute_url())
    assert "Titles (1)" in html
    assert "Queen's Club 2024" in html or "Queen&#x27;s Club 2024" in html
    assert f'href="{final.get_absolute_url()}"' in html


def test_player_page_shows_published_stories_and_quotes_only(client):
    player = PlayerFactory()
    story = ArticleFactory(title="A story about the player")
    story.players.add(player)
    draft = ArticleFactory(title="A draft about the player", status=ArticleStatus.DRAFT)
    draft.players.add(player)
    QuoteFactory(speaker=player, article=story, text="I felt great on court.")
    QuoteFactory(speaker=player, article=draft, text="Secret words.")
    future = ArticleFactory(title="Tomorrow's story", publish_at=timezone.now() + timedelta(days=1))
    future.players.add(player)
    html = html_of(client, player.get_absolute_url())
    assert "A story about the player" in html and "I felt great on court." in html
    assert "A draft about the player" not in html and "Secret words." not in html
    assert "Tomorrow" not in html


def test_player_page_offers_a_follow_button(client):
    player = PlayerFactory()
    html = html_of(client, player.get_absolute_url())
    assert 'class="follow' in html


def test_unknown_player_is_404(client):
    html_of(client, "/players/nobody-at-all/", status=404)


@pytest.mark.parametrize("size", ["small", "large"])
def test_player_page_runs_the_same_bounded_number_of_queries_for_any_career(
    client, django_assert_max_num_queries, size
):
    player = PlayerFactory(bio="A bio.")
    if size == "large":
        career(player, matches=60, weeks=50)
        final = edition(year=2024)
        win(player, PlayerFactory(), edition=final, round=Round.F)
    else:
        win(player, PlayerFactory(), edition=edition())
    with django_assert_max_num_queries(PLAYER_PAGE_QUERIES):
        html_of(client, player.get_absolute_url())
    with django_assert_max_num_queries(PLAYER_PAGE_QUERIES):
        html_of(client, player.get_absolute_url() + "?year=all&page=2")


# --- head-to-head -----------------------------------------------------------------------------


def rivals():
    a = PlayerFactory(slug="jannik-sinner", first_name="Jannik", last_name="Sinner")
    b = PlayerFactory(slug="carlos-alcaraz", first_name="Carlos", last_name="Alcaraz")
    return a, b


def test_head_to_head_shows_the_record_by_surface_and_every_match_newest_first(client):
    a, b = rivals()
    clay = edition(year=2024, surface=Surface.CLAY, name="Roland Garros", start=date(2024, 5, 26))
    hard = edition(year=2024, surface=Surface.HARD, name="Indian Wells", start=date(2024, 3, 6))
    beijing = edition(year=2024, surface=Surface.HARD, name="Beijing", start=date(2024, 9, 25))
    loss(a, b, edition=clay, round=Round.SF, score="2-6 6-3 3-6 6-4 6-3")
    loss(a, b, edition=hard, round=Round.SF, score="1-6 6-3 6-2")
    loss(a, b, edition=beijing, round=Round.F, score="6-7(6) 6-4 7-6(3)")
    win(
        a,
        b,
        edition=edition(year=2023, name="Miami", start=date(2023, 3, 20)),
        round=Round.SF,
        score="6-7(4) 6-4 6-2",
    )
    html = html_of(client, "/players/jannik-sinner/vs/carlos-alcaraz/")
    assert "Carlos Alcaraz leads Jannik Sinner 3\u20131" in html
    assert html.index("Beijing 2024") < html.index("Roland Garros 2024") < html.index("Indian Wells 2024")
    assert html.index("Indian Wells 2024") < html.index("Miami 2023")
    # Scores are read from Sinner's side.
    assert "7\u20136(6) 4\u20136 6\u20137(3)" in text_of(html)
    assert "6\u20137(4) 6\u20134 6\u20132" in text_of(html)
    surface_table = html[html.index("By surface") : html.index("</table>", html.index("By surface"))]
    assert "Clay" in surface_table and "Hard" in surface_table
    assert "What counts: every tour-level match Baseline holds counts" in text_of(html)  # the rule


def test_head_to_head_from_the_other_side_mirrors_the_record(client):
    a, b = rivals()
    win(a, b, edition=edition())
    loss(a, b, edition=edition())
    loss(a, b, edition=edition())
    html = html_of(client, "/players/carlos-alcaraz/vs/jannik-sinner/")
    assert "Carlos Alcaraz leads Jannik Sinner 2\u20131" in html


def test_head_to_head_leaves_out_walkovers_and_says_how_many(client):
    a, b = rivals()
    win(a, b, edition=edition())
    loss(a, b, edition=edition(), status=Status.WALKOVER, score="W/O")
    html = html_of(client, "/players/jannik-sinner/vs/carlos-alcaraz/")
    assert "Jannik Sinner leads Carlos Alcaraz 1\u20130" in html
    assert "1 walkover left out" in html
    assert "walkover, not counted" in html


def test_head_to_head_shows_stories_about_their_matches(client):
    a, b = rivals()
    match = win(a, b, edition=edition())
    story = ArticleFactory(title="The rivalry resumes")
    story.linked_matches.add(match)
    ArticleFactory(title="Unrelated story")
    html = html_of(client, "/players/jannik-sinner/vs/carlos-alcaraz/")
    assert "The rivalry resumes" in html and "Unrelated story" not in html


def test_head_to_head_of_players_who_never_met_says_so(client):
    rivals()
    html = html_of(client, "/players/jannik-sinner/vs/carlos-alcaraz/")
    assert "have not played each other" in html


@pytest.mark.parametrize(
    "url",
    [
        "/players/jannik-sinner/vs/jannik-sinner/",
        "/players/jannik-sinner/vs/nobody/",
        "/players/nobody/vs/jannik-sinner/",
        "/players/x/vs/x/",
    ],
)
def test_head_to_head_with_oneself_or_an_unknown_player_is_404(client, url):
    rivals()
    html_of(client, url, status=404)


@pytest.mark.parametrize("meetings", [1, 40])
def test_head_to_head_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries, meetings):
    a, b = rivals()
    for n in range(meetings):
        match = (win if n % 2 else loss)(a, b, edition=edition(year=2000 + n % 25))
        story = ArticleFactory()
        story.linked_matches.add(match)
    with django_assert_max_num_queries(H2H_PAGE_QUERIES):
        html_of(client, "/players/jannik-sinner/vs/carlos-alcaraz/")


def imported_edition(year, **kwargs):
    """An edition as the importer writes it (a source id): its season counts as held."""
    made = edition(year=year, **kwargs)
    made.source_id = f"{year}-{made.pk}"
    made.save()
    return made


def test_career_figures_say_which_seasons_they_count_when_a_season_is_not_held(client):
    nadal, other = PlayerFactory(first_name="Rafael", last_name="Nadal"), PlayerFactory()
    for year in (2020, 2021, 2024):
        win(nadal, other, edition=imported_edition(year), round=Round.F)
    page = text_of(html_of(client, nadal.get_absolute_url() + "?year=all"))
    assert "Titles (3) Titles in the seasons Baseline holds: 2020–2021 and 2024." in page
    assert "3–0 win-loss in the seasons Baseline holds: 2020–2021 and 2024." in page
    assert "Career" not in page


def test_a_season_entered_by_hand_says_it_is_not_held(client):
    norrie, alcaraz = PlayerFactory(), PlayerFactory()
    imported_edition(2024)
    loss(norrie, alcaraz, edition=edition(year=2025, start=date(2025, 6, 30)))
    page = text_of(html_of(client, norrie.get_absolute_url() + "?year=2025"))
    assert "The 2025 season is not held in full: this counts only the matches entered by hand." in page


def test_a_career_record_names_the_matches_entered_by_hand_it_counts(client):
    """Two 2025 matches entered by hand beside the held 2024 season: the record counts all three and
    says so, rather than reading as 2024's; the titles, all from 2024, say only 2024."""
    norrie, alcaraz = PlayerFactory(), PlayerFactory()
    win(norrie, PlayerFactory(), edition=imported_edition(2024), round=Round.F)
    win(norrie, alcaraz, edition=edition(year=2025, start=date(2025, 10, 27)))
    loss(norrie, alcaraz, edition=edition(year=2025, start=date(2025, 6, 30)))
    page = text_of(html_of(client, norrie.get_absolute_url() + "?year=all"))
    assert "2–1 win-loss in the seasons Baseline holds: 2024, and 2 matches entered by hand." in page
    assert "Win-loss in every season Baseline holds and 2 matches entered by hand, by surface" in page
    assert "Titles in the seasons Baseline holds: 2024." in page
    h2h = text_of(html_of(client, f"/players/{norrie.slug}/vs/{alcaraz.slug}/"))
    # They first met in 2025, a season not held: only the matches entered by hand count.
    assert "are level at 1–1 in the 2 matches entered by hand (no season held in full)." in h2h


def test_a_title_entered_by_hand_is_named_beside_the_seasons_held(client):
    player = PlayerFactory()
    win(player, PlayerFactory(), edition=imported_edition(2024))
    win(player, PlayerFactory(), edition=edition(year=2025), round=Round.F)
    page = text_of(html_of(client, player.get_absolute_url() + "?year=all"))
    assert "Titles (1) Titles in the seasons Baseline holds: 2024, and 1 match entered by hand." in page


def test_current_rank_carries_its_date(client):
    player = PlayerFactory(current_rank=3, ranked_on=date(2024, 12, 30))
    assert "No 3 on 30 Dec 2024" in text_of(html_of(client, player.get_absolute_url()))


def test_head_to_head_says_which_seasons_it_counts(client):
    a, b = PlayerFactory(), PlayerFactory()
    win(a, b, edition=imported_edition(2021))
    win(a, PlayerFactory(), edition=imported_edition(2019))
    page = text_of(html_of(client, f"/players/{a.slug}/vs/{b.slug}/"))
    assert f"{a.name} leads {b.name} 1–0 in the seasons Baseline holds: 2021." in page


@pytest.mark.parametrize("size", [3, 60])
def test_players_index_ranks_carry_their_week_and_queries_do_not_grow(
    client, django_assert_max_num_queries, size
):
    for n in range(size):
        player = PlayerFactory(current_rank=n + 1, ranked_on=date(2024, 12, 30))
        RankingEntryFactory(player=player, week=date(2024, 12, 30), rank=n + 1)
    retired = PlayerFactory(last_name="Oldtimer", current_rank=500, ranked_on=date(2019, 6, 3))
    RankingEntryFactory(player=retired, week=date(2019, 6, 3), rank=500)
    with django_assert_max_num_queries(3):  # the count, the page of players, the newest ranking week
        page = text_of(html_of(client, "/players/?q=oldtimer"))
    assert "Rank on 30 Dec 2024" in page
    assert "500 on 3 Jun 2019" in page


@pytest.mark.parametrize(
    "entries",
    [
        [(date(2024, 1, 1) + timedelta(weeks=n), 1 + n % 7) for n in range(52)],  # a season near the top
        [(date(1998, 1, 5) + timedelta(weeks=n), 3 + (n * 37) % 400) for n in range(900)],  # a long career
        [(date(2024, 12, 30), 31)],  # one week
        [(date(2023, 3, 6), 1200), (date(2024, 10, 7), 988)],
    ],
)
def test_the_ranking_chart_tag_writes_what_its_template_writes(entries):
    from django.template.loader import render_to_string

    from players.stats import ranking_chart
    from players.templatetags.players_tags import ranking_chart_svg

    player = Player(first_name="Seán <O'Brien>", last_name="& Co", slug="sean-obrien")
    chart = ranking_chart(entries)
    expected = render_to_string("players/ranking_chart_svg.html", {"chart": chart, "player": player})
    assert ranking_chart_svg(chart, player) == expected
    assert "&lt;O&#x27;Brien&gt; &amp; Co" in expected
