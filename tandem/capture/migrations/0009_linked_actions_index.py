"""Actions linked to an idea get a partial index. SQLite rebuilds the table to alter the
field, which drops its search triggers (tandem.capture.search): they are installed again."""

import django.db.models.deletion
from django.db import migrations, models

from tandem.capture import search


def search_again(apps, schema_editor):
    search.install(schema_editor.connection, "capture_serviceaction", ("what", "for_whom"))


class Migration(migrations.Migration):
    dependencies = [
        ("capture", "0008_full_text_search"),
        ("people", "0003_apitoken_expires_at"),
    ]

    operations = [
        migrations.AlterField(
            model_name="serviceaction",
            name="idea",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="actions",
                to="capture.idea",
            ),
        ),
        migrations.AddIndex(
            model_name="serviceaction",
            index=models.Index(
                condition=models.Q(("idea__isnull", False)), fields=["idea"], name="action_idea"
            ),
        ),
        migrations.RunPython(search_again, migrations.RunPython.noop),
    ]
