"""Stories and the quotes in them."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from markdownx.models import MarkdownxField

from images.fields import PictureField, alt_text_errors
from matches.models import Edition, Match
from newsroom.links import slug_url
from newsroom.locking import Versioned
from newsroom.text import fold
from players.models import Player


class Section(models.TextChoices):
    NEWS = "news", "News"
    MATCH_REPORT = "report", "Match report"
    FEATURE = "feature", "Feature"
    ANALYSIS = "analysis", "Analysis"
    OPINION = "opinion", "Opinion"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see: published, with a publish time that has come (by ``now``, the
        current time unless given). Every reader view, feed and list goes through here; a story
        scheduled for later appears by itself."""
        return self.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=now or timezone.now())

    def with_corrections(self):
        return self.prefetch_related("corrections")

    def for_cards(self):
        return self.select_related("edition__tournament").order_by("-publish_at", "-id")

    # What a story card (``includes/story_card.html``) shows, lead card included.
    CARD_FIELDS = (
        "id",
        "title",
        "slug",
        "standfirst",
        "section",
        "publish_at",
        "hero_image",
        "hero_alt",
        "edition__year",
        "edition__name",
        "edition__tournament__name",
    )

    def card_fields(self):
        """Just the columns a story card shows: not the body, its HTML or the search text (half
        the cost of building and reading a list of stories)."""
        return self.only(*self.CARD_FIELDS)

    def with_bylines(self):
        """Each story's authors, in byline order, in one more query."""
        return self.prefetch_related(
            models.Prefetch(
                "bylines", queryset=Byline.objects.select_related("author").order_by("position", "id")
            )
        )

    def search(self, text):
        """Accent- and case-insensitive search in titles and standfirsts."""
        qs = self
        for word in fold(text).split()[:5]:
            qs = qs.filter(search_text__contains=word)
        return qs

    def about_player(self, player):
        return self.about_players([player])

    def about_players(self, players):
        """Stories linked to any of ``players`` (instances or ids), naming them in the body, or
        quoting them. Each link is an indexed look-up of story ids, so no story comes twice."""
        return self.filter(
            Q(pk__in=Article.players.through.objects.filter(player__in=players).values("article_id"))
            | Q(pk__in=BodyReference.objects.filter(player__in=players).values("article_id"))
            | Q(pk__in=Quote.objects.filter(speaker__in=players).values("article_id"))
        )

    def about_matches(self, matches):
        """Stories that report any of ``matches`` (instances or ids), list them, or name them in
        the body."""
        return self.filter(
            Q(match__in=matches)
            | Q(pk__in=Article.linked_matches.through.objects.filter(match__in=matches).values("article_id"))
            | Q(pk__in=BodyReference.objects.filter(match__in=matches).values("article_id"))
        )

    def about_edition(self, edition):
        """Stories about ``edition``: theirs, reporting one of its matches, or naming it in the body."""
        return self.filter(
            Q(edition=edition)
            | Q(match__edition=edition)
            | Q(pk__in=BodyReference.objects.filter(edition=edition).values("article_id"))
        )

    def about_tournament(self, tournament):
        """Stories about any edition of ``tournament``: their edition, the match they report, or
        the edition or tournament their body names."""
        return self.filter(
            Q(edition__tournament=tournament)
            | Q(match__edition__tournament=tournament)
            | Q(
                pk__in=BodyReference.objects.filter(
                    Q(tournament=tournament) | Q(edition__tournament=tournament)
                ).values("article_id")
            )
        )


class Article(Versioned):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences under the headline; also the summary."
    )
    body = MarkdownxField(
        help_text=(
            "Markdown. Link data with [[player:cameron-norrie]], [[match:12]] (score box), "
            "[[quote:7]] (a quote from this story), [[edition:paris-masters/2025]]."
        )
    )
    body_html = models.TextField(editable=False, blank=True)
    search_text = models.TextField(editable=False, blank=True, help_text="Folded title and standfirst.")
    authors = models.ManyToManyField("authors.Author", through="Byline", blank=True, related_name="articles")
    section = models.CharField(max_length=10, choices=Section.choices, default=Section.NEWS)
    status = models.CharField(max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When readers can see it. A future time schedules the story.",
    )
    hero_image = PictureField(use="hero", blank=True)
    hero_alt = models.CharField("hero image alt text", max_length=250, blank=True)
    hero_decorative = models.BooleanField(
        "decorative hero image",
        default=False,
        help_text="Tick only if the picture adds nothing a reader needs; it then has no alt text.",
    )
    hero_caption = models.CharField(max_length=300, blank=True)
    hero_credit = models.CharField(max_length=200, blank=True)
    match = models.ForeignKey(
        Match,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name="match reported",
        help_text="Its score box heads the story.",
    )
    players = models.ManyToManyField(Player, blank=True, related_name="articles")
    # Not "matches": a form field of that name shadows HTMLFormElement.matches() in the admin.
    linked_matches = models.ManyToManyField(
        Match, blank=True, related_name="articles", verbose_name="matches in the story"
    )
    edition = models.ForeignKey(
        Edition, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    body_images = models.ManyToManyField(
        "images.BodyImage", blank=True, editable=False, related_name="articles", help_text="Kept by save()."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        indexes = [models.Index(fields=["status", "-publish_at"])]
        permissions = [("publish_article", "Can publish stories")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug)

    def clean(self):
        from django.core.exceptions import ValidationError

        from images.markdown import problems

        errors = alt_text_errors(self, "hero_image", "hero_alt", "hero_decorative")
        if picture_problems := problems(self.render_body(pictures=True)):
            errors["body"] = picture_problems
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        from .redirects import remember_old_slug

        self.body = (self.body or "").replace("\r\n", "\n").rstrip()
        remember_old_slug(self)
        pictures = self.render_body(pictures=True)
        self.search_text = fold(f"{self.title} {self.standfirst}")
        adding = self._state.adding
        super().save(*args, **kwargs)
        store_references(self, self._body_references)
        names = [p.name for p in pictures if p.name]
        if names or not adding:  # the pictures the body uses stay as long as it does (images.models)
            from images.models import BodyImage

            self.body_images.set(BodyImage.objects.filter(image__in=names))

    def render_body(self, pictures=False):
        """Render the body through the one Markdown pipeline; returns the unknown references (or,
        with ``pictures``, the pictures in the body)."""
        from .markdown import render

        result = render(self.body)
        self.body_html = result.html
        self._body_references = result.references  # stored on save (articles.references)
        return result.pictures if pictures else result.missing

    @property
    def byline_authors(self):
        """The authors in byline order (use ``with_bylines()`` when fetching several stories)."""
        return [byline.author for byline in self.bylines.all()]

    @property
    def byline_names(self):
        names = [author.name for author in self.byline_authors]
        return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else ""

    @property
    def is_published(self):
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.status == ArticleStatus.PUBLISHED and self.publish_at and self.publish_at > timezone.now()

    @property
    def was_updated(self):
        return self.publish_at and (self.updated - self.publish_at).total_seconds() > 600


class Byline(models.Model):
    """An author of a story, in the order the byline names them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("authors.Author", on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="one_byline_per_author")]

    def __str__(self):
        return f"{self.author} on {self.article}"


class QuoteQuerySet(models.QuerySet):
    BLOCK_FIELDS = (
        "id",
        "article",
        "text",
        "speaker_name",
        "speaker_role",
        "context",
        "speaker__slug",
        "speaker__first_name",
        "speaker__last_name",
    )

    def for_blocks(self, *, match=True, article=False):
        """What a quote block (``includes/quote_block.html``) shows, in one query: the speaker,
        the match with its event (``match``; else its id alone, for a page that hides it) and the
        story quoted (``article``: its title and address)."""
        fields = [*self.BLOCK_FIELDS]
        related = ["speaker"]
        if match:
            related.append("match__edition__tournament")
            fields += ["match__round", "match__edition__year", "match__edition__name"]
            fields += ["match__edition__tournament__name"]
        else:
            related.append("match")
            fields.append("match__id")
        if article:
            related.append("article")
            fields += ["article__title", "article__slug"]
        return self.select_related(*related).only(*fields)


class Quote(Versioned):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField()
    speaker = models.ForeignKey(
        Player,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
        help_text="A player; for coaches and officials leave empty and fill in the name and role.",
    )
    speaker_name = models.CharField(max_length=120, blank=True)
    speaker_role = models.CharField(max_length=120, blank=True)
    match = models.ForeignKey(Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    context = models.CharField(max_length=200, blank=True, help_text='e.g. "after the match"')
    date = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position", "id"]

    def __str__(self):
        text = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        return f"{self.speaker_display}: ‘{text}’"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#quote-{self.pk}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if not self.speaker_id and not self.speaker_name.strip():
            raise ValidationError({"speaker": "Choose a player or write the speaker's name."})

    @property
    def speaker_display(self):
        if self.speaker_id:
            return self.speaker.name
        return self.speaker_name or "Unknown speaker"

    @property
    def reference(self):
        return f"[[quote:{self.pk}]]" if self.pk else ""


# Models kept in modules of their own, registered with the app here.
from .corrections import Correction  # noqa: E402, F401
from .redirects import OldSlug  # noqa: E402, F401

# Stored references to data in story bodies: a model of its own module (its rules live there).
from .references import BodyReference  # noqa: E402
from .references import store as store_references  # noqa: E402
from .revisions import Revision  # noqa: E402, F401
