"""`missionfacts restore FILE [--replace]`: a backup archive back into the database, after checking it."""

from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missionfacts.backups.archive import ArchiveError, restore_backup
from missionfacts.commands import MissionfactsCommand, UsageError


class Command(MissionfactsCommand):
    help = gettext_lazy("Restore a backup archive into an empty database (or, with --replace, instead of its data).")

    def add_arguments(self, parser):
        parser.add_argument("file", help=gettext_lazy("The archive written by `missionfacts backup`."))
        parser.add_argument("--replace", action="store_true",
                            help=gettext_lazy("Delete all data of the database first, if it has any."))

    def handle(self, *args, file, replace, **options):
        path = Path(file)
        if not path.is_file():
            raise UsageError(_("%(file)s: no such file.") % {"file": file})

        def progress(label: str, rows: int) -> None:
            self.stderr.write(_("  %(label)s: %(rows)d rows…") % {"label": label, "rows": rows})

        try:
            manifest = restore_backup(path, replace=replace, progress=progress)
        except ArchiveError as error:
            raise UsageError(str(error)) from None
        rows = sum(model["rows"] for model in manifest["models"])
        self.stdout.write(_("Restored %(file)s (made %(created)s): %(rows)d rows of %(models)d kinds of record, "
                            "checksums verified.")
                          % {"file": path.name, "created": manifest["created_at"], "rows": rows,
                             "models": len(manifest["models"])})
