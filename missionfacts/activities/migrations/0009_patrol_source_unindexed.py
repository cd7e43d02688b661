"""Drop the patrol table's index on the source (see the comment on `Patrol.source`).

Only the index goes, by its name (the same on SQLite and PostgreSQL): altering the field the usual way would
copy the whole patrol table on SQLite.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = {"activities_patrol_source_id_b148f99b": "source_id"}


class Migration(migrations.Migration):

    dependencies = [
        ("activities", "0008_patrol_month"),
        ("imports", "0001_initial"),
        ("missions", "0003_data_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"',
                                  f'CREATE INDEX "{name}" ON "activities_patrol" ("{column}")')
                for name, column in INDEXES.items()
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="patrol",
                    name="source",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="+", to="imports.source", verbose_name="source"),
                ),
            ],
        ),
    ]
