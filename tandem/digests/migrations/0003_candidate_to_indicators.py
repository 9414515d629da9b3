"""Candidate now belongs to the indicators app (indicators 0002 took over its table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("digests", "0002_highlight_candidates"),
        ("indicators", "0002_candidate_from_digests"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Candidate")],
        ),
    ]
