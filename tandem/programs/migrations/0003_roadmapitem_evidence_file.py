# Evidence as a file on roadmap items (stored privately, served through a view).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0002_meeting_responses"),
    ]

    operations = [
        migrations.AddField(
            model_name="roadmapitem",
            name="evidence_file",
            field=models.FileField(blank=True, max_length=300, upload_to="roadmap-evidence/%Y/%m/"),
        ),
        migrations.AddField(
            model_name="roadmapitem",
            name="evidence_file_name",
            field=models.CharField(blank=True, max_length=255),
        ),
    ]
