"""Reading CSV and XLSX files the same way for every importer (imports/tabular.py). No database."""

from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import translation

from missionfacts.imports.tabular import Column, open_table, parse_count, parse_date

DATA = Path(__file__).parent / "data"
COLUMNS = (Column("mission_acronym"), Column("isocode3"), Column("female_personnel"),
           Column("total_personnel", "total", required=False))


def write(tmp_path: Path, content: bytes | str, name: str = "file.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def read(path: Path, columns=COLUMNS, **options):
    with open_table(path, columns, **options) as table:
        rows = list(table.records())
    return table, rows


def reasons(table) -> list[str]:
    return [problem.reason for problem in table.problems]


def test_it_reads_columns_by_name_in_any_order_and_any_capitalisation(tmp_path):
    path = write(tmp_path, "Female_Personnel,ISOCode3,ignored,Mission_Acronym\n3,TCD,x,MINUSMA\n")
    table, rows = read(path)
    assert table.ok
    assert rows == [(2, ("MINUSMA", "TCD", "3", ""))]


def test_it_reads_utf8_with_a_byte_order_mark_crlf_and_quoted_delimiters():
    table, rows = read(DATA / "contributions.csv", (Column("contributing_country"), Column("isocode3")))
    assert table.encoding == "utf-8-sig"
    assert rows[2] == (4, ("Korea, Republic of", "KOR"))
    assert rows[4] == (6, ("Côte d'Ivoire", "CIV"))


def test_it_reads_windows_1252_with_semicolons():
    table, rows = read(DATA / "contributions-windows-1252.csv", (Column("contributing_country"), Column("isocode3")))
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert rows[4] == (6, ("Côte d'Ivoire", "CIV"))


def test_it_reads_a_quoted_value_across_lines_and_counts_rows_as_a_spreadsheet_does(tmp_path):
    path = write(tmp_path, 'mission_acronym,isocode3,female_personnel\nMINUSMA,"TC\nD",1\n\nUNMISS,KOR,2\n')
    table, rows = read(path)
    assert rows == [(2, ("MINUSMA", "TC\nD", "1", "")), (4, ("UNMISS", "KOR", "2", ""))]
    assert table.rows_read == 2


def test_it_gives_rows_as_dicts(tmp_path):
    path = write(tmp_path, "mission_acronym,isocode3,female_personnel,total\nMINUSMA,TCD,1,5\n")
    with open_table(path, COLUMNS) as table:
        assert list(table.rows()) == [
            (2, {"mission_acronym": "MINUSMA", "isocode3": "TCD", "female_personnel": "1", "total_personnel": "5"})
        ]


def test_it_names_the_missing_and_the_expected_headers(tmp_path):
    path = write(tmp_path, "mission,isocode3\nMINUSMA,TCD\n")
    table, rows = read(path)
    assert rows == []
    [problem] = table.problems
    assert (problem.row, problem.column) == (1, "mission_acronym, female_personnel")
    assert "Expected headers" in problem.reason and "mission_acronym, isocode3, female_personnel" in problem.reason
    assert "optional: total_personnel" in problem.reason


def test_it_rejects_a_column_given_twice(tmp_path):
    table, _ = read(write(tmp_path, "mission_acronym,isocode3,female_personnel,ISOCODE3\nA,B,1,C\n"))
    assert reasons(table) == ["the column 'ISOCODE3' appears twice in the header"]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"  \r\n"])
def test_it_rejects_an_empty_file(tmp_path, content):
    table, _ = read(write(tmp_path, content))
    assert reasons(table) == ["the file is empty"]


def test_it_rejects_a_file_with_a_header_and_no_rows(tmp_path):
    table, _ = read(write(tmp_path, "mission_acronym,isocode3,female_personnel\r\n\r\n"))
    assert reasons(table) == ["the file has a header but no rows"]


def test_it_reports_a_truncated_last_line(tmp_path):
    table, rows = read(write(tmp_path, "mission_acronym,isocode3,female_personnel\nMINUSMA,TCD,1\nUNMISS,KO"))
    assert rows == [(2, ("MINUSMA", "TCD", "1", ""))]
    [problem] = table.problems
    assert problem.row == 3
    assert "the last line is incomplete" in problem.reason and "truncated" in problem.reason


def test_it_reports_a_short_row_in_the_middle_without_calling_it_truncated(tmp_path):
    table, _ = read(write(tmp_path, "mission_acronym,isocode3,female_personnel\nMINUSMA,TCD\nUNMISS,KOR,2\n"))
    assert reasons(table) == ["2 values where the header has 3"]


def test_it_explains_an_unquoted_delimiter(tmp_path):
    table, _ = read(write(tmp_path, "mission_acronym,isocode3,female_personnel\nUNMISS,Korea, Republic of,2\n"))
    [problem] = table.problems
    assert problem.row == 2 and "must be in double quotes" in problem.reason


def test_it_accepts_empty_values_past_the_header(tmp_path):
    table, rows = read(write(tmp_path, "mission_acronym,isocode3,female_personnel\nMINUSMA,TCD,1,,\n"))
    assert table.ok and rows == [(2, ("MINUSMA", "TCD", "1", ""))]


def test_it_reports_a_quote_that_is_never_closed(tmp_path):
    table, _ = read(write(tmp_path, 'mission_acronym,isocode3,female_personnel\nMINUSMA,"TCD,1\n'))
    assert any("closing quote is missing" in reason for reason in reasons(table))


def test_batches_number_rows_across_batches_and_find_a_short_row_in_a_later_batch(tmp_path):
    lines = [f"MINUSMA,TCD,{number}" for number in range(2, 2502)]
    lines[1799] = "MINUSMA,TCD"  # file row 1801
    path = write(tmp_path, "mission_acronym,isocode3,female_personnel\n" + "\n".join(lines) + "\n")
    with open_table(path, COLUMNS) as table:
        batches = list(table.batches(size=1000))
    numbers = [row for batch in batches for row, _ in batch]
    assert numbers == [number for number in range(2, 2502) if number != 1801]  # a row with a problem is left out
    assert all(fields == ["MINUSMA", "TCD", str(row), ""] for batch in batches for row, fields in batch)
    assert [(problem.row, problem.reason) for problem in table.problems] == [
        (1801, "2 values where the header has 3")]


def test_batches_name_the_row_of_an_unclosed_quote_after_many_good_rows(tmp_path):
    lines = [f"MINUSMA,TCD,{number}" for number in range(2, 1502)]
    path = write(tmp_path, "mission_acronym,isocode3,female_personnel\n" + "\n".join(lines)
                 + '\nMINUSMA,"TCD,1\n')
    with open_table(path, COLUMNS) as table:
        numbers = [row for batch in table.batches(size=1000) for row, _ in batch]
    assert numbers == list(range(2, 1502))
    [problem] = table.problems
    assert problem.row == 1502 and "closing quote is missing" in problem.reason


def test_it_reads_windows_1252_only_when_the_file_is_not_utf8(tmp_path):
    # 0x81 is undefined in Windows-1252: a file that is neither is refused, whatever block the byte is in.
    table, _ = read(write(tmp_path, b"mission_acronym,isocode3,female_personnel\n" + b"MINUSMA,TCD,1\n" * 20000
                          + b"C\xf4te,\x81,1\n"))
    assert not table.ok and "neither UTF-8 nor Windows-1252" in reasons(table)[0]


def test_it_rejects_utf16(tmp_path):
    table, _ = read(write(tmp_path, "mission_acronym,isocode3\n".encode("utf-16")))
    assert reasons(table) == ["the file is UTF-16 text: save it as CSV UTF-8"]


def test_it_keeps_at_most_the_problem_limit_and_counts_the_rest(tmp_path):
    body = "mission_acronym,isocode3,female_personnel\n" + "A,B\n" * 30
    with open_table(write(tmp_path, body), COLUMNS) as table:
        table.max_problems = 10
        list(table.records())
    assert (len(table.problems), table.more_problems) == (10, 20)


def test_it_reads_a_workbook_sheet_with_excel_dates(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Notes"
    sheet = workbook.create_sheet("Contributions")
    sheet.append(["ISOCode3", "Mission_Acronym", "Female_Personnel", "Date"])
    sheet.append(["TCD", "MINUSMA", 12, datetime(2020, 11, 30)])
    sheet.append([None, None, None, None])
    sheet.append(["KOR", "UNMISS", None, 44196])
    workbook.save(tmp_path / "contributions.xlsx")
    columns = (*COLUMNS[:3], Column("date"))
    table, rows = read(tmp_path / "contributions.xlsx", columns, sheet="Contributions")
    assert table.ok
    assert rows == [(2, ("MINUSMA", "TCD", 12, datetime(2020, 11, 30))), (4, ("UNMISS", "KOR", "", 44196))]
    assert [parse_date(values[3]) for _, values in rows] == [date(2020, 11, 30), date(2020, 12, 31)]


def test_it_names_the_sheets_when_the_wanted_one_is_missing(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Patrols"
    workbook.save(tmp_path / "file.xlsx")
    table, _ = read(tmp_path / "file.xlsx", sheet="Trainings")
    [problem] = table.problems
    assert problem.value == "Trainings" and "its sheets are: Patrols" in problem.reason


def test_it_reports_a_truncated_workbook(tmp_path):
    from openpyxl import Workbook

    Workbook().save(tmp_path / "whole.xlsx")
    write(tmp_path, (tmp_path / "whole.xlsx").read_bytes()[:300], "cut.xlsx")
    with translation.override("en"):
        table, _ = read(tmp_path / "cut.xlsx")
        assert "not a readable XLSX workbook" in reasons(table)[0]


@pytest.mark.parametrize(("text", "expected"), [
    ("2020-11-30", date(2020, 11, 30)),
    ("2020-11-30T00:00:00", date(2020, 11, 30)),
    ("2020-11-30 00:00:00", date(2020, 11, 30)),
    ("30-Nov-20", date(2020, 11, 30)),
    ("30-Nov-1998", date(1998, 11, 30)),
    ("31-dec-99", date(1999, 12, 31)),
    ("44165", date(2020, 11, 30)),
    ("1606694400000", date(2020, 11, 30)),
    (44165.5, date(2020, 11, 30)),
])
def test_it_reads_dates_in_the_forms_the_un_and_excel_write(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("2021-02-30", "no such day in the calendar"),
    ("30/11/2020", "not a date"),
    ("30-Nvm-20", "not an English month name"),
    ("", "the date is empty"),
])
def test_it_explains_a_date_it_cannot_read(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(text)


@pytest.mark.parametrize(("value", "expected"), [("12", 12), (" 12 ", 12), ("12.0", 12), (7, 7), (3.0, 3), ("", None),
                                                 ("-4", -4)])
def test_it_reads_whole_numbers(value, expected):
    assert parse_count(value) == expected


@pytest.mark.parametrize("value", ["twelve", "1,234", "12.5", 2.5, True])
def test_it_refuses_what_is_not_a_whole_number(value):
    with pytest.raises(ValueError, match="not a whole number"):
        parse_count(value)
