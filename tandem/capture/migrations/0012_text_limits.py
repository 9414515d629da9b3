# Length limits on the long texts. Validators only: no SQL (sqlmigrate says no-op), so
# SQLite does not rebuild the tables and the full-text search triggers stay in place.

import tandem.capture.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('capture', '0011_people_records_index'),
    ]

    operations = [
        migrations.AlterField(
            model_name='idea',
            name='customer_effect',
            field=models.TextField(blank=True, validators=[tandem.capture.models.LengthLimit(2000, 'the effect on customers')]),
        ),
        migrations.AlterField(
            model_name='idea',
            name='description',
            field=models.TextField(validators=[tandem.capture.models.LengthLimit(5000, 'the description')]),
        ),
        migrations.AlterField(
            model_name='idea',
            name='result',
            field=models.TextField(blank=True, validators=[tandem.capture.models.LengthLimit(5000, 'the result')]),
        ),
        migrations.AlterField(
            model_name='serviceaction',
            name='what',
            field=models.TextField(validators=[tandem.capture.models.LengthLimit(2000, 'what was done')], verbose_name='what was done'),
        ),
        migrations.AlterField(
            model_name='story',
            name='customer_words',
            field=models.TextField(blank=True, validators=[tandem.capture.models.LengthLimit(2000, "the customer's words")]),
        ),
        migrations.AlterField(
            model_name='story',
            name='what_happened',
            field=models.TextField(validators=[tandem.capture.models.LengthLimit(5000, 'what happened')]),
        ),
    ]
