"""factory_boy factories for tests: each builds a valid object with the least said."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from articles.models import Article, ArticleStatus, Byline, Quote
from authors.models import Author
from matches.models import Edition, Level, Match, MatchStats, Round, Status, Surface, Tournament
from players.models import Player, RankingEntry


class PlayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Player

    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Player{n}")
    slug = factory.Sequence(lambda n: f"player-{n}")
    country = "GBR"


class RankingEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RankingEntry

    player = factory.SubFactory(PlayerFactory)
    week = date(2024, 12, 30)
    rank = factory.Sequence(lambda n: n + 1)
    points = 1000


class TournamentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tournament

    name = factory.Sequence(lambda n: f"Open {n}")
    slug = factory.Sequence(lambda n: f"open-{n}")
    level = Level.ATP_250
    surface = Surface.HARD


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    tournament = factory.SubFactory(TournamentFactory)
    year = 2024
    start_date = date(2024, 6, 3)
    surface = Surface.HARD
    draw_size = 32


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Match

    edition = factory.SubFactory(EditionFactory)
    round = Round.R32
    player1 = factory.SubFactory(PlayerFactory)
    player2 = factory.SubFactory(PlayerFactory)
    status = Status.COMPLETED
    winner_side = 1
    score = "6-4 3-6 7-6(5)"
    best_of = 3


class MatchStatsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchStats

    match = factory.SubFactory(MatchFactory)
    player = factory.LazyAttribute(lambda o: o.match.player1)
    aces = 7
    double_faults = 2
    serve_points = 80
    first_serves_in = 50
    first_serve_points_won = 38
    second_serve_points_won = 16
    service_games = 12
    break_points_saved = 3
    break_points_faced = 5


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    standfirst = "A standfirst."
    body = "A body with **bold** words."
    status = ArticleStatus.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    text = "I played well today."
    speaker = factory.SubFactory(PlayerFactory)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Writer {n}")
    slug = factory.Sequence(lambda n: f"writer-{n}")
    role = "Tennis correspondent"


class BylineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Byline

    article = factory.SubFactory(ArticleFactory)
    author = factory.SubFactory(AuthorFactory)
