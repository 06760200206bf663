"""Topics: a section's and a tournament's stories, each with a page of its own and an Atom feed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import ArticleStatus, Section
from tests.factories import ArticleFactory, EditionFactory, MatchFactory, TournamentFactory

pytestmark = pytest.mark.django_db


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


def test_a_section_page_lists_its_published_stories_newest_first_with_its_feed(client):
    ArticleFactory(title="Older report", section=Section.MATCH_REPORT, publish_at=ago(5))
    ArticleFactory(title="Newer report", section=Section.MATCH_REPORT, publish_at=ago(1))
    ArticleFactory(title="An opinion", section=Section.OPINION)
    ArticleFactory(title="Draft report", section=Section.MATCH_REPORT, status=ArticleStatus.DRAFT)
    html = html_of(client, "/news/section/report/")
    assert "<h1>Match reports</h1>" in html
    assert html.index("Newer report") < html.index("Older report")
    assert "An opinion" not in html and "Draft report" not in html
    head = html[: html.index("</head>")]
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Baseline: match reports" '
        'href="/feeds/sections/report/">'
    ) in head
    assert 'href="/feeds/sections/report/" type="application/atom+xml">Atom feed' in html


def test_a_section_page_is_paginated_with_its_own_canonical_url(client, settings):
    for n in range(21):
        ArticleFactory(title=f"Feature {n:02d}", section=Section.FEATURE, publish_at=ago(n + 1))
    first = html_of(client, "/news/section/feature/")
    second = html_of(client, "/news/section/feature/?page=2")
    assert "Feature 00" in first and "Feature 20" not in first
    assert "Feature 20" in second and "Feature 00" not in second
    assert f'<link rel="canonical" href="{settings.SITE_URL}/news/section/feature/?page=2">' in second
    assert f'<link rel="canonical" href="{settings.SITE_URL}/news/section/feature/">' in first
    assert 'rel="next" href="?page=2"' in first
    html_of(client, "/news/section/feature/?page=9", status=404)


@pytest.mark.parametrize(
    "url", ["/news/section/gossip/", "/feeds/sections/gossip/", "/tournaments/nowhere/news/"]
)
def test_unknown_topics_are_404(client, url):
    html_of(client, url, status=404)


def test_an_empty_section_still_has_its_page(client):
    assert "No stories yet." in html_of(client, "/news/section/analysis/")


def test_the_section_feed_carries_that_section_only(client):
    ArticleFactory(title="A report", section=Section.MATCH_REPORT)
    ArticleFactory(title="A feature", section=Section.FEATURE)
    xml = html_of(client, "/feeds/sections/report/")
    assert "A report" in xml and "A feature" not in xml


def test_the_section_label_on_cards_and_stories_links_to_the_section(client):
    story = ArticleFactory(title="Sinner wins", section=Section.MATCH_REPORT)
    link = '<a href="/news/section/report/">Match report</a>'
    assert link in html_of(client, "/news/")
    assert link in html_of(client, story.get_absolute_url())


def test_a_tournament_carries_its_stories_and_links_its_feed_and_stories_page(client):
    wimbledon = TournamentFactory(name="Wimbledon", slug="wimbledon")
    edition = EditionFactory(tournament=wimbledon, year=2024)
    ArticleFactory(title="About the edition", edition=edition, publish_at=ago(1))
    ArticleFactory(title="Names it in the body", body="At [[tournament:wimbledon]] today.", publish_at=ago(2))
    ArticleFactory(title="Reports a match there", match=MatchFactory(edition=edition), publish_at=ago(3))
    ArticleFactory(title="Elsewhere")
    page = html_of(client, "/tournaments/wimbledon/")
    assert 'rel="alternate" type="application/atom+xml" title="Baseline: stories from Wimbledon"' in page
    assert 'href="/feeds/tournaments/wimbledon/"' in page and 'href="/tournaments/wimbledon/news/"' in page
    topic = html_of(client, "/tournaments/wimbledon/news/")
    feed = html_of(client, "/feeds/tournaments/wimbledon/")
    for html in (page, topic, feed):
        assert (
            "About the edition" in html and "Names it in the body" in html and "Reports a match there" in html
        )
        assert "Elsewhere" not in html
    assert topic.index("About the edition") < topic.index("Reports a match there")


def test_topic_pages_are_in_the_sitemap(client):
    ArticleFactory(edition=EditionFactory(tournament__slug="wimbledon"))
    TournamentFactory(slug="no-stories")
    xml = html_of(client, "/sitemap-topics.xml")
    assert "/news/section/report/</loc>" in xml and "/news/section/opinion/</loc>" in xml
    assert "/tournaments/wimbledon/news/</loc>" in xml
    assert "no-stories" not in xml
    assert "sitemap-topics.xml" in html_of(client, "/sitemap.xml")


@pytest.mark.parametrize("size", [1, 25])
def test_topic_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    edition = EditionFactory(tournament__slug="wimbledon")
    for _ in range(size):
        ArticleFactory(section=Section.NEWS, edition=edition)
    with django_assert_max_num_queries(2):  # count, page of stories
        html_of(client, "/news/section/news/")
    with django_assert_max_num_queries(3):  # the tournament, count, page of stories
        html_of(client, "/tournaments/wimbledon/news/")
