"""Reading a CSV or XLSX file row by row, the same way for every importer.

An importer names the columns it reads; the file may have them in any order, with any capitalisation,
and with more columns besides:

    COLUMNS = (Column("mission_acronym"), Column("isocode3", "iso_code3"), Column("m49_code", required=False))

    with open_table(path, COLUMNS) as table:
        if table.ok:                                # the file could be opened and its header has every column
            for row_number, values in table.records():
                mission, country, m49 = values      # a tuple in the order of COLUMNS
        problems = table.problems                   # file-level and row-shape problems, each a Problem

`table.rows()` yields `(row_number, {column name: value})` instead, for importers that prefer names to
speed; `table.batches()` yields lists of (row_number, raw values) pairs, for importers of big files that
count microseconds (`table.position(name)` finds a column in them); `table.header_of(name)` is the file's
own spelling of a column's header, for problems. All stream: the file is never held in memory whole.
Row numbers are those a spreadsheet shows: the header is row 1, the first data row row 2, blank rows
included.

What the reader takes care of, so that importers never have to:
- CSV in UTF-8, UTF-8 with a byte-order mark, or Windows-1252 (chosen by reading the whole file once,
  which also gives its SHA-256 checksum and its number of lines); comma, semicolon or tab delimiters
  (the one that makes the header match the expected columns); CRLF or LF line ends; quoted fields,
  including delimiters and line breaks inside quotes.
- XLSX: the named sheet (or the first one), read with openpyxl in read-only mode; a missing sheet is a
  problem naming the sheets there are.
- Problems, each with file, row, column, value and reason: an unreadable or empty file, missing or
  repeated headers (naming the expected ones), a row with more or fewer values than the header, a
  truncated last line, a quote that is never closed, a value holding a NUL character (no database text
  holds one), an XLSX part that is damaged or declares XML entities, a workbook row openpyxl cannot read.
  A row with a problem is not passed on; the importer refuses the file if the table has any problem.

Values are passed on as found: strings from a CSV (not stripped), and from an XLSX whatever openpyxl
gives (str, int, float, datetime), with empty cells as "". Blank rows are skipped. `parse_date` and
`parse_count` turn values into dates and whole numbers, raising ValueError with a readable reason.
"""

import codecs
import collections
import csv
import hashlib
import itertools
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import itemgetter
from pathlib import Path

from babel.numbers import format_decimal
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from missionfacts.imports import limits
from missionfacts.imports.problems import Problem

BLOCK_SIZE = 1 << 20
BATCH_ROWS = 1000
DELIMITERS = (",", ";", "\t")
XLSX_SIGNATURE = b"PK\x03\x04"
# The five bytes Windows-1252 leaves undefined: a file with any of them is not Windows-1252 text either.
CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# A document type declaration is where XML declares entities ("billion laughs", external files): no part of a
# workbook Excel or LibreOffice saves has one, so a part with one is refused before openpyxl parses it.
XML_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
NUL = "\x00"


@dataclass(frozen=True)
class Column:
    """A column an importer reads: its name in the row dicts, other spellings of its header, if required."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = True

    def __init__(self, name: str, *aliases: str, required: bool = True):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "aliases", aliases)
        object.__setattr__(self, "required", required)

    def spellings(self) -> set[str]:
        return {normalise_header(self.name), *(normalise_header(alias) for alias in self.aliases)}


def normalise_header(text: str) -> str:
    """A header as compared: no byte-order mark, trimmed, lower-case, spaces and hyphens as underscores."""
    return re.sub(r"[\s\-]+", "_", str(text).replace("\ufeff", "").strip()).casefold()


@dataclass
class FileFacts:
    """What reading a file once in binary tells: its checksum, size, encoding and number of lines."""

    checksum: str
    size: int
    lines: int
    ends_with_newline: bool
    encoding: str | None
    first_line: bytes = b""
    problem: str = ""
    has_nul: bool = False


def _decodes_as_cp1252(path: Path) -> bool:
    with open(path, "rb") as stream:
        while block := stream.read(BLOCK_SIZE):
            if not block.isascii() and CP1252_UNDEFINED.search(block):
                return False
    return True


def scan_file(path: Path) -> FileFacts:
    """Read the file once in blocks: SHA-256, line count, and which of our encodings decodes all of it."""
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    utf8_ok = True
    cp1252_ok = False
    size = lines = 0
    first_line = b""
    last_byte = b""
    has_nul = False
    with open(path, "rb") as stream:
        while block := stream.read(BLOCK_SIZE):
            digest.update(block)
            if size == 0 or (len(first_line) == size and b"\n" not in first_line):
                first_line = (first_line + block).split(b"\n", 1)[0][:65536]
            size += len(block)
            lines += block.count(b"\n")
            last_byte = block[-1:]
            has_nul = has_nul or b"\x00" in block
            # Most files are ASCII: checking that is far cheaper than decoding, and an ASCII block cannot end
            # inside a multi-byte character, so the decoder only has to see the other blocks.
            if utf8_ok and (not block.isascii() or utf8.getstate()[0]):
                try:
                    utf8.decode(block)
                except UnicodeDecodeError:
                    utf8_ok = False
    if utf8_ok:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok = False
    if not utf8_ok:
        # Only then does Windows-1252 matter: a second pass, rather than a search of every block of every file.
        cp1252_ok = _decodes_as_cp1252(path)
    facts = FileFacts(digest.hexdigest(), size, lines + (1 if size and last_byte != b"\n" else 0),
                      last_byte == b"\n", None, first_line, has_nul=has_nul)
    if first_line.startswith(codecs.BOM_UTF8):
        facts.encoding = "utf-8-sig" if utf8_ok else None
    elif first_line.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        facts.problem = "the file is UTF-16 text: save it as CSV UTF-8"
    elif utf8_ok:
        facts.encoding = "utf-8"
    elif cp1252_ok:
        facts.encoding = "cp1252"
    else:
        facts.problem = "the file is neither UTF-8 nor Windows-1252 text: save it as CSV UTF-8"
    if facts.encoding is None and not facts.problem:
        facts.problem = "the file starts with a UTF-8 byte-order mark but is not UTF-8 text"
    return facts


@dataclass
class Table:
    """An opened input file: its header matched against the expected columns, and its rows to stream."""

    path: Path
    columns: tuple[Column, ...]
    sheet: str | None = None
    problems: list[Problem] = field(default_factory=list)
    checksum: str = ""
    encoding: str = ""
    delimiter: str = ""
    header: list[str] = field(default_factory=list)
    estimated_rows: int | None = None
    rows_read: int = 0
    max_problems: int = 1000
    more_problems: int = 0
    _positions: list[int | None] = field(default_factory=list)
    _stream: object = None
    _workbook: object = None
    _facts: FileFacts | None = None

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def present(self) -> set[str]:
        """The names of the expected columns that the file has."""
        pairs = zip(self.columns, self._positions, strict=True)
        return {column.name for column, position in pairs if position is not None}

    def problem(self, row: int | None, column: str, value, reason: str) -> None:
        """Note a problem; past max_problems they are only counted (in more_problems)."""
        if len(self.problems) >= self.max_problems:
            self.more_problems += 1
            return
        self.problems.append(Problem(self.file, row, column, "" if value is None else str(value), reason))

    def header_of(self, name: str) -> str:
        """The file's own header for an expected column (its name if the file lacks it)."""
        for column, position in zip(self.columns, self._positions, strict=True):
            if column.name == name and position is not None and position < len(self.header):
                return str(self.header[position]).replace("\ufeff", "").strip()
        return name

    # Opening ---------------------------------------------------------------------------------------------

    def open(self) -> "Table":
        refused = limits.file_problems(self.path)
        if refused:
            self.problems.extend(refused)
            return self
        try:
            self._facts = facts = scan_file(self.path)
        except OSError as error:
            self.problem(None, "", "", f"cannot read the file: {error.strerror or error}")
            return self
        self.checksum = facts.checksum
        if facts.size == 0 or not facts.first_line.replace(codecs.BOM_UTF8, b"").strip() and facts.lines <= 1:
            self.problem(None, "", "", "the file is empty")
        elif facts.first_line.startswith(XLSX_SIGNATURE) or self.path.suffix.lower() in {".xlsx", ".xlsm"}:
            self._open_workbook()
        elif facts.problem:
            self.problem(None, "", "", facts.problem)
        else:
            self._open_csv(facts)
        return self

    def _open_csv(self, facts: FileFacts) -> None:
        self.encoding = facts.encoding
        self.estimated_rows = max(facts.lines - 1, 0)
        if too_many := limits.rows_problem(self.file, self.estimated_rows):
            self.problems.append(too_many)
            return
        first = facts.first_line.decode(facts.encoding, errors="replace").rstrip("\r")
        self.delimiter = max(DELIMITERS, key=lambda delimiter: self._matches(_split(first, delimiter)))
        self._stream = open(self.path, encoding=self.encoding, newline="")
        self._reader = csv.reader(self._stream, delimiter=self.delimiter, strict=True)
        try:
            header = next(self._reader, None)
        except csv.Error as error:
            self.problem(1, "", "", f"the header row cannot be read: {error}")
            return
        self._match_header(header or [])

    def _open_workbook(self) -> None:
        from openpyxl import load_workbook

        if reason := workbook_parts_problem(self.path):
            self.problem(None, "", "", reason)
            return
        try:
            self._workbook = load_workbook(self.path, read_only=True, data_only=True)
        # openpyxl raises whatever its zip, XML and value parsers raise on a damaged workbook (KeyError,
        # ValueError, TypeError, zlib.error, ParseError, ...): any of them means the same to the user.
        except Exception as error:  # noqa: BLE001
            self.problem(None, "", "", f"not a readable XLSX workbook ({error}); the file may be truncated")
            return
        names = self._workbook.sheetnames
        if self.sheet is not None and self.sheet not in names:
            self.problem(None, "", self.sheet,
                         f"the workbook has no sheet named {self.sheet!r}; its sheets are: {', '.join(names)}")
            return
        worksheet = self._workbook[self.sheet] if self.sheet is not None else self._workbook.worksheets[0]
        self.sheet = worksheet.title
        self.estimated_rows = max((worksheet.max_row or 1) - 1, 0) if worksheet.max_row else None
        if too_many := limits.rows_problem(self.file, self.estimated_rows):
            self.problems.append(too_many)
            return
        self._reader = worksheet.iter_rows(values_only=True)
        try:
            header = next(self._reader, None)
        except Exception as error:  # noqa: BLE001 (as for load_workbook above)
            self.problem(1, "", "", _("the row cannot be read: %(error)s") % {"error": error})
            return
        if header is None or not any(cell not in (None, "") for cell in header):
            self.problem(None, "", "", f"the sheet {self.sheet!r} is empty")
            return
        self._match_header(["" if cell is None else str(cell) for cell in header])

    def _matches(self, header: list[str]) -> int:
        wanted = set().union(*(column.spellings() for column in self.columns))
        return sum(1 for name in header if normalise_header(name) in wanted)

    def _match_header(self, header: list[str]) -> None:
        self.header = header
        found: dict[str, int] = {}
        for position, name in enumerate(header):
            key = normalise_header(name)
            if key and key in found:
                self.problem(1, name, name, f"the column {name!r} appears twice in the header")
            found.setdefault(key, position)
        self._positions = []
        for column in self.columns:
            positions = [found[spelling] for spelling in column.spellings() if spelling in found]
            self._positions.append(min(positions) if positions else None)
        missing = [column.name for column, position in zip(self.columns, self._positions, strict=True)
                   if position is None and column.required]
        if missing:
            expected = ", ".join(column.name for column in self.columns if column.required)
            optional = ", ".join(column.name for column in self.columns if not column.required)
            self.problem(
                1, ", ".join(missing), self.delimiter.join(header) if self.delimiter else ", ".join(header),
                f"missing column(s) {', '.join(missing)}. Expected headers, in any order and any capitalisation: "
                f"{expected}" + (f" (optional: {optional})" if optional else ""),
            )

    # Reading ---------------------------------------------------------------------------------------------

    def position(self, name: str) -> int:
        """Where a column's value is in the raw rows of `batches()` (an absent optional column reads "")."""
        for column, position in zip(self.columns, self._positions, strict=True):
            if column.name == name:
                return len(self.header) if position is None else position
        raise KeyError(name)

    def batches(self, size: int = BATCH_ROWS) -> Iterator[list[tuple[int, list]]]:
        """The data rows in lists of up to `size` pairs (row number, raw values in the file's order, of the
        header's width plus one "" at the end); find a column with `position(name)`.

        The fast way through a big file: one step of a generator per batch instead of per row.
        """
        if not self.ok:
            return
        if self._workbook is not None:
            yield from self._workbook_batches(size)
            return
        width = len(self.header)
        reader = self._reader
        row_number = 1
        blank = 0
        short_rows: list[int] = []
        while True:
            # The csv module reads a whole batch in C; Python only looks at rows of the wrong width.
            rows: list[list] = []
            error = None
            try:
                rows.extend(itertools.islice(reader, size))
            except csv.Error as raised:  # the rows before it are in `rows`
                error = raised
            rows_in_batch = len(rows)
            if rows:
                first = row_number + 1
                row_number += len(rows)
                numbers = range(first, row_number + 1)
                if self._facts is not None and self._facts.has_nul:
                    rows, numbers = self._without_nul(rows, numbers)
            if rows:
                if min(map(len, rows)) == width == max(map(len, rows)):
                    collections.deque(map(list.append, rows, itertools.repeat("")), maxlen=0)
                    yield list(zip(numbers, rows, strict=True))
                else:
                    batch: list[tuple[int, list]] = []
                    for number, fields in zip(numbers, rows, strict=True):
                        if len(fields) != width:
                            fields = self._fit(fields, width, number, short_rows)
                            if fields is None:
                                blank += 1
                                continue
                        fields.append("")
                        batch.append((number, fields))
                    if batch:
                        yield batch
            if error is not None:
                row_number += 1
                reason = str(error)
                if "unexpected end of data" in reason:
                    reason = "the file ends inside a quoted value: a closing quote is missing or the file is truncated"
                self.problem(row_number, "", "", reason)
            elif rows_in_batch < size:
                break
        self.rows_read = row_number - 1 - blank
        self._flag_truncated_end(row_number, short_rows)
        self._require_rows()

    def records(self) -> Iterator[tuple[int, tuple]]:
        """Each data row as (row number, values in the order of the columns); "" for an absent column."""
        if not self.ok:
            return
        positions = [self.position(column.name) for column in self.columns]
        pick = itemgetter(*positions) if len(positions) > 1 else (lambda fields: (fields[positions[0]],))
        for batch in self.batches():
            for row_number, fields in batch:
                yield row_number, pick(fields)

    def rows(self) -> Iterator[tuple[int, dict]]:
        """Each data row as (row number, {column name: value})."""
        names = [column.name for column in self.columns]
        for row_number, values in self.records():
            yield row_number, dict(zip(names, values, strict=True))

    def _fit(self, fields: list, width: int, row_number: int, short_rows: list[int]) -> list | None:
        """A row of the wrong length: None (skipped) for a blank row, the row itself if only empty values stick
        out past the header, otherwise a problem (and None)."""
        if not any(fields):
            return None
        if len(fields) > width and not any(fields[width:]):
            return fields[:width]
        if len(fields) < width:
            short_rows.append(row_number)
            self.problem(row_number, "", self.delimiter.join(fields),
                         f"{len(fields)} values where the header has {width}")
        else:
            self.problem(row_number, "", self.delimiter.join(fields),
                         f"{len(fields)} values where the header has {width}: a value that contains the "
                         f"delimiter {self.delimiter!r} must be in double quotes")
        return None

    def _without_nul(self, rows: list[list], numbers: range) -> tuple[list[list], list[int]]:
        """The rows of a batch but those with a NUL character, which are problems."""
        kept_rows, kept_numbers = [], []
        for number, fields in zip(numbers, rows, strict=True):
            if any(NUL in value for value in fields):
                self._refuse_nul(number, fields)
            else:
                kept_rows.append(fields)
                kept_numbers.append(number)
        return kept_rows, kept_numbers

    def _refuse_nul(self, row_number: int, fields: list) -> None:
        for position, value in enumerate(fields):
            if type(value) is str and NUL in value:
                column = str(self.header[position]) if position < len(self.header) else ""
                self.problem(row_number, column, value.replace(NUL, "\\0"), _(
                    "the value holds a NUL character, which no text in the database may hold: the file is "
                    "probably not a text file, or was damaged"))

    def _flag_truncated_end(self, last_row: int, short_rows: list[int]) -> None:
        facts = self._facts
        if not short_rows or short_rows[-1] != last_row or facts is None or facts.ends_with_newline:
            return
        for index in range(len(self.problems) - 1, -1, -1):
            problem = self.problems[index]
            if problem.row == last_row:
                self.problems[index] = Problem(
                    problem.file, problem.row, problem.column, problem.value,
                    f"the last line is incomplete ({problem.reason}): the file seems truncated",
                )
                return

    def _workbook_batches(self, size: int) -> Iterator[list[tuple[int, list]]]:
        width = len(self.header)
        row_number = 1
        blank = 0
        batch: list[tuple[int, list]] = []
        reader = iter(self._reader)
        while True:
            try:
                cells = next(reader, None)
            except Exception as error:  # noqa: BLE001 (as for load_workbook): openpyxl cannot go on after it
                self.problem(row_number + 1, "", "", _("the row cannot be read: %(error)s") % {"error": error})
                break
            if cells is None:
                break
            row_number += 1
            fields = ["" if cell is None else cell for cell in cells[:width]]
            if all(value == "" for value in fields):
                blank += 1
                continue
            if any(type(value) is str and NUL in value for value in fields):
                self._refuse_nul(row_number, fields)
                continue
            fields.extend([""] * (width + 1 - len(fields)))
            batch.append((row_number, fields))
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch
        self.rows_read = row_number - 1 - blank
        self._require_rows()

    def _require_rows(self) -> None:
        if self.rows_read == 0 and not self.problems:
            self.problem(None, "", "", "the file has a header but no rows")

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
        if self._workbook is not None:
            self._workbook.close()

    def __enter__(self) -> "Table":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def open_table(path: Path | str, columns: Sequence[Column], *, sheet: str | None = None) -> Table:
    """Open a CSV or XLSX file and match its header; use as a context manager, then check `table.ok`."""
    return Table(Path(path), tuple(columns), sheet=sheet).open()


def workbook_parts_problem(path: Path) -> str:
    """Why a workbook's parts cannot be read safely, or "": a part that does not unpack whole (truncated or
    damaged), or one that declares XML entities.

    Every part is unpacked once, in blocks, before openpyxl reads any: openpyxl would otherwise meet a damaged
    part in the middle of a sheet, and hand an entity declaration to its XML parser. The sizes are bounded
    beforehand by `limits.workbook_problems`.
    """
    overlap = max(map(len, XML_DECLARATIONS)) - 1
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                tail = b""
                with archive.open(member) as stream:
                    while block := stream.read(BLOCK_SIZE):
                        text = tail + block
                        if any(declaration in text for declaration in XML_DECLARATIONS):
                            return _("the part %(part)s of the workbook declares XML entities, as no spreadsheet "
                                     "program writes them: it is refused") % {"part": member.filename}
                        tail = text[-overlap:]
    except zipfile.BadZipFile as error:
        return _("not a readable XLSX workbook (%(error)s); the file may be truncated") % {"error": error}
    # A part cut short or altered: zlib's error, a CRC mismatch (BadZipFile), or an end of file (EOFError).
    except (OSError, EOFError, ValueError, NotImplementedError, zlib.error) as error:
        return _("a part of the workbook cannot be unpacked (%(error)s): the file is damaged or truncated") % {
            "error": error}
    return ""


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


# Values ------------------------------------------------------------------------------------------------------

MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
# The time of day after a date is read only to be left out, but it must be one: hours 0-23, minutes and
# seconds 0-59 ("2020-02-29T25:00" is no date).
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
                      r"(?:Z|[+-]\d{2}:?\d{2})?)?")
SLASHED_ISO_DATE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
MONTH_NAME_DATE = re.compile(r"(\d{1,2})[- ]([A-Za-z]{3,9})\.?[- ](\d{2}|\d{4})")
EXCEL_EPOCH = date(1899, 12, 30)
DATE_FORMATS = "YYYY-MM-DD, or DD-Mon-YY as in the UN's older exports"


def parse_date(value) -> date:
    """A date from a cell: ISO text (a midnight time may follow), "30-Nov-20", an Excel date or serial number,
    or epoch milliseconds as in the UN Data Hub's API. Raises ValueError with a readable reason."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _excel_serial(value)
    text = str(value).strip()
    if not text:
        raise ValueError("the date is empty")
    match = ISO_DATE.fullmatch(text) or SLASHED_ISO_DATE.fullmatch(text)
    if match:
        return _calendar_date(int(match[1]), int(match[2]), int(match[3]), text)
    match = MONTH_NAME_DATE.fullmatch(text)
    if match:
        month = MONTHS.get(match[2][:3].casefold())
        if month is None or (len(match[2]) > 3 and not _is_month_name(match[2])):
            raise ValueError(f"{match[2]!r} is not an English month name")
        year = int(match[3])
        if len(match[3]) == 2:
            # As Python's and POSIX's %y: 69-99 are 1969-1999, 00-68 are 2000-2068.
            year += 1900 if year >= 69 else 2000
        return _calendar_date(year, month, int(match[1]), text)
    if text.isdigit() and len(text) == 5:
        return _excel_serial(int(text))
    if text.isdigit() and len(text) in (12, 13):
        return (datetime(1970, 1, 1) + timedelta(milliseconds=int(text))).date()
    raise ValueError(f"not a date: write it as {DATE_FORMATS}")


def _is_month_name(word: str) -> bool:
    names = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december")
    return word.casefold() in names or word.casefold() == "sept"


def _calendar_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"no such day in the calendar (year {year}, month {month}, day {day})") from None


def _excel_serial(number: float) -> date:
    # Checked before int(), which raises its own errors for NaN and the infinities (NaN compares false).
    if not 1 <= number < 2958466:
        raise ValueError(_("not a date: the number is outside Excel's range of dates"))
    if isinstance(number, float) and not number.is_integer():
        number = int(number)  # the fraction is a time of day
    return EXCEL_EPOCH + timedelta(days=int(number))


WHOLE_NUMBER = re.compile(r"[+-]?\d+(?:\.0*)?")
# Every count is stored in an integer column: PostgreSQL's holds up to 2,147,483,647, and SQLite's, though
# larger, is held to the same so that a file imports alike on both.
MAX_COUNT = 2_147_483_647


def parse_count(value) -> int | None:
    """A whole number from a cell ("12", "12.0", 12, 12.0), at most MAX_COUNT either way; None for an empty
    cell. Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError("not a whole number")
    if isinstance(value, int):
        return _bounded(value)
    if isinstance(value, float):
        if value.is_integer():  # False for NaN and the infinities
            return _bounded(int(value))
        raise ValueError("not a whole number")
    text = str(value).strip()
    if not text:
        return None
    if not WHOLE_NUMBER.fullmatch(text):
        raise ValueError("not a whole number")
    digits = text.split(".")[0]
    if len(digits.lstrip("+-").lstrip("0")) > len(str(MAX_COUNT)):
        # Python would spend time on a number of thousands of digits only to refuse it.
        raise ValueError(_too_large())
    return _bounded(int(digits))


def _bounded(count: int) -> int:
    if abs(count) > MAX_COUNT:
        raise ValueError(_too_large())
    return count


def _too_large() -> str:
    return _("too large a number: a count can be at most %(limit)s") % {"limit": max_count_text()}


def max_count_text() -> str:
    """MAX_COUNT as people read it in the active language."""
    return format_decimal(MAX_COUNT, locale=(get_language() or "en")[:2])
