"""Author pages: who writes for Baseline, and each author's published stories."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from articles.models import Article
from images.html import absolute, social

from .models import Author

STORIES_PER_PAGE = 20


def author_list(request):
    return render(request, "authors/author_list.html", {"authors": Author.objects.all()})


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    stories = Article.objects.published().for_cards().filter(bylines__author=author)
    page = Paginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "authors/author_detail.html",
        {"author": author, "page": page, "profile_jsonld": profile_jsonld(author, request)},
    )


def profile_jsonld(author, request):
    """schema.org ProfilePage about the author, for search engines."""
    person = {
        "@type": "Person",
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }
    if author.role:
        person["jobTitle"] = author.role
    if author.bio:
        person["description"] = author.bio
    if card := social(author.photo.name, author.photo.storage):
        person["image"] = {
            "@type": "ImageObject",
            "url": card["url"],
            "width": card["width"],
            "height": card["height"],
        }
    person["worksFor"] = {"@type": "NewsMediaOrganization", "name": "Baseline", "url": absolute("/")}
    return {"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": person}
