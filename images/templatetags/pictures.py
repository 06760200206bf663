"""``{% picture image alt=… sizes=… eager=True %}``: a stored image as ``<picture>`` with its renditions.

``image`` is a ``PictureField`` value (or a stored name). Leave ``sizes`` out to use the default of
the image's use; pass ``eager=True`` only for the picture that leads the page.
"""

from django import template
from django.core.files.storage import default_storage

from images import html

register = template.Library()


@register.simple_tag
def picture(image, alt="", sizes=None, eager=False, css_class=""):
    return html.picture(
        getattr(image, "name", image),
        alt=alt,
        sizes=sizes,
        eager=eager,
        css_class=css_class,
        storage=getattr(image, "storage", default_storage),
    )
