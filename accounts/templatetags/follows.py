"""The follow button's helpers.

``{% follows_player player as is_following %}``: the player page normally passes ``is_following``
itself; this tag is the fallback, one query, for a page that shows the button without it.

``{{ player.slug|follow_intent }}``: the signed "follow this player" value a signed-out reader's
button carries through sign-in or sign-up. It is the same for every reader, so a shared (cached)
page never holds anything personal.
"""

from django import template

from accounts import tokens
from players.models import Follow

register = template.Library()


@register.simple_tag(takes_context=True)
def follows_player(context, player):
    user = context.get("user")
    if not (user and user.is_authenticated and player):
        return False
    return Follow.objects.filter(user=user, player=player).exists()


@register.filter
def follow_intent(slug):
    return tokens.follow_intent(slug)
