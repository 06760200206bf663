"""WSGI entry point, served by gunicorn: ``gunicorn -c gunicorn.conf.py newsroom.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django_application = get_wsgi_application()

# Page cache hits are answered before Django builds a request (pagecache/fastpath.py).
from pagecache.fastpath import FastHits  # noqa: E402

application = FastHits(django_application)

# The page cache's digest of the code and templates, read once here (before gunicorn forks its
# workers) rather than during a reader's first request.
from pagecache.store import build_id  # noqa: E402

build_id()
