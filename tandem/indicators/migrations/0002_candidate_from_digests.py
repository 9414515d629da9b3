"""The highlight candidates move from the digests app to indicators (the dashboard and the
digests both read them): the model state is taken over as it is, then its table is renamed
from digests_candidate to indicators_candidate. The unused PersonPeriod table goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_initial"),
        ("digests", "0002_highlight_candidates"),
        ("people", "0002_person_line"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Candidate",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("story", "Story"), ("idea", "Idea")], max_length=5
                            ),
                        ),
                        ("record_id", models.PositiveBigIntegerField()),
                        ("day", models.DateField()),
                        ("at", models.DateTimeField(blank=True, null=True)),
                        ("points", models.PositiveSmallIntegerField()),
                        ("people_count", models.PositiveSmallIntegerField()),
                        ("private", models.BooleanField()),
                        (
                            "unit",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="people.orgunit",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "digests_candidate",
                        "indexes": [
                            models.Index(fields=["kind", "day"], name="candidate_period"),
                            models.Index(
                                fields=["unit", "kind", "day"], name="candidate_unit_period"
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("kind", "record_id"), name="candidate_once"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="candidate", table=None),
        migrations.DeleteModel(name="PersonPeriod"),
    ]
