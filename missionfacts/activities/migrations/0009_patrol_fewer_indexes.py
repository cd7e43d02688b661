"""Drop the patrol table's indexes on sector, site and source (see the comment on `Patrol.sector`).

Only the indexes go, by their names (the same on SQLite and PostgreSQL): altering the fields the usual way
would copy the whole patrol table three times on SQLite.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = {
    "activities_patrol_sector_id_282810b6": "sector_id",
    "activities_patrol_site_id_4f2b7a40": "site_id",
    "activities_patrol_source_id_b148f99b": "source_id",
}


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
                    name="sector",
                    field=models.ForeignKey(blank=True, db_index=False, null=True,
                                            on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                            to="missions.sector"),
                ),
                migrations.AlterField(
                    model_name="patrol",
                    name="site",
                    field=models.ForeignKey(blank=True, db_index=False, null=True,
                                            on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                            to="missions.site"),
                ),
                migrations.AlterField(
                    model_name="patrol",
                    name="source",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="+", to="imports.source", verbose_name="source"),
                ),
            ],
        ),
    ]
