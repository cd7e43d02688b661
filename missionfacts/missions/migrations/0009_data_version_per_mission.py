"""Cache versions per mission: the data version gets one row per mission beside the shared one (issue 19)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('missions', '0008_preferred_source_key_figures_optional_dates'),
    ]

    operations = [
        migrations.AddField(
            model_name='dataversion',
            name='mission_pk',
            field=models.PositiveIntegerField(default=0, unique=True, verbose_name='mission'),
        ),
    ]
