"""The one Markdown pipeline: safe HTML for readers and editors, references resolved to data."""

from html.parser import HTMLParser

import pytest

from articles.markdown import markdownify, render
from tests.factories import ArticleFactory, MatchFactory, PlayerFactory, QuoteFactory

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src='https://evil.example'></iframe>",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    'paragraph {: onclick="alert(1)" }',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<form action="https://evil.example"><input name=q></form>',
    '<object data="x.swf"></object><embed src="x.swf">',
    "[[player:<script>alert(1)</script>]]",
    "[[player:x|<img src=x onerror=alert(1)>]]",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((name.lower(), (value or "").strip().lower()) for name, value in attrs)


@pytest.mark.django_db
@pytest.mark.parametrize("body", HOSTILE)
def test_hostile_markdown_cannot_run_script(body):
    parsed = _Elements()
    parsed.feed(render(body).html)
    assert not {"script", "iframe", "svg", "form", "input", "object", "embed", "style", "math"} & set(
        parsed.tags
    )
    for name, value in parsed.attrs:
        assert not name.startswith("on"), (name, value)
        assert name != "style"
        if name in ("href", "src"):
            assert value.startswith(("http:", "https:", "mailto:", "/", "#")) or ":" not in value, value


@pytest.mark.django_db
def test_markdown_renders_emphasis_headings_tables_and_safe_links():
    html = render(
        "## Heading\n\n**bold** and [site](https://example.com)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    ).html
    assert "<h2>Heading</h2>" in html
    assert "<strong>bold</strong>" in html
    assert '<a rel="noopener nofollow" href="https://example.com">site</a>' in html
    assert "<table>" in html and "<td>1</td>" in html


@pytest.mark.django_db
def test_player_reference_links_to_the_player_page():
    player = PlayerFactory(first_name="Sebastián", last_name="Báez", slug="sebastian-baez")
    html = render("Beat [[player:sebastian-baez]] and [[player:sebastian-baez|Báez]].").html
    assert f'<a class="ref ref-player" href="{player.get_absolute_url()}">Sebastián Báez</a>' in html
    assert f'href="{player.get_absolute_url()}">Báez</a>' in html


@pytest.mark.django_db
def test_match_reference_alone_in_a_paragraph_becomes_a_score_box():
    match = MatchFactory(score="4-6 6-3 6-4")
    html = render(f"Intro.\n\n[[match:{match.pk}]]\n\nMore.").html
    assert 'class="score-box in-body"' in html
    assert match.player1.name in html and match.player2.name in html
    assert "<p><figure" not in html  # no block inside a paragraph


@pytest.mark.django_db
def test_match_reference_inside_a_sentence_is_an_inline_result_link():
    match = MatchFactory(score="4-6 6-3 6-4")
    html = render(f"He won [[match:{match.pk}]] yesterday.").html
    assert f'href="{match.get_absolute_url()}"' in html
    assert f"{match.player1.name} d. {match.player2.name} 4–6 6–3 6–4" in html


@pytest.mark.django_db
def test_quote_reference_becomes_a_quote_block_with_the_speaker_linked():
    quote = QuoteFactory(text="I played well today.")
    html = render(f"[[quote:{quote.pk}]]").html
    assert "<blockquote><p>I played well today.</p></blockquote>" in html
    assert f'<a href="{quote.speaker.get_absolute_url()}">{quote.speaker.name}</a>' in html


@pytest.mark.django_db
def test_unknown_references_stay_visible_as_text_and_are_reported():
    result = render("See [[player:nobody-here]] and [[match:999999]] and [[quote:abc]].")
    assert '<span class="ref-missing">[[player:nobody-here]]</span>' in result.html
    assert result.missing == ["[[player:nobody-here]]", "[[match:999999]]", "[[quote:abc]]"]


@pytest.mark.django_db
def test_references_resolve_with_one_query_per_kind(django_assert_max_num_queries):
    players = [PlayerFactory() for _ in range(5)]
    matches = [MatchFactory() for _ in range(3)]
    body = (
        " ".join(f"[[player:{p.slug}]]" for p in players)
        + " "
        + " ".join(f"[[match:{m.pk}]]" for m in matches)
    )
    # players: 1; matches: 1 plus 1 for prefetched stats
    with django_assert_max_num_queries(3):
        render(body)


@pytest.mark.django_db
def test_preview_html_equals_the_public_story_html():
    player = PlayerFactory(slug="cameron-norrie", first_name="Cameron", last_name="Norrie")
    body = f"**Big win** for [[player:{player.slug}]] <script>x()</script>"
    article = ArticleFactory(body=body)
    assert markdownify(body) == article.body_html
    assert "<script" not in article.body_html
