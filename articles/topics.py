"""Topic pages: every story of a section (/news/section/report/) or of a tournament
(/tournaments/wimbledon/news/), newest first, 20 to a page, each with its Atom feed.

Plain GET views whose content depends only on the URL: the page cache can keep them.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import ListView

from matches.models import Tournament

from .models import Article, Section

PER_PAGE = 20

# What a section's page is called: its stories, in the plural.
SECTION_TITLES = {
    Section.NEWS: "News stories",
    Section.MATCH_REPORT: "Match reports",
    Section.FEATURE: "Features",
    Section.ANALYSIS: "Analysis",
    Section.OPINION: "Opinion",
}


def section_or_404(value: str) -> Section:
    try:
        return Section(value)
    except ValueError:
        raise Http404("No such section.") from None


class TopicView(ListView):
    """A paginated list of stories about one topic; subclasses say which stories and what the
    topic is called."""

    template_name = "articles/topic.html"
    context_object_name = "stories"
    paginate_by = PER_PAGE
    allow_empty = True

    def topic(self) -> dict:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.topic()}


class SectionStoriesView(TopicView):
    def get_queryset(self):
        self.section = section_or_404(self.kwargs["section"])
        return Article.objects.published().for_cards().filter(section=self.section)

    def topic(self):
        title = SECTION_TITLES[self.section]
        return {
            "kicker": "Section",
            "topic_title": title,
            "description": f"{title} from Baseline, newest first, each linked to its matches and players.",
            "feed_url": reverse("feed-section", args=[self.section.value]),
            "feed_title": f"Baseline: {title.lower()}",
        }


class TournamentStoriesView(TopicView):
    def get_queryset(self):
        self.tournament = get_object_or_404(Tournament, slug=self.kwargs["slug"])
        return Article.objects.published().for_cards().about_tournament(self.tournament)

    def topic(self):
        name = self.tournament.name
        return {
            "kicker": "Tournament",
            "kicker_url": self.tournament.get_absolute_url(),
            "topic_title": f"{name}: stories",
            "description": f"Every Baseline story about {name}, newest first.",
            "feed_url": reverse("feed-tournament", args=[self.tournament.slug]),
            "feed_title": f"Baseline: stories from {name}",
            "tournament": self.tournament,
        }
