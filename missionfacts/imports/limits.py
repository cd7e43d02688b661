"""How big an imported file may be: its size, its number of rows, and what an XLSX unpacks to.

An XLSX file is a zip archive; a few kilobytes can unpack to gigabytes (a "zip bomb") and exhaust the
server's memory inside openpyxl. Its members' sizes are read from the zip's directory, without unpacking,
before openpyxl opens it. Each limit is a setting, with the default below:

    IMPORT_MAX_FILE_BYTES           the file as uploaded (default 1 GiB, which a CSV of 10 million patrols fits)
    IMPORT_MAX_ROWS                 the data rows of a CSV file or a sheet (default 20,000,000)
    IMPORT_MAX_XLSX_UNPACKED_BYTES  all members of an XLSX unpacked (default 1 GiB)
    IMPORT_MAX_XLSX_RATIO           unpacked size over packed size, checked past 16 MiB unpacked (default 200;
                                    real workbooks stay under 30, bombs go to thousands)
    IMPORT_MAX_XLSX_MEMBERS         files inside an XLSX (default 10,000)
    IMPORT_MAX_MISSION_FILE_BYTES   a mission file (YAML), read whole and parsed in pure Python at about 100 KB
                                    a second (default 256 KiB, 20 times the largest shipped file, MINUSMA's)

Importers that read through `imports.tabular` get these checks from it; another importer calls
`file_problems(path)` before reading and `rows_problem(file, rows)` once it knows the number of rows.
"""

import zipfile
from pathlib import Path

from babel.numbers import format_decimal
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from missionfacts.imports.problems import Problem

MIB = 1 << 20
DEFAULTS = {
    "IMPORT_MAX_FILE_BYTES": 1 << 30,
    "IMPORT_MAX_ROWS": 20_000_000,
    "IMPORT_MAX_XLSX_UNPACKED_BYTES": 1 << 30,
    "IMPORT_MAX_XLSX_RATIO": 200,
    "IMPORT_MAX_XLSX_MEMBERS": 10_000,
    "IMPORT_MAX_MISSION_FILE_BYTES": 256 * 1024,
}
# Below this unpacked size the ratio is not checked: a small, very regular sheet compresses well and is harmless.
RATIO_CHECKED_FROM = 16 * MIB
ZIP_SIGNATURE = b"PK\x03\x04"


def limit(name: str) -> int:
    return getattr(settings, name, DEFAULTS[name])


def file_problems(path: Path) -> list[Problem]:
    """Problems with the file's size and, for a zip (XLSX) file, with what it unpacks to; empty if none."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as stream:
            signature = stream.read(4)
    except OSError:
        return []  # the reader reports a file it cannot read, with the system's reason
    if size > limit("IMPORT_MAX_FILE_BYTES"):
        return [_problem(path.name, _("the file is %(size)s MB; files of at most %(limit)s MB can be imported: split "
                                      "it, or ask an administrator to raise IMPORT_MAX_FILE_BYTES")
                         % {"size": _megabytes(size), "limit": _megabytes(limit("IMPORT_MAX_FILE_BYTES"))})]
    if signature == ZIP_SIGNATURE or path.suffix.lower() in {".xlsx", ".xlsm"}:
        return workbook_problems(path)
    return []


def workbook_problems(path: Path) -> list[Problem]:
    """Problems with what an XLSX file would unpack to, read from its zip directory; empty if none (or if it
    is no zip at all, which the reader reports itself)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return []
    if len(members) > limit("IMPORT_MAX_XLSX_MEMBERS"):
        return [_problem(path.name, _("the workbook holds %(count)s files; a workbook of at most %(limit)s can be "
                                      "imported") % {"count": _number(len(members)),
                                                     "limit": _number(limit("IMPORT_MAX_XLSX_MEMBERS"))})]
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if unpacked > limit("IMPORT_MAX_XLSX_UNPACKED_BYTES"):
        return [_problem(path.name, _("the workbook unpacks to %(size)s MB; at most %(limit)s MB can be imported: "
                                      "save it as CSV, or split it")
                         % {"size": _megabytes(unpacked),
                            "limit": _megabytes(limit("IMPORT_MAX_XLSX_UNPACKED_BYTES"))})]
    if unpacked > RATIO_CHECKED_FROM and unpacked > limit("IMPORT_MAX_XLSX_RATIO") * max(packed, 1):
        return [_problem(path.name, _("the workbook unpacks to %(ratio)s times its size (%(size)s MB), as no real "
                                      "spreadsheet does: it is refused as a likely decompression bomb")
                         % {"ratio": _number(unpacked // max(packed, 1)), "size": _megabytes(unpacked)})]
    return []


def rows_problem(file: str, rows: int | None) -> Problem | None:
    """A problem if a file has more data rows than may be imported at once."""
    if rows is None or rows <= limit("IMPORT_MAX_ROWS"):
        return None
    return _problem(file, _("the file has %(rows)s rows; at most %(limit)s can be imported at once: split it")
                    % {"rows": _number(rows), "limit": _number(limit("IMPORT_MAX_ROWS"))})


def mission_file_problem(file: str, size: int) -> Problem | None:
    """A problem if a mission file is larger than may be parsed at once."""
    if size <= limit("IMPORT_MAX_MISSION_FILE_BYTES"):
        return None
    return _problem(file, mission_file_too_big_reason(size))


def mission_file_too_big_reason(size: int) -> str:
    return _("the mission file is %(size)s KB; a mission file of at most %(limit)s KB can be imported (ask an "
             "administrator to raise IMPORT_MAX_MISSION_FILE_BYTES)") % {
        "size": _number(-(-size // 1024)), "limit": _number(limit("IMPORT_MAX_MISSION_FILE_BYTES") // 1024)}


def _problem(file: str, reason: str) -> Problem:
    return Problem(file, None, "", "", reason)


def _number(value: int) -> str:
    return format_decimal(value, locale=_locale())


def too_big_to_upload_reason() -> str:
    """Why an upload was stopped before its end: it passed IMPORT_MAX_FILE_BYTES."""
    return _("the file is larger than %(limit)s MB, the most that can be imported: split it, or ask an "
             "administrator to raise IMPORT_MAX_FILE_BYTES") % {"limit": _megabytes(limit("IMPORT_MAX_FILE_BYTES"))}


def _megabytes(size: int) -> str:
    return format_decimal(size / MIB, format="#,##0.#", locale=_locale())


def _locale() -> str:
    return (get_language() or "en")[:2]
