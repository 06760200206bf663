"""``{% follows_player player as is_following %}`` for the follow button.

The player page normally passes ``is_following`` itself; this tag is the fallback, one query, for a
page that shows the button without it (the button appears once per page).
"""

from django import template

from players.models import Follow

register = template.Library()


@register.simple_tag(takes_context=True)
def follows_player(context, player):
    user = context.get("user")
    if not (user and user.is_authenticated and player):
        return False
    return Follow.objects.filter(user=user, player=player).exists()
