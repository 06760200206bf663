"""Rows read from the database become the same model instances as Django's own ``from_db()`` makes:
every column, deferred ones left deferred, scores and images through their fields."""

import pytest
from django.db import models

from articles.models import Article
from matches.models import Match
from players.models import Player

from .factories import ArticleFactory, MatchFactory

pytestmark = pytest.mark.django_db


def django_from_db(model, field_names, values):
    return models.Model.from_db.__func__(model, "default", field_names, values)


def state(instance):
    values = {k: v for k, v in instance.__dict__.items() if k != "_state"}
    return values, instance._state.adding, instance._state.db, instance.get_deferred_fields()


@pytest.mark.parametrize("only", [None, ("id", "score", "player1", "date")])
def test_a_match_is_loaded_as_django_loads_it(only):
    MatchFactory(score="6-4 3-6 7-6(5)")
    queryset = Match.objects.all() if only is None else Match.objects.only(*only)
    ours = queryset.get()
    fields = [f.attname for f in Match._meta.concrete_fields if f.attname in ours.__dict__]
    theirs = django_from_db(Match, fields, [ours.__dict__[name] for name in fields])
    assert state(ours) == state(theirs)
    assert str(ours.score) == "6-4 3-6 7-6(5)"
    assert ours.score.sets[2].tiebreak == 5
    if only:
        assert "status" in ours.get_deferred_fields()
        assert ours.status == "completed"  # a deferred column is still read on demand


def test_a_story_and_a_player_keep_their_pictures_and_relations():
    story = ArticleFactory(hero_image="", title="Norrie stuns Alcaraz")
    loaded = Article.objects.select_related("edition").get(pk=story.pk)
    assert loaded.title == "Norrie stuns Alcaraz" and not loaded.hero_image
    assert loaded._state.adding is False and loaded._state.db == "default"
    match = MatchFactory()
    player = Player.objects.get(pk=match.player1_id)
    assert player.photo.name == "" and player.get_absolute_url() == f"/players/{player.slug}/"
    loaded_match = Match.objects.select_related("player1").get(pk=match.pk)
    assert loaded_match.player1 == player


def test_a_receiver_of_post_init_still_hears_of_every_row():
    from django.db.models.signals import post_init

    MatchFactory()
    heard = []

    def receiver(sender, instance, **kwargs):
        heard.append(instance)

    post_init.connect(receiver, sender=Match)
    try:
        loaded = list(Match.objects.all())
    finally:
        post_init.disconnect(receiver, sender=Match)
    assert heard == loaded and len(loaded) == 1
