"""`missionfacts restore FILE [--replace] [--trust-unsigned-archive]`: a backup back into the database, checked."""

from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missionfacts.backups.archive import ArchiveError, restore_backup
from missionfacts.backups.checking import untrusted_message
from missionfacts.commands import MissionfactsCommand, UsageError


class Command(MissionfactsCommand):
    help = gettext_lazy("Restore a backup archive into an empty database (or, with --replace, instead of its data).")

    def add_arguments(self, parser):
        parser.add_argument("file", help=gettext_lazy("The archive written by `missionfacts backup`."))
        parser.add_argument("--replace", action="store_true",
                            help=gettext_lazy("Delete all data of the database first, if it has any."))
        parser.add_argument(
            "--trust-unsigned-archive", action="store_true",
            help=gettext_lazy("Restore an archive this installation did not sign (another installation's, an older "
                              "one, or one changed since): anyone who could change it could have added users, "
                              "administrators included, or changed any record."))

    def handle(self, *args, file, replace, trust_unsigned_archive, **options):
        path = Path(file)
        if not path.is_file():
            raise UsageError(_("%(file)s: no such file.") % {"file": file})

        def progress(label: str, rows: int) -> None:
            self.stderr.write(_("  %(label)s: %(rows)d rows…") % {"label": label, "rows": rows})

        try:
            manifest, signature = restore_backup(path, replace=replace, trust_unsigned=trust_unsigned_archive,
                                                 progress=progress)
        except ArchiveError as error:
            raise UsageError(str(error)) from None
        rows = sum(model["rows"] for model in manifest["models"])
        summary = {"file": path.name, "created": manifest["created_at"], "rows": rows,
                   "models": len(manifest["models"])}
        if signature == "signed":
            self.stdout.write(_("Restored %(file)s (made %(created)s): %(rows)d rows of %(models)d kinds of record, "
                                "signature and checksums verified.") % summary)
        else:
            self.stderr.write(_("Warning: --trust-unsigned-archive: %(reason)s")
                              % {"reason": untrusted_message(signature, path.name)})
            self.stdout.write(_("Restored %(file)s (made %(created)s): %(rows)d rows of %(models)d kinds of record, "
                                "checksums verified; NOT signed by this installation, restored because "
                                "--trust-unsigned-archive was given.") % summary)
        users = sum(model["rows"] for model in manifest["models"] if model["label"] == "auth.User")
        if users and not manifest.get("secrets", True):
            self.stdout.write(_("The archive holds no passwords or API tokens (it was written without "
                                "--include-secrets): users sign in once given a new password "
                                "(missionfacts changepassword NAME), and API tokens must be made again."))
