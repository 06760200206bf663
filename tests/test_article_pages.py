"""Reader pages for stories: what readers see, what they never see, and what it costs in queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import ArticleStatus
from tests.factories import ArticleFactory, BylineFactory, MatchFactory, PlayerFactory, QuoteFactory


@pytest.mark.django_db
def test_home_shows_the_top_story_latest_stories_and_results(client):
    older = ArticleFactory(title="Older story", publish_at=timezone.now() - timedelta(days=2))
    top = ArticleFactory(title="Top story", publish_at=timezone.now() - timedelta(minutes=5))
    MatchFactory(player1=PlayerFactory(last_name="Norrie"), score="4-6 6-3 6-4")
    html = client.get("/").content.decode()
    assert html.index("Top story") < html.index("Older story")
    assert top.get_absolute_url() in html and older.get_absolute_url() in html
    assert "4–6 6–3 6–4" in html
    assert "Norrie" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"status": ArticleStatus.DRAFT},
        {"status": ArticleStatus.IN_REVIEW},
        {"publish_at": None},
        {"publish_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "in-review", "no-publish-time", "scheduled-for-tomorrow"],
)
def test_unpublished_story_is_404_and_absent_for_readers(client, reader, changes):
    story = ArticleFactory(title="Secret scoop", **changes)
    assert client.get(story.get_absolute_url()).status_code == 404
    client.force_login(reader)
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Secret scoop" not in client.get("/").content.decode()
    assert "Secret scoop" not in client.get("/news/").content.decode()


@pytest.mark.django_db
def test_scheduled_story_appears_by_itself_when_its_time_comes(client):
    story = ArticleFactory(publish_at=timezone.now() + timedelta(minutes=1))
    assert client.get(story.get_absolute_url()).status_code == 404
    story.publish_at = timezone.now() - timedelta(seconds=1)
    story.save()
    assert client.get(story.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_staff_can_preview_a_draft_which_is_never_cached(client, writer):
    story = ArticleFactory(status=ArticleStatus.DRAFT, title="Work in progress")
    client.force_login(writer)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this story is draft" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_story_page_shows_score_box_quotes_and_linked_players(client):
    norrie = PlayerFactory(first_name="Cameron", last_name="Norrie", slug="cameron-norrie", country="GBR")
    alcaraz = PlayerFactory(first_name="Carlos", last_name="Alcaraz", slug="carlos-alcaraz", country="ESP")
    match = MatchFactory(player1=norrie, player2=alcaraz, score="4-6 6-3 6-4", p2_seed=1)
    story = ArticleFactory(title="Norrie stuns Alcaraz", standfirst="A comeback.", match=match)
    writer = BylineFactory(article=story, author__name="A. Writer").author
    story.players.set([norrie, alcaraz])
    story.linked_matches.set([match])
    QuoteFactory(article=story, speaker=norrie, text="This win is so big for me.", match=match)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<h1" in html and "Norrie stuns Alcaraz" in html
    assert "A comeback." in html
    assert f'By <a href="{writer.get_absolute_url()}" rel="author">A. Writer</a>' in html
    assert 'class="score-box' in html
    for games in ('<td class="num">4</td>', '<td class="num set-won">6</td>'):
        assert games in html
    assert "This win is so big for me." in html
    assert f'<a href="{norrie.get_absolute_url()}">Cameron Norrie</a>' in html
    assert alcaraz.get_absolute_url() in html
    assert match.get_absolute_url() in html
    assert '"@type": "NewsArticle"' in html
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{story.get_absolute_url()}">' in html


@pytest.mark.django_db
def test_story_body_is_rendered_safely(client):
    story = ArticleFactory(body="Hello <script>alert(1)</script> [x](javascript:alert(1))")
    html = client.get(story.get_absolute_url()).content.decode()
    body = html[html.index('class="story-body"') : html.index("</article>")]
    assert "<script>alert" not in body and "javascript:" not in body


@pytest.mark.django_db
def test_unknown_story_and_hostile_slugs_are_404(client):
    assert client.get("/news/no-such-story/").status_code == 404
    assert client.get("/news/%3Cscript%3E/").status_code == 404
    assert client.get("/news/" + "a" * 500 + "/").status_code == 404


def _big_story(n_players, n_matches, n_quotes):
    players = [PlayerFactory() for _ in range(n_players)]
    matches = [MatchFactory(player1=players[i % n_players]) for i in range(n_matches)]
    story = ArticleFactory()
    story.players.set(players)
    story.linked_matches.set(matches)
    for i in range(n_quotes):
        QuoteFactory(article=story, speaker=players[i % n_players], match=matches[0])
    story.match = matches[0]
    story.save()
    return story


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 12])
def test_story_page_queries_do_not_grow_with_its_links(client, django_assert_max_num_queries, size):
    story = _big_story(size, size, size)
    # The story, its players, matches, quotes, bylines, corrections and body references, related
    # stories; the fact box (rows, ranking weeks, seasons held) and the players' ranks as of the match.
    with django_assert_max_num_queries(12):
        assert client.get(story.get_absolute_url()).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 25])
def test_home_queries_do_not_grow_with_stories_and_results(client, django_assert_max_num_queries, size):
    for _ in range(size):
        story = ArticleFactory()
        story.players.add(PlayerFactory())
        MatchFactory()
    with django_assert_max_num_queries(3):
        assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_news_list_paginates_published_stories(client):
    for i in range(25):
        ArticleFactory(title=f"Story {i:02d}", publish_at=timezone.now() - timedelta(minutes=i + 1))
    first = client.get("/news/").content.decode()
    assert "Story 00" in first and "Story 24" not in first
    second = client.get("/news/?page=2").content.decode()
    assert "Story 24" in second
    assert client.get("/news/?page=99").status_code == 404
    assert client.get("/news/?page=abc").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("options", [{}, {"hide_match": True, "show_source": True}, {"show_source": True}])
def test_quote_blocks_match_the_quote_block_template(options):
    """The lists of quotes (``{% quote_blocks %}``) write the same HTML as the block a story body's
    quote becomes (``includes/quote_block.html``), escaping included."""
    from django.template.loader import render_to_string

    from articles.models import Quote
    from articles.templatetags.news import quote_blocks

    article = ArticleFactory(title="Fish & <chips>")
    QuoteFactory(article=article, text="I <3 clay & grass", speaker_role="coach", context="after <it>")
    QuoteFactory(article=article, speaker=None, speaker_name="A & B", match=MatchFactory(), position=1)
    QuoteFactory(article=article, speaker=None, match=MatchFactory(), context="later", position=2)
    quotes = list(Quote.objects.for_blocks(match=not options.get("hide_match"), article=True))
    expected = "".join(
        render_to_string("includes/quote_block.html", {"quote": quote, **options}) for quote in quotes
    )
    assert quote_blocks(quotes, **options) == expected
    assert "I &lt;3 clay &amp; grass" in expected and "A &amp; B" in expected


@pytest.mark.django_db
def test_story_cards_match_the_story_card_template():
    """The lists of stories (``{% story_cards %}``) write the same HTML as the include they
    replace (``includes/story_card.html``, not a lead card): escaping, set scores kept whole, the
    time in the site's time zone."""
    from django.template.loader import render_to_string

    from articles.models import Article
    from articles.templatetags.news import story_cards
    from tests.factories import EditionFactory

    ArticleFactory(title="Norrie <wins> 6–4 7–6(5) & more", standfirst="It's <over>")
    ArticleFactory(standfirst="", edition=EditionFactory(name="Queen's & Co"), section="report")
    ArticleFactory(status=ArticleStatus.DRAFT, publish_at=None)
    stories = list(Article.objects.for_cards().card_fields())
    expected = "".join(render_to_string("includes/story_card.html", {"story": story}) for story in stories)
    assert story_cards(stories) == expected
    assert "Norrie &lt;wins&gt;" in expected and "Queen&#x27;s &amp; Co" in expected


def test_a_storys_players_with_their_rank_then_match_their_template():
    """``{% player_then_items %}`` writes each player as ``includes/player_then.html`` does: the
    rank from the match's entry list ('at the time') or from a ranking week (dated), or none."""
    from datetime import date

    from django.template.loader import render_to_string

    from articles.templatetags.news import player_then_items
    from players.asof import RankAt
    from players.models import Player

    players_then = [
        (Player(first_name="Cameron", last_name="Norrie", slug="cameron-norrie", country="GBR"), RankAt(31)),
        (Player(first_name="Carlos", last_name="Alcaraz", slug="carlos-alcaraz", country="ESP"), None),
        (
            Player(first_name="Seán <O'Brien>", last_name="& Co", slug="sean-o-brien"),
            RankAt(1204, date(2024, 3, 4)),
        ),
    ]
    written = [line.strip() for line in player_then_items(players_then).splitlines() if line.strip()]
    expected = [
        render_to_string("includes/player_then.html", {"player": player, "rank": rank}).strip()
        for player, rank in players_then
    ]
    assert written == expected
    assert "No 31 <small>at the time</small>" in expected[0]
    assert '<time datetime="2024-03-04">4 Mar 2024</time>' in expected[2]
