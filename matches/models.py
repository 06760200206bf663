"""Tournaments, their yearly editions, matches and per-player match statistics."""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse

from newsroom.links import SLUG, slug_url, url_maker
from newsroom.locking import Versioned
from players.models import Player

from . import chronology
from .fields import ScoreField
from .scores import ABANDONED, DEFAULTED, EN_DASH, RETIRED, WALKOVER, Score, ScoreError


class Level(models.TextChoices):
    """Event levels. The codes are the ATP data's ``tourney_level`` where it has one (see
    ``matches.atp_import.match_rows.LEVELS``); which levels count in records is decided in
    ``players.stats.COUNTED_LEVELS``."""

    GRAND_SLAM = "G", "Grand Slam"
    MASTERS = "M", "Masters 1000"
    ATP_500 = "500", "ATP 500"
    ATP_250 = "250", "ATP 250"
    TOUR = "A", "ATP Tour (250/500)"
    FINALS = "F", "ATP Finals"
    # The data gives the NextGen Finals 'F' too: the importer tells it apart by its name.
    NEXTGEN_FINALS = "NG", "Next Gen Finals"
    # Other season-ending events the data marks 'F' (the 1982 WCT Finals in Naples).
    OTHER_FINALS = "OF", "Season-ending finals"
    DAVIS_CUP = "D", "Davis Cup"
    OLYMPICS = "O", "Olympics"
    CHALLENGER = "C", "Challenger"
    ITF = "S", "ITF"
    # ITF World Tennis Tour events, named by their prize money in thousands of dollars.
    ITF_10 = "10", "ITF $10,000"
    ITF_15 = "15", "ITF $15,000"
    ITF_25 = "25", "ITF $25,000"
    EXHIBITION = "E", "Exhibition"
    JUNIORS = "J", "Juniors"
    TEAM = "T", "Team tennis"


class Surface(models.TextChoices):
    HARD = "Hard", "Hard"
    CLAY = "Clay", "Clay"
    GRASS = "Grass", "Grass"
    CARPET = "Carpet", "Carpet"


class Round(models.TextChoices):
    """Rounds in draw order: ``ROUND_ORDER`` gives each its place (qualifying first, final last).

    Davis Cup ties take the stage their name gives ('Davis Cup WG QF: …' is a quarter-final; 'PR',
    'PO' and 'CR' are the competition's preliminary rounds, play-offs and the challenge round, its
    final until 1971). 'ER' is the data's "early round" of the 2007 round-robin events."""

    Q1 = "Q1", "Qualifying 1st round"
    Q2 = "Q2", "Qualifying 2nd round"
    Q3 = "Q3", "Qualifying 3rd round"
    Q4 = "Q4", "Qualifying 4th round"
    PRELIMINARY = "PR", "Preliminary round"
    EARLY = "ER", "Early round"
    FIRST = "1R", "First round"
    SECOND = "2R", "Second round"
    THIRD = "3R", "Third round"
    R128 = "R128", "Round of 128"
    R64 = "R64", "Round of 64"
    R32 = "R32", "Round of 32"
    R16 = "R16", "Round of 16"
    RR = "RR", "Round robin"
    QF = "QF", "Quarter-final"
    SF = "SF", "Semi-final"
    BR = "BR", "Bronze medal match"
    F = "F", "Final"
    CHALLENGE = "CR", "Challenge round"
    PLAY_OFF = "PO", "Play-off"


ROUND_ORDER = {code: position for position, code in enumerate(Round.values, start=1)}


class Entry(models.TextChoices):
    WILD_CARD = "WC", "Wild card"
    QUALIFIER = "Q", "Qualifier"
    LUCKY_LOSER = "LL", "Lucky loser"
    PROTECTED = "PR", "Protected ranking"
    SPECIAL_EXEMPT = "SE", "Special exempt"
    ALTERNATE = "ALT", "Alternate"
    ITF = "ITF", "ITF place"
    UNDERAGE = "UP", "Under-age place"
    # 'W' stands for a wild card in the data (Čilić, Hangzhou 2024); the importer writes WC.
    WILD_CARD_W = "W", "Wild card (W)"
    # 'S' appears once (Atlanta 2015) and the data dictionary does not say what it means.
    OTHER = "S", "Entry code S (as in the data)"


class Status(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    LIVE = "live", "Live"
    COMPLETED = "completed", "Completed"
    RETIRED = "retired", "Retired"
    WALKOVER = "walkover", "Walkover"
    DEFAULTED = "defaulted", "Defaulted"
    ABANDONED = "abandoned", "Abandoned"


FINISHED = (Status.COMPLETED, Status.RETIRED, Status.WALKOVER, Status.DEFAULTED)
STATUS_FOR_ENDING = {
    RETIRED: Status.RETIRED,
    WALKOVER: Status.WALKOVER,
    DEFAULTED: Status.DEFAULTED,
    ABANDONED: Status.ABANDONED,
}


class Tournament(Versioned):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    level = models.CharField(max_length=3, choices=Level.choices, blank=True)
    surface = models.CharField("usual surface", max_length=6, choices=Surface.choices, blank=True)
    indoor = models.BooleanField(null=True, blank=True)
    city = models.CharField(max_length=80, blank=True)
    country = models.CharField("country (IOC code)", max_length=3, blank=True)
    source_id = models.CharField(
        max_length=60, null=True, blank=True, unique=True, help_text="The tournament id in the ATP data."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("matches:tournament", self.slug)


class EditionQuerySet(models.QuerySet):
    def with_tournament(self):
        return self.select_related("tournament")


class Edition(Versioned):
    tournament = models.ForeignKey(Tournament, on_delete=models.PROTECT, related_name="editions")
    year = models.PositiveSmallIntegerField()
    name = models.CharField(
        max_length=120,
        blank=True,
        help_text="The event's name that year ('Masters Cup' in 2005), when it differs from the "
        "tournament's; empty means the tournament's name.",
    )
    start_date = models.DateField(
        null=True, blank=True, help_text="The first day of the event (the data gives the Monday of its week)."
    )
    end_date = models.DateField(null=True, blank=True, help_text="The day of the final, when known.")
    surface = models.CharField(max_length=6, choices=Surface.choices, blank=True)
    draw_size = models.PositiveSmallIntegerField(null=True, blank=True)
    source_id = models.CharField(max_length=60, null=True, blank=True, unique=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "tournament__name"]
        constraints = [models.UniqueConstraint(fields=["tournament", "year"], name="unique_edition_year")]
        indexes = [models.Index(fields=["-start_date"])]

    def __str__(self):
        return f"{self.display_name} {self.year}"

    @property
    def display_name(self):
        """The name the event had that year, else the tournament's."""
        return self.name or self.tournament.name

    def get_absolute_url(self):
        slug = self.tournament.slug
        if slug and SLUG.fullmatch(slug) and isinstance(self.year, int):
            return url_maker("matches:edition", "slug", "year")(slug, self.year)
        return reverse("matches:edition", args=[slug, self.year])

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.resequence_matches()

    def resequence_matches(self):
        """Keep the matches' sort key true when the event's dates change (``matches.chronology``)."""
        if self.start_date:
            base = chronology.sequence(self.start_date, None, self.year, 0)
            self.matches.exclude(sequence=base + models.F("round_order")).update(
                sequence=base + models.F("round_order")
            )
            return
        for match in self.matches.only("id", "date", "round_order", "sequence"):
            wanted = chronology.sequence(None, match.date, self.year, match.round_order)
            if match.sequence != wanted:
                Match.objects.filter(pk=match.pk).update(sequence=wanted)

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The event cannot end before it starts."})
        if self.start_date and self.year and self.start_date.year not in (self.year, self.year - 1):
            raise ValidationError(
                {"start_date": f"The {self.year} edition cannot start in {self.start_date.year}."}
            )


class MatchQuerySet(models.QuerySet):
    def with_related(self):
        """Everything a results row or score box shows, in one query."""
        return self.select_related("edition__tournament", "player1", "player2")

    # A match as its own page, a score box and a fact box show it: every column of the match, its
    # edition and tournament but the bookkeeping (versions, import ids, timestamps), and the
    # players' names (not their bios, photos and rankings).
    PAGE_FIELDS = (
        "id",
        "round",
        "round_order",
        "sequence",
        "player1",
        "player2",
        "winner_side",
        "status",
        "score",
        "score_text",
        "best_of",
        "date",
        "duration_minutes",
        *(f"{side}_{field}" for side in ("p1", "p2") for field in ("seed", "entry", "rank", "rank_points")),
        *(
            f"edition__{field}"
            for field in ("tournament", "year", "name", "start_date", "end_date", "surface", "draw_size")
        ),
        *(
            f"edition__tournament__{field}"
            for field in ("name", "slug", "level", "surface", "indoor", "city", "country")
        ),
        *(
            f"{player}__{field}"
            for player in ("player1", "player2")
            for field in ("slug", "first_name", "last_name")
        ),
    )

    def for_page(self):
        """``with_related`` with the columns of ``PAGE_FIELDS`` only."""
        return self.with_related().only(*self.PAGE_FIELDS)

    DRAW_FIELDS = (
        "id",
        "edition_id",
        "round",
        "round_order",
        "sequence",
        "date",
        "status",
        "score",
        "score_text",
        "winner_side",
        *(f"{side}_{field}" for side in ("p1", "p2") for field in ("seed", "entry", "rank")),
        *(
            f"{player}__{field}"
            for player in ("player1", "player2")
            for field in ("slug", "first_name", "last_name")
        ),
    )

    def for_draw(self, edition):
        """An edition's matches with just what its draw shows (``matches.draws``), in one query:
        the players' names and slugs, and ``edition`` itself set on every match rather than joined
        127 times. First round first."""
        matches = list(
            self.filter(edition=edition)
            .select_related("player1", "player2")
            .only(*self.DRAW_FIELDS)
            .order_by("round_order", "id")
        )
        for match in matches:
            match.edition = edition
        return matches

    RESULT_FIELDS = (
        *DRAW_FIELDS,
        "player1_id",
        "player2_id",
        "best_of",
        "edition__year",
        "edition__name",
        "edition__start_date",
        "edition__surface",
        *(f"edition__tournament__{field}" for field in ("name", "slug", "level", "surface")),
    )

    def for_results(self):
        """Matches with what a results row or a list of titles shows (the event, the round, the
        players' names, the score), in one query: the same joins as ``with_related`` without the
        columns nobody reads (bios, photos, timestamps: half the cost of a page of 128 matches)."""
        return self.with_related().only(*self.RESULT_FIELDS)

    def final_lines(self):
        """One named row a match with what a list of titles says of its final: the event (name,
        year, slug, level), the score (or the data's text) and both players' names and slugs. Rows,
        not models: a long career's hundred titles cost a fifth as much this way."""
        names = {
            "year": F("edition__year"),
            "edition_name": F("edition__name"),
            "tournament_name": F("edition__tournament__name"),
            "tournament_slug": F("edition__tournament__slug"),
            "level": F("edition__tournament__level"),
            **{
                f"{side}_{field}": F(f"{player}__{field}")
                for side, player in (("p1", "player1"), ("p2", "player2"))
                for field in ("slug", "first_name", "last_name")
            },
        }
        fields = ("id", "winner_side", "score", "score_text", *names)
        return self.annotate(**names).values_list(*fields, named=True)

    def for_player(self, player):
        return self.filter(Q(player1=player) | Q(player2=player))

    def for_players(self, players):
        """Matches of any of ``players`` (instances or ids): a reader's followed players."""
        return self.filter(Q(player1__in=players) | Q(player2__in=players))

    def first_seasons(self, player_ids) -> dict[int, int]:
        """{player id: the first season they have a match in}, in one query."""
        found = self.filter(Q(player1__in=player_ids) | Q(player2__in=player_ids)).aggregate(
            **{
                f"p{pk}": models.Min("edition__year", filter=Q(player1=pk) | Q(player2=pk))
                for pk in player_ids
            }
        )
        return {pk: found[f"p{pk}"] for pk in player_ids if found[f"p{pk}"]}

    def between(self, a, b):
        return self.filter(Q(player1=a, player2=b) | Q(player1=b, player2=a))

    def decided(self):
        """Matches with a winner: the ones that count in a record (walkovers are left to the caller)."""
        return self.filter(winner_side__isnull=False).exclude(status__in=[Status.SCHEDULED, Status.LIVE])

    def latest_first(self):
        """Newest first, in the one order every list uses (``matches.chronology``)."""
        return self.order_by("-sequence", models.F("date").desc(nulls_last=True), "-id")

    def newest(self, count):
        """The ``count`` newest of these matches, newest first, with their edition, tournament and
        players ("latest results").

        The matches are picked by a subquery on the match table alone, which reads the sort index
        (``match_latest_idx``) from the top and stops after ``count`` rows; the joins are made for
        those rows only. Joined in one query, SQLite plans the editions first and sorts every match
        of the history (120 ms with 189,000 matches; PostgreSQL picks the index either way)."""
        picked = self.latest_first().values("pk")[:count]
        return Match.objects.filter(pk__in=picked).with_related().latest_first()

    def chronological(self):
        return self.order_by("sequence", models.F("date").asc(nulls_first=True), "id")

    # --- Data pages: slim rows for records, head-to-heads and filters (players.stats reads them) ---
    ROW_FIELDS = (
        "id",
        "player1_id",
        "player2_id",
        "winner_side",
        "status",
        "round",
        "round_order",
        "sequence",
        "date",
        "p1_rank",
        "p2_rank",
        "edition_id",
        "year",
        "start_date",
        "surface",
        "level",
        "tournament_name",
    )

    def rows(self):
        """One query of named tuples with just what a record needs (``players.stats``), newest first.

        The surface is the edition's, or the tournament's usual surface when the edition has none."""
        return (
            self.annotate(
                year=models.F("edition__year"),
                start_date=models.F("edition__start_date"),
                surface=models.Case(
                    models.When(edition__surface="", then=models.F("edition__tournament__surface")),
                    default=models.F("edition__surface"),
                    output_field=models.CharField(),
                ),
                level=models.F("edition__tournament__level"),
                tournament_name=models.F("edition__tournament__name"),
            )
            .latest_first()
            .values_list(*self.ROW_FIELDS, named=True)
        )

    def before(self, match):
        """Matches played before ``match`` (``matches.chronology``): a smaller sequence, or the same
        one (the same round of the same week) on an earlier known day."""
        return self.before_point(match.pk, match.sequence, match.date)

    def before_point(self, pk, sequence, day):
        """``before()`` a match given by its id, sequence and day (None if not known)."""
        earlier = Q(sequence__lt=sequence)
        if day:
            earlier |= Q(sequence=sequence, date__lt=day)
        return self.filter(earlier).exclude(pk=pk)


PAIRING_CONSTRAINT = "unique_pairing_per_round"


class Match(Versioned):
    class Side(models.IntegerChoices):
        PLAYER1 = 1, "Player 1"
        PLAYER2 = 2, "Player 2"

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="matches")
    round = models.CharField(max_length=4, choices=Round.choices)
    round_order = models.PositiveSmallIntegerField(editable=False, default=0)
    # The one sort key of every list (matches.chronology): event week, then round.
    sequence = models.PositiveIntegerField(editable=False, default=0)
    player1 = models.ForeignKey(
        Player,
        verbose_name="player 1",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="For a finished match, the winner is usually player 1. Leave empty if not known yet.",
    )
    player2 = models.ForeignKey(
        Player,
        verbose_name="player 2",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Leave empty if not known yet (the winner of another match).",
    )
    p1_seed = models.PositiveSmallIntegerField("player 1 seed", null=True, blank=True)
    p1_entry = models.CharField("player 1 entry", max_length=3, choices=Entry.choices, blank=True)
    p1_rank = models.PositiveIntegerField("player 1 rank", null=True, blank=True)
    p1_rank_points = models.PositiveIntegerField("player 1 ranking points", null=True, blank=True)
    p2_seed = models.PositiveSmallIntegerField("player 2 seed", null=True, blank=True)
    p2_entry = models.CharField("player 2 entry", max_length=3, choices=Entry.choices, blank=True)
    p2_rank = models.PositiveIntegerField("player 2 rank", null=True, blank=True)
    p2_rank_points = models.PositiveIntegerField("player 2 ranking points", null=True, blank=True)
    winner_side = models.PositiveSmallIntegerField(
        "winner", choices=Side.choices, null=True, blank=True, help_text="Empty until the match is decided."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    score = ScoreField(help_text="From player 1's side, e.g. 4-6 6-3 6-4, 7-6(5), [10-8], 6-3 2-1 RET, W/O.")
    score_text = models.CharField(
        "score as written",
        max_length=80,
        blank=True,
        help_text="The score as the data writes it when it is not one Baseline can read (UNK, the 31-point "
        "sets of 1968, a set marked '?'); the score above stays empty and readers see this text, marked "
        "as written in the data.",
    )
    best_of = models.PositiveSmallIntegerField(
        choices=[(1, "One set"), (3, "Best of 3"), (5, "Best of 5")], default=3
    )
    date = models.DateField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    source_id = models.CharField(max_length=80, null=True, blank=True, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "round_order", "id"]
        verbose_name_plural = "matches"
        indexes = [
            models.Index(fields=["player1", "player2"]),
            models.Index(fields=["player2", "player1"]),
            models.Index(fields=["edition", "round_order"]),
            models.Index(fields=["-sequence", "-id"], name="match_latest_idx"),
        ]
        constraints = [
            # The same two players meet once per round of an edition, whichever of them is player 1.
            # Round robins are left out: the pro tours of 1968-71 played some pairs twice in one. Only
            # matches entered by hand are held to it here: the importer applies the rule to the data
            # itself (a Davis Cup tie can pair two players twice, as in 1984), and clean() checks a
            # hand-entered match against imported ones too.
            models.UniqueConstraint(
                F("edition"),
                F("round"),
                Least("player1", "player2"),
                Greatest("player1", "player2"),
                condition=Q(player1__isnull=False, player2__isnull=False, source_id__isnull=True)
                & ~Q(round="RR"),
                name=PAIRING_CONSTRAINT,
                violation_error_message="The same two players already meet in this round of this edition.",
            )
        ]

    def __str__(self):
        unknown = "Unnamed player" if self.winner_side else "TBD"
        p1 = self.player1.name if self.player1_id else unknown
        p2 = self.player2.name if self.player2_id else unknown
        joiner = "d." if self.winner_side == 1 else "v"
        if self.winner_side == 2:
            p1, p2 = p2, p1
            joiner = "d."
        return f"{p1} {joiner} {p2} ({self.edition}, {self.get_round_display()})"

    def save(self, *args, **kwargs):
        self.round_order = ROUND_ORDER.get(self.round, 0)
        edition = self.edition
        self.sequence = chronology.sequence(edition.start_date, self.date, edition.year, self.round_order)
        super().save(*args, **kwargs)

    @property
    def played(self) -> chronology.When:
        """When it was played, as exactly as the data says: the day, else its event's week."""
        return chronology.When.of(self.date, self.edition.start_date, self.edition.year)

    def get_absolute_url(self):
        if self.pk is None:
            return reverse("matches:detail", args=[self.pk])  # as reverse() would: NoReverseMatch
        return url_maker("matches:detail", "id")(self.pk)

    def get_constraints(self):
        # The pairing rule is checked in clean(), which names the match already entered.
        return [
            (model, [c for c in constraints if c.name != PAIRING_CONSTRAINT])
            for model, constraints in super().get_constraints()
        ]

    def twin(self):
        """The match already entered with the same two players in the same round, if any."""
        if not (self.player1_id and self.player2_id and self.edition_id) or self.round in ("", Round.RR):
            return None
        same = Match.objects.filter(edition_id=self.edition_id, round=self.round).exclude(pk=self.pk)
        if self.source_id:
            # The data's own rematches (a Davis Cup tie pairing two players twice) are the data's.
            same = same.filter(source_id__isnull=True)
        return same.between(self.player1_id, self.player2_id).with_related().first()

    def clean(self):
        errors = {}
        if self.player1_id and self.player1_id == self.player2_id:
            errors["player2"] = "A player cannot play themselves."
        elif twin := self.twin():
            errors[NON_FIELD_ERRORS] = (
                f"This match is already entered: {twin} (match {twin.pk}). Change that one instead."
            )
        # A score that did not parse is already a field error: judge the result only on a real Score.
        score = self.score if isinstance(self.score, Score) else None
        if self.status in FINISHED or self.status == Status.ABANDONED:
            if self.status == Status.COMPLETED and self.winner_side is None and (score and score.winner):
                self.winner_side = score.winner
            if self.status != Status.ABANDONED and self.winner_side is None:
                errors["winner_side"] = "A finished match needs a winner."
            if score:
                ending_status = STATUS_FOR_ENDING.get(score.ending, Status.COMPLETED)
                if ending_status != self.status:
                    errors["status"] = (
                        f"The score ends '{score.ending or 'in a finished set'}', "
                        f"which is a {ending_status.label.lower()} match, "
                        f"not {self.get_status_display().lower()}."
                    )
                elif score.ending and self.winner_side == 2:
                    errors["score"] = (
                        f"With {score.ending} the score is written from the winner's side: "
                        "make the winner player 1."
                    )
                else:
                    try:
                        score.check_result(winner=self.winner_side, best_of=self.best_of)
                    except ScoreError as error:
                        errors["score"] = str(error)
        elif self.winner_side is not None:
            errors["winner_side"] = "Only a finished match has a winner."
        if self.status == Status.SCHEDULED and score:
            errors["score"] = "A scheduled match has no score yet: set the status first."
        if errors:
            raise ValidationError(errors)

    # --- reading -------------------------------------------------------------------------------
    @property
    def winner(self):
        return {1: self.player1, 2: self.player2}.get(self.winner_side)

    @property
    def loser(self):
        return {1: self.player2, 2: self.player1}.get(self.winner_side)

    @property
    def is_finished(self):
        return self.status in FINISHED

    def side_of(self, player):
        if player is None:
            return None
        if self.player1_id == player.pk:
            return 1
        if self.player2_id == player.pk:
            return 2
        return None

    def opponent_of(self, player):
        return {1: self.player2, 2: self.player1}.get(self.side_of(player))

    def won_by(self, player):
        side = self.side_of(player)
        return side is not None and side == self.winner_side

    def score_for(self, player):
        """The score from ``player``'s side, the way a player page reads it."""
        if not self.score:
            return self.score
        return self.score.swapped() if self.side_of(player) == 2 else self.score

    @property
    def score_note(self) -> str:
        """For a score the data gives but Baseline cannot read (``score_text``): what readers see in
        its place, from the winner's side. '' when there is a score, or no text."""
        if self.score or not self.score_text:
            return ""
        return written_score_note(self.score_text)

    def score_note_for(self, player) -> str:
        """``score_note`` from ``player``'s side (the data writes scores from the winner's)."""
        note = self.score_note
        loser = {1: 2, 2: 1}.get(self.winner_side)
        if note and loser and self.side_of(player) == loser:
            return written_score_note(self.score_text, swapped=True)
        return note

    def sides(self):
        """Both rows of a score box: player, seed, entry, rank, whether they won, and per set the
        games they won, whether they took the set, and the tiebreak points when they lost it."""
        rows = [
            {
                "side": 1,
                "player": self.player1,
                "seed": self.p1_seed,
                "entry": self.p1_entry,
                "rank": self.p1_rank,
                "won": self.winner_side == 1,
                "sets": [],
            },
            {
                "side": 2,
                "player": self.player2,
                "seed": self.p2_seed,
                "entry": self.p2_entry,
                "rank": self.p2_rank,
                "won": self.winner_side == 2,
                "sets": [],
            },
        ]
        score = self.score
        completed = score.completed_sets if score else ()  # computed once: it looks at every set
        for set_score in score.sets if score else ():
            finished = set_score in completed
            for row, games, other in (
                (rows[0], set_score.games1, set_score.games2),
                (rows[1], set_score.games2, set_score.games1),
            ):
                row["sets"].append(
                    {
                        "games": games,
                        "won": finished and games > other,
                        "tiebreak": set_score.tiebreak
                        if set_score.tiebreak is not None and games < other
                        else None,
                        "match_tiebreak": set_score.match_tiebreak,
                    }
                )
        return rows


def score_from_winner(score, winner_side, score_text="") -> str:
    """The score from the winner's side with en-dashes, as readers expect: '4–6 6–3 6–4'; a score the
    data gives but Baseline cannot read, as the data wrote it or as not known; '' when neither."""
    if not score:
        return written_score_note(score_text) if score_text else ""
    return (score.swapped() if winner_side == 2 else score).display


_WRITTEN_SET = re.compile(r"(\d+|\?)-(\d+|\?)")


def written_score_note(text: str, *, swapped: bool = False) -> str:
    """A score the data writes but Baseline cannot read, for readers: 'score not known (UNK in the
    data)' when it holds no games, else the text with en-dashes, 'as written in the data'."""
    text = " ".join(text.split())
    if not _WRITTEN_SET.search(text):
        return f"score not known ({text} in the data)"
    if swapped:
        text = _WRITTEN_SET.sub(lambda m: f"{m[2]}-{m[1]}", text)
    return f"{text.replace('-', EN_DASH)} (as written in the data)"


class MatchStats(Versioned):
    """One player's numbers in one match. All optional: feeds give serve stats, reporters give
    winners and unforced errors."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="stats")
    player = models.ForeignKey(Player, on_delete=models.CASCADE, related_name="match_stats")
    aces = models.PositiveSmallIntegerField(null=True, blank=True)
    double_faults = models.PositiveSmallIntegerField(null=True, blank=True)
    serve_points = models.PositiveSmallIntegerField(null=True, blank=True)
    first_serves_in = models.PositiveSmallIntegerField(null=True, blank=True)
    first_serve_points_won = models.PositiveSmallIntegerField(null=True, blank=True)
    second_serve_points_won = models.PositiveSmallIntegerField(null=True, blank=True)
    service_games = models.PositiveSmallIntegerField(null=True, blank=True)
    break_points_saved = models.PositiveSmallIntegerField(null=True, blank=True)
    break_points_faced = models.PositiveSmallIntegerField(null=True, blank=True)
    winners = models.PositiveSmallIntegerField(null=True, blank=True)
    unforced_errors = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["match", "id"]
        verbose_name_plural = "match stats"
        constraints = [models.UniqueConstraint(fields=["match", "player"], name="unique_stats_per_player")]

    def __str__(self):
        return f"{self.player} in {self.match}"

    def get_absolute_url(self):
        return self.match.get_absolute_url()

    def clean(self):
        if (
            self.match_id
            and self.player_id
            and self.player_id not in (self.match.player1_id, self.match.player2_id)
        ):
            raise ValidationError({"player": "This player did not play in the match."})

    @staticmethod
    def _pct(part, whole):
        if part is None or not whole:
            return None
        return round(100 * part / whole)

    @property
    def first_serve_in_pct(self):
        return self._pct(self.first_serves_in, self.serve_points)

    @property
    def first_serve_won_pct(self):
        return self._pct(self.first_serve_points_won, self.first_serves_in)

    @property
    def second_serves(self):
        """Points played on a second serve (double faults included)."""
        if self.serve_points is None or self.first_serves_in is None:
            return None
        return self.serve_points - self.first_serves_in

    @property
    def second_serve_won_pct(self):
        return self._pct(self.second_serve_points_won, self.second_serves)

    @property
    def break_points_saved_pct(self):
        return self._pct(self.break_points_saved, self.break_points_faced)
