from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import generation

        # Every database connection, in every process, watches its own writes (pagecache.generation).
        connection_created.connect(generation.watch_connection, dispatch_uid="pagecache-watch-writes")
