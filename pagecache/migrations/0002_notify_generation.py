"""On PostgreSQL, every change to the content generation is announced with ``NOTIFY``, whoever makes
it (the site, the import, ``manage.py pagecache bump``, ``psql``): each app process listens
(``pagecache.listen``) and knows the generation without asking the database on every request."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION pagecache_generation_notify() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
        PERFORM pg_notify('pagecache_generation', '');
    ELSE
        PERFORM pg_notify('pagecache_generation', NEW.value::text);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER pagecache_generation_notify
    AFTER INSERT OR UPDATE OR DELETE ON pagecache_generation
    FOR EACH ROW EXECUTE FUNCTION pagecache_generation_notify();
CREATE TRIGGER pagecache_generation_notify_truncate
    AFTER TRUNCATE ON pagecache_generation
    FOR EACH STATEMENT EXECUTE FUNCTION pagecache_generation_notify();
"""
DROP = """
DROP TRIGGER IF EXISTS pagecache_generation_notify_truncate ON pagecache_generation;
DROP TRIGGER IF EXISTS pagecache_generation_notify ON pagecache_generation;
DROP FUNCTION IF EXISTS pagecache_generation_notify();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("pagecache", "0001_content_generation")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
