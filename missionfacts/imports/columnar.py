"""Reading a big, clean CSV file column by column with pyarrow, for importers that check distinct values.

The csv module hands Python one list of strings per row: for ten million rows that alone is most of an
import's time. pyarrow's reader parses the file in C++ on every core, and a column of a batch of rows comes
out dictionary-encoded: its distinct values (a few dozen dates or sites in 65,000 rows) and, per row, the
index of its value. An importer checks each distinct value once, with the same rules as everywhere else, and
maps the indexes through the outcomes with numpy.

It only takes files it reads exactly as `tabular.Table` does, and says so by raising `NotColumnar` as soon
as it sees one it does not: not a CSV in UTF-8, a file with a NUL byte, a row of the wrong width, a value
with a line break (rows are then no longer lines), a blank line, or a file whose rows do not add up to its
lines (the row numbers of problems would be off). The importer then reads the file the usual way, which
reports every problem with its row; this reader reports none.
"""

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from missionfacts.imports.tabular import Table

# Rows of the file per batch: pyarrow's block of bytes decides, this many bytes at a time.
BLOCK_BYTES = 4 << 20
# Below this many rows, the csv module's reading costs less than starting pyarrow.
MIN_ROWS = 50_000


class NotColumnar(Exception):
    """This file is for the csv module: read it again the usual way."""


@dataclass
class Column:
    """One column of a batch: its distinct values, in the order first seen, and each row's index in them;
    or, for a column asked for `as_text`, the text of each row."""

    values: list
    indexes: "object" = None  # a numpy array of integers, one per row
    texts: "object" = None  # a pyarrow array of strings, one per row


def suits(table: Table) -> bool:
    """Whether this reader could take the table's file: a big enough CSV in UTF-8, without a NUL byte (the
    usual way names each row that has one)."""
    return (table.ok and table._workbook is None and table.encoding in ("utf-8", "utf-8-sig")
            and not (table._facts is not None and table._facts.has_nul) and (table.estimated_rows or 0) >= MIN_ROWS)


def batches(table: Table, names: list[str], as_text: Sequence[str] = ()) -> Iterator[tuple[int, int, dict]]:
    """(first row number, number of rows, {column name: Column}) per batch of the file, for the expected
    columns `names`, dictionary-encoded but for those in `as_text` (columns of mostly distinct values, such as
    references); a column the file lacks comes as "" for every row. Sets `table.rows_read` once the whole file
    is read. Raises NotColumnar (see the module's docstring)."""
    import numpy
    import pyarrow
    import pyarrow.compute
    import pyarrow.csv

    width = len(table.header)
    file_names = [f"c{index}" for index in range(width)]
    at = {name: table.position(name) for name in names}
    wanted = sorted({position for position in at.values() if position < width})
    options = {
        "read_options": pyarrow.csv.ReadOptions(skip_rows=1, column_names=file_names, block_size=BLOCK_BYTES,
                                                encoding="utf8"),
        "parse_options": pyarrow.csv.ParseOptions(delimiter=table.delimiter, newlines_in_values=True,
                                                  ignore_empty_lines=False),
        "convert_options": pyarrow.csv.ConvertOptions(
            column_types={file_names[position]: pyarrow.string() for position in range(width)},
            include_columns=[file_names[position] for position in wanted],
            strings_can_be_null=False, quoted_strings_can_be_null=False),
    }
    row_number = 2
    try:
        reader = pyarrow.csv.open_csv(table.path, **options)
        for batch in reader:
            count = batch.num_rows
            if not count:
                continue
            columns = {}
            for name, position in at.items():
                if position >= width:
                    columns[name] = (Column([""], texts=pyarrow.array([""] * count)) if name in as_text
                                     else Column([""], numpy.zeros(count, "int32")))
                    continue
                texts = batch.column(file_names[position])
                if name in as_text:
                    if any(pyarrow.compute.any(pyarrow.compute.match_substring(texts, end)).as_py()
                           for end in ("\n", "\r")):
                        raise NotColumnar("a value holds a line break")
                    columns[name] = Column([], texts=texts)
                    continue
                dictionary = pyarrow.compute.dictionary_encode(texts)
                values = dictionary.dictionary.to_pylist()
                if any("\n" in value or "\r" in value for value in values):
                    raise NotColumnar("a value holds a line break")
                columns[name] = Column(values, dictionary.indices.to_numpy(zero_copy_only=False))
            yield row_number, count, columns
            row_number += count
    except pyarrow.ArrowException as error:  # a row of the wrong width, a quote never closed, a row too big
        raise NotColumnar(str(error)) from error
    rows = row_number - 2
    if not rows:
        raise NotColumnar("no rows")  # a problem the usual way reports
    if rows != table.estimated_rows:
        raise NotColumnar(f"{rows} rows in {table.estimated_rows + 1} lines")
    table.rows_read = rows


@functools.cache
def _spaces() -> str:
    """A regular expression (RE2) for any character Python's str.split() splits on."""
    return "[" + "".join(f"\\x{{{code:x}}}" for code in range(0x110000) if chr(code).isspace()) + "]"


def tidied_texts(column: Column) -> tuple[list[str], object]:
    """The rows of a column asked for `as_text`, each as `cells.words` makes it (its spaces tidied), and a
    numpy array of booleans: which are empty. Python tidies them only when one of them has a space."""
    import pyarrow.compute

    texts = column.texts
    if pyarrow.compute.any(pyarrow.compute.match_substring_regex(texts, _spaces())).as_py():
        tidied = [" ".join(text.split()) for text in texts.to_pylist()]
        import numpy

        return tidied, numpy.array([not text for text in tidied], dtype=bool)
    return texts.to_pylist(), pyarrow.compute.equal(texts, "").to_numpy(zero_copy_only=False)
