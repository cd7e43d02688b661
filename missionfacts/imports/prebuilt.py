"""The embedded database prebuilt at release, so that first use copies a file instead of replaying migrations.

Building the migration state of ~49 migrations takes Django some 14 s on a laptop, and loading the reference
data 2 s more: a newcomer's first command waited 20 s in silence. The same database, made once by
`scripts/build-reference-database` (migrations, then the catalogue, the reference mission files and the UN's
shipped fatalities file, exactly as `ensure_database` does on an empty home), ships compressed beside this
module; first use on an embedded SQLite file that does not exist yet unpacks it into place (a fraction of a
second). A migration added since the build is then applied as usual, and a test fails until the file is
rebuilt (missionfacts/imports/tests/test_first_use.py). PostgreSQL and an existing file keep the normal path.

MISSIONFACTS_PREBUILT_DATABASE=false skips the copy (the build script does, and so does the benchmark that
compares both paths).
"""

import argparse
import lzma
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from missionfacts.environment import env_bool

PREBUILT_DATABASE = Path(__file__).resolve().parent / "prebuilt" / "reference.sqlite3.xz"
USE_PREBUILT_VARIABLE = "MISSIONFACTS_PREBUILT_DATABASE"
BUILD_COMMAND = "scripts/build-reference-database"


def new_sqlite_file(settings_dict: dict, vendor: str) -> Path | None:
    """The SQLite file a connection will create on first use; None for PostgreSQL, memory or an existing file."""
    name = str(settings_dict.get("NAME") or "")
    if vendor != "sqlite" or not name or name == ":memory:" or name.startswith("file:"):
        return None
    path = Path(name)
    return None if path.exists() else path


def install_prebuilt(settings_dict: dict, vendor: str) -> bool:
    """Unpack the shipped database as the connection's SQLite file, if that file is yet to be made.

    Unpacked into a draft beside it and then linked into place: of two commands starting at once, one links
    its copy and the other finds a whole file, never a half-written one.
    """
    target = new_sqlite_file(settings_dict, vendor)
    if target is None or not env_bool(USE_PREBUILT_VARIABLE, True) or not PREBUILT_DATABASE.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    draft = target.with_name(f".{target.name}.{os.getpid()}.draft")
    try:
        with lzma.open(PREBUILT_DATABASE) as packed, open(draft, "wb") as unpacked:
            shutil.copyfileobj(packed, unpacked, 1 << 20)
        _renew_stamps(draft)
        try:
            os.link(draft, target)
        except FileExistsError:
            return False
    finally:
        draft.unlink(missing_ok=True)
    return True


def _renew_stamps(path: Path) -> None:
    """Give the copy stamps of its own: caches are keyed by them, and no other database may share them.

    A stamp is random so that a cache never holds pages under a stamp a new database could have (see
    missions.models.DataVersion); every copy of the shipped file would otherwise start with the same one.
    """
    with sqlite3.connect(path) as database:
        database.execute("UPDATE missions_dataversion SET stamp = lower(hex(randomblob(16)))")
    database.close()


def build(output: Path, compress: bool = True) -> Path:
    """Make the reference database in a fresh temporary home, the way first use does without the prebuilt copy.

    Run in a process of its own: the settings are read once, from the environment set here.
    """
    with tempfile.TemporaryDirectory(prefix="missionfacts-build-") as home:
        os.environ["MISSIONFACTS_HOME"] = home
        os.environ.pop("MISSIONFACTS_DATABASE_URL", None)
        os.environ[USE_PREBUILT_VARIABLE] = "false"
        os.environ["DJANGO_SETTINGS_MODULE"] = "missionfacts.settings"
        import django

        django.setup()
        from django.db import connection
        from django.utils import translation

        from missionfacts.imports.reference import ensure_database

        # English, as the messages printed while building; no stored value depends on the language.
        with translation.override("en"):
            ensure_database()
        database = connection.settings_dict["NAME"]
        connection.close()
        compact = Path(home) / "compact.sqlite3"
        with sqlite3.connect(database) as source:
            source.execute("VACUUM INTO ?", (str(compact),))
        source.close()
        output.parent.mkdir(parents=True, exist_ok=True)
        if compress:
            with open(compact, "rb") as plain, lzma.open(output, "wb", preset=9 | lzma.PRESET_EXTREME) as packed:
                shutil.copyfileobj(plain, packed, 1 << 20)
        else:
            shutil.copyfile(compact, output)
    return output


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the reference database shipped for first use.")
    parser.add_argument("--output", type=Path, default=PREBUILT_DATABASE, help="where to write it")
    parser.add_argument("--uncompressed", action="store_true", help="write the plain SQLite file (for tests)")
    arguments = parser.parse_args(argv)
    written = build(arguments.output, compress=not arguments.uncompressed)
    print(f"{written} ({written.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
