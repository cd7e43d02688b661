"""`missionfacts backup [--output FILE]`: every row of the database, in a portable, checksummed archive."""

from datetime import datetime
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missionfacts.backups.archive import ArchiveError, write_backup
from missionfacts.commands import MissionfactsCommand, UsageError


class Command(MissionfactsCommand):
    help = gettext_lazy("Write all data (records, imports, sources, users, published editions) to a backup archive.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=None,
            help=gettext_lazy("The archive to write (default: missionfacts-backup-DATE-TIME.zip here)."))

    def handle(self, *args, output, **options):
        path = Path(output or f"missionfacts-backup-{datetime.now():%Y%m%d-%H%M%S}.zip")
        if path.is_dir():
            raise UsageError(_("--output %(path)s is a folder; name the archive file.") % {"path": path})
        if not path.parent.is_dir():
            raise UsageError(_("--output %(path)s: the folder %(folder)s does not exist.")
                             % {"path": path, "folder": path.parent})

        def progress(label: str, rows: int) -> None:
            self.stderr.write(_("  %(label)s: %(rows)d rows…") % {"label": label, "rows": rows})

        try:
            manifest = write_backup(path, progress=progress)
        except ArchiveError as error:
            raise UsageError(str(error)) from None
        rows = sum(model["rows"] for model in manifest["models"])
        self.stdout.write(_("Wrote %(path)s: %(rows)d rows of %(models)d kinds of record.")
                          % {"path": path, "rows": rows, "models": len(manifest["models"])})
