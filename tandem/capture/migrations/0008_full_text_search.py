"""Full-text search in the database's own engine (tandem.capture.search): a generated
tsvector column with a GIN index on PostgreSQL, an FTS5 table kept by triggers on SQLite.
The tables and fields are frozen here."""

from django.db import migrations

from tandem.capture import search

SEARCHED = {
    "capture_idea": ("title", "description", "helps", "result"),
    "capture_serviceaction": ("what", "for_whom"),
    "capture_story": ("what_happened", "customer_words"),
}


def forwards(apps, schema_editor):
    for table, fields in SEARCHED.items():
        search.install(schema_editor.connection, table, fields)


def backwards(apps, schema_editor):
    for table in SEARCHED:
        search.uninstall(schema_editor.connection, table)


class Migration(migrations.Migration):
    dependencies = [("capture", "0007_board_column_index")]

    operations = [migrations.RunPython(forwards, backwards)]
