from django.db import migrations


def load_blocks(apps, schema_editor):
    from tandem.capture.models import load_building_blocks

    load_building_blocks(apps.get_model("capture", "BuildingBlock"))


class Migration(migrations.Migration):
    dependencies = [("capture", "0002_initial")]

    operations = [migrations.RunPython(load_blocks, migrations.RunPython.noop)]
