"""The `missionfacts` command: Django's management commands, with the embedded database set up on first use."""

import os
import sys

# Commands that read or write mission data, and so need a migrated database with the reference data.
DATA_COMMANDS = {"factsheet", "serve", "import", "check", "publish", "editions", "diff", "runserver", "fetch",
                 "missions", "users"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionfacts.settings")
    if argv and argv[0] == "serve":
        # A server shows visitors the site's own error pages, not DEBUG's (MISSIONFACTS_DEBUG=true to see them).
        os.environ.setdefault("MISSIONFACTS_DEBUG", "false")
    import django

    django.setup()
    from django.core.management import execute_from_command_line
    from django.utils import translation

    from missionfacts.commands import cli_language, lang_in_argv

    # One language for everything the command prints, the first-use set-up included.
    with translation.override(cli_language(lang_in_argv(argv[1:]))):
        if argv and argv[0] in DATA_COMMANDS:
            from missionfacts.imports.reference import ensure_database

            ensure_database(announce=lambda line: print(line, file=sys.stderr))
        execute_from_command_line(["missionfacts", *argv])


if __name__ == "__main__":
    main()
