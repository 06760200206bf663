"""Players, their weekly rankings, and the readers who follow them."""

from datetime import date

from django.conf import settings
from django.db import connection, models
from django.db.models import F, Q

from images.fields import PictureField, alt_text_errors
from newsroom.links import slug_url
from newsroom.locking import Versioned
from newsroom.text import search_words
from newsroom.together import Statement
from pagecache.memo import per_generation

from .countries import country_name


class Hand(models.TextChoices):
    RIGHT = "R", "Right-handed"
    LEFT = "L", "Left-handed"
    UNKNOWN = "U", "Unknown"


class PlayerQuerySet(models.QuerySet):
    def ranked(self):
        """Ranked players first, by current rank; the rest by name."""
        return self.order_by(F("current_rank").asc(nulls_last=True), "last_name", "first_name")

    def search(self, text: str):
        """Name search by any spelling: accents, case, hyphens and apostrophes aside ('baez' finds
        'Báez', 'auger aliassime' and 'augeraliassime' find 'Auger-Aliassime', 'oconnell' finds
        "O'Connell"). Every word must match.

        The names are matched in a subquery of ids: SQLite then reads the name's index alone, not
        every row of the history's 66,000 players (nor the whole rank index, for a list ordered by
        rank: 13-58 ms a search before, 4-6 ms)."""
        return self.filter(pk__in=Player.objects.filter(name_search(text)).order_by().values("pk"))


def name_search(text: str) -> Q:
    """The condition ``PlayerQuerySet.search`` filters on, to combine with others in one query. A
    text with no word in it (only punctuation) matches nobody."""
    words = search_words(text)[:5]
    if not words:
        return Q(pk__in=[])
    condition = Q()
    for word in words:
        condition &= Q(search_name__contains=word)
    return condition


class Player(Versioned):
    slug = models.SlugField(max_length=80, unique=True)
    first_name = models.CharField(max_length=80, blank=True)
    last_name = models.CharField(max_length=80)
    country = models.CharField("country (IOC code)", max_length=3, blank=True, db_index=True)
    birth_date = models.DateField(null=True, blank=True)
    height_cm = models.PositiveSmallIntegerField("height (cm)", null=True, blank=True)
    plays = models.CharField(max_length=1, choices=Hand.choices, default=Hand.UNKNOWN)
    photo = PictureField(use="player", blank=True)
    photo_alt = models.CharField("photo alt text", max_length=200, blank=True)
    photo_decorative = models.BooleanField(
        "decorative photo",
        default=False,
        help_text="Tick only if the photo adds nothing a reader needs; it then has no alt text.",
    )
    photo_credit = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True, help_text="Markdown.")
    source_id = models.PositiveIntegerField(
        null=True, blank=True, unique=True, help_text="The player's id in the ATP data (tennis_atp)."
    )
    wikidata_id = models.CharField(max_length=20, blank=True)
    # Denormalised from the newest RankingEntry so that lists can sort by rank cheaply.
    current_rank = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    current_points = models.PositiveIntegerField(null=True, blank=True)
    ranked_on = models.DateField(null=True, blank=True)
    # The name's words as search compares them, then each multi-word name run together
    # ('felix auger aliassime augeraliassime'): see make_search_name.
    search_name = models.CharField(max_length=340, editable=False, db_index=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = PlayerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if errors := alt_text_errors(self, "photo", "photo_alt", "photo_decorative"):
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_name = self.make_search_name(self.first_name, self.last_name)
        super().save(*args, **kwargs)

    @staticmethod
    def make_search_name(first_name, last_name):
        """'Félix', 'Auger-Aliassime' -> 'felix auger aliassime augeraliassime': the words of the name
        (``newsroom.text.search_words``), then each name of several words written as one, so that
        'augeraliassime' or 'deminaur' finds the player too."""
        words = search_words(f"{first_name} {last_name}")
        joined = [
            "".join(parts) for parts in (search_words(first_name), search_words(last_name)) if len(parts) > 1
        ]
        return " ".join(words + joined)

    def get_absolute_url(self):
        return slug_url("players:detail", self.slug)

    @property
    def name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def autocomplete_label(self):
        """The name with what tells namesakes apart: 'Carlos Alcaraz (ESP, b. 2003, No 3 on 30 Dec 2024)'."""
        facts = [self.country] if self.country else []
        if self.birth_date:
            facts.append(f"b. {self.birth_date.year}")
        if self.current_rank:
            on = f" on {self.ranked_on.day} {self.ranked_on:%b %Y}" if self.ranked_on else ""
            facts.append(f"No {self.current_rank}{on}")
        return f"{self.name} ({', '.join(facts)})" if facts else self.name

    @property
    def short_name(self):
        return f"{self.first_name[:1]}. {self.last_name}" if self.first_name else self.last_name

    @property
    def country_name(self):
        return country_name(self.country)

    def age_on(self, day: date | None = None):
        if not self.birth_date:
            return None
        day = day or date.today()
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    @property
    def age(self):
        return self.age_on()


class RankingEntryQuerySet(models.QuerySet):
    def newest_on_or_before(self, player_ids, day: date) -> dict[int, tuple[date, int]]:
        """Each player's newest ranking week on or before ``day``: {player id: (week, rank)}, in one
        query however many players: one backward probe of the (player, week) index a player,
        joined by UNION ALL (a correlated MAX per row read every week the players held, 0.7 ms
        on PostgreSQL for a story's five players). Written as SQL: the ORM took longer to compile
        the subqueries than the database to run them."""
        question = self.newest_on_or_before_question(player_ids, day)
        return question.fetch() if question else {}

    def newest_on_or_before_question(self, player_ids, day: date) -> Statement | None:
        """``newest_on_or_before`` as a statement a page may ask with its other questions
        (``newsroom.together``); None when there is nothing to ask."""
        ids = list(dict.fromkeys(pk for pk in player_ids if pk))
        if not ids or day is None:
            return None
        table = connection.ops.quote_name(self.model._meta.db_table)
        rank = connection.ops.quote_name("rank")
        probe = (
            f"SELECT * FROM (SELECT player_id, week, {rank} FROM {table} "
            "WHERE player_id = %s AND week <= %s ORDER BY week DESC LIMIT 1) AS p{}"
        )
        sql = " UNION ALL ".join(probe.format(i) for i in range(len(ids)))
        week = connection.ops.adapt_datefield_value(day)
        to_date = self.model._meta.get_field("week").to_python
        return Statement(
            sql,
            [value for pk in ids for value in (pk, week)],
            lambda found: {pk: (to_date(week), rank) for pk, week, rank in found},
        )

    FIRST_RANKING_YEAR = 1973  # the ATP's computer rankings began in August 1973

    def held(self):
        """The ranking weeks held (``players.career.RankingsHeld``), or None when there are none:
        ``rankings_held``, kept until the content changes (``pagecache.memo``)."""
        return rankings_held()


@per_generation
def rankings_held():
    """The ranking weeks held (``players.career.RankingsHeld``), or None when there are none.

    One query however many rows: the first and last week, and for each year from 1973 to this
    one an indexed probe for a week in it. Written as SQL because the ORM takes ~10 ms to
    compile fifty EXISTS subqueries; a VALUES list keeps it to one probe for the planner."""
    from .career import RankingsHeld

    table = connection.ops.quote_name(RankingEntry._meta.db_table)
    week = connection.ops.quote_name(RankingEntry._meta.get_field("week").column)
    adapt = connection.ops.adapt_datefield_value
    years = range(RankingEntryQuerySet.FIRST_RANKING_YEAR, date.today().year + 1)
    values = ", ".join("(%s, %s, %s)" for _ in years)
    # A row with no year holds the first and last week; then one row per year held.
    sql = (
        # Two scalar subqueries: SQLite reads MIN or MAX from the index only when it is alone.
        f"SELECT NULL, (SELECT MIN({week}) FROM {table}), (SELECT MAX({week}) FROM {table}) "
        f"UNION ALL SELECT held.column1, NULL, NULL FROM (VALUES {values}) held "
        f"WHERE EXISTS (SELECT 1 FROM {table} WHERE {week} >= held.column2 AND {week} < held.column3)"
    )
    params = [
        value for year in years for value in (year, adapt(date(year, 1, 1)), adapt(date(year + 1, 1, 1)))
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    first, last = next((row[1], row[2]) for row in rows if row[0] is None)
    if first is None:
        return None
    convert = RankingEntry._meta.get_field("week").to_python
    years_held = tuple(sorted(row[0] for row in rows if row[0] is not None))
    return RankingsHeld(first=convert(first), last=convert(last), years=years_held)


class RankingEntry(models.Model):
    player = models.ForeignKey(Player, on_delete=models.CASCADE, related_name="rankings")
    week = models.DateField(help_text="The Monday of the ranking week.")
    rank = models.PositiveIntegerField()
    points = models.PositiveIntegerField(null=True, blank=True)

    objects = RankingEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-week", "rank"]
        verbose_name_plural = "ranking entries"
        constraints = [models.UniqueConstraint(fields=["player", "week"], name="unique_ranking_per_week")]
        indexes = [models.Index(fields=["week", "rank"])]

    def __str__(self):
        return f"{self.player} No {self.rank} ({self.week:%d %b %Y})"

    def get_absolute_url(self):
        return self.player.get_absolute_url()


class Digest(models.TextChoices):
    NONE = "", "No digest"
    DAILY = "daily", "Daily digest"
    WEEKLY = "weekly", "Weekly digest"


class Follow(models.Model):
    """A reader follows a player, and chooses which e-mails about them to get (none by default)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    player = models.ForeignKey(Player, on_delete=models.CASCADE, related_name="followers")
    created = models.DateTimeField(auto_now_add=True)
    story_alerts = models.BooleanField(
        "e-mail each new story",
        default=False,
        help_text="An e-mail when a story about the player is published.",
    )
    digest = models.CharField(max_length=6, choices=Digest.choices, default=Digest.NONE, blank=True)
    # Alerts cover stories published from this moment: switching alerts on never mails the archive.
    alerts_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created"]
        constraints = [models.UniqueConstraint(fields=["user", "player"], name="unique_follow")]

    def __str__(self):
        return f"{self.user} follows {self.player}"

    def get_absolute_url(self):
        return self.player.get_absolute_url()
