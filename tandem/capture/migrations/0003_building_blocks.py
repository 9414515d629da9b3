from django.db import migrations


def load_blocks(apps, schema_editor):
    from tandem.capture.models import BUILDING_BLOCKS

    BuildingBlock = apps.get_model("capture", "BuildingBlock")
    for position, (slug, name) in enumerate(BUILDING_BLOCKS, start=1):
        BuildingBlock.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("capture", "0002_initial")]

    operations = [migrations.RunPython(load_blocks, migrations.RunPython.noop)]
