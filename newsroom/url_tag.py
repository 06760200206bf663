"""``{% url %}`` as Django's, with the URLs that take no arguments reversed once a process.

Every page's header and footer name a dozen such URLs (news, players, sign in, feeds); reversing
them walked the URL resolver a dozen times a page. Installed as a template builtin (settings), so
every template's ``{% url %}`` is this one. A URL with arguments is reversed each time, as before.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

_URLS = {}  # (view name, current app, script prefix, URL configuration) -> URL


class KeptURLNode(defaulttags.URLNode):
    def render(self, context):
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        key = (view_name, current_app, get_script_prefix(), get_urlconf())
        url = _URLS.get(key)
        if url is None:
            try:
                url = _URLS[key] = reverse(view_name, current_app=current_app)
            except NoReverseMatch:
                if self.asvar is None:
                    raise
                url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    if not node.args and not node.kwargs:
        node.__class__ = KeptURLNode
    return node


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _URLS.clear()
