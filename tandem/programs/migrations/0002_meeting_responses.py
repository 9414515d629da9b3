# Meeting distribution and the affected teams' responses (M7, leading up).

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_person_line"),
        ("programs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="distributed_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the notes went to the affected teams (once).",
                null=True,
            ),
        ),
        migrations.CreateModel(
            name="MeetingResponse",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("support", "Support"),
                            ("concern", "Concern"),
                            ("suggestion", "Suggestion"),
                        ],
                        max_length=12,
                    ),
                ),
                ("text", models.TextField(max_length=2000)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("answer", models.TextField(blank=True, max_length=2000)),
                ("answered_at", models.DateTimeField(blank=True, null=True)),
                (
                    "answered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="people.person",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="meeting_responses",
                        to="people.person",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="responses",
                        to="programs.agendaitem",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="responses",
                        to="programs.meeting",
                    ),
                ),
            ],
            options={"ordering": ["meeting", "created_at", "pk"]},
        ),
    ]
