"""`missionfacts backup [--output FILE] [--include-secrets]`: every row of the database, in a signed archive."""

import signal
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
            help=gettext_lazy("The archive to write (default: missionfacts-backup-DATE-TIME.zip here), readable by "
                              "you only."))
        parser.add_argument(
            "--include-secrets", action="store_true",
            help=gettext_lazy("Also write password hashes and API tokens: whoever holds the archive can then try the "
                              "passwords and call the API as any user. Without it, users come back with no "
                              "usable password and no token."))

    def handle(self, *args, output, include_secrets, **options):
        path = Path(output or f"missionfacts-backup-{datetime.now():%Y%m%d-%H%M%S}.zip")
        if path.is_dir():
            raise UsageError(_("--output %(path)s is a folder; name the archive file.") % {"path": path})
        if not path.parent.is_dir():
            raise UsageError(_("--output %(path)s: the folder %(folder)s does not exist.")
                             % {"path": path, "folder": path.parent})

        def progress(label: str, rows: int) -> None:
            self.stderr.write(_("  %(label)s: %(rows)d rows…") % {"label": label, "rows": rows})

        # A termination signal (kill, a closed terminal) ends the backup like Ctrl-C, so that the half-written
        # archive is removed: by default Python would stop at once, without its clean-up.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            manifest = write_backup(path, include_secrets=include_secrets, progress=progress)
        except ArchiveError as error:
            raise UsageError(str(error)) from None
        finally:
            signal.signal(signal.SIGTERM, previous)
        rows = sum(model["rows"] for model in manifest["models"])
        self.stdout.write(_("Wrote %(path)s: %(rows)d rows of %(models)d kinds of record.")
                          % {"path": path, "rows": rows, "models": len(manifest["models"])})


def _interrupt(signum, frame):
    raise KeyboardInterrupt
