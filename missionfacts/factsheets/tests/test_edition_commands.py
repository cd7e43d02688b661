"""`missionfacts publish`, `editions` and `diff`, as a user types them."""

import json
import tempfile

import pytest

from missionfacts.factsheets.models import Edition
from missionfacts.factsheets.tests.test_editions import REASON, corrected_minusma
from missionfacts.factsheets.tests.test_factsheet_command import run
from missionfacts.imports.mission_file import import_mission_file
from missionfacts.imports.reference import load_reference_data, load_shipped_fatalities

PUBLISH = ["publish", "MINUSMA", "--as-of", "2020-07-01", "--lang", "en"]


@pytest.fixture
def reference_data(db):
    """The data of a first use: the reference missions and the UN's fatalities shipped beside them.

    MINUSMA's sheet of 1 July 2020 then has eight warnings: seven of its own records, and the UN's 145 killed in
    attacks against the 135 its page published.
    """
    load_reference_data()
    load_shipped_fatalities()


@pytest.fixture
def published(reference_data, capsys):
    status, _, err = run([*PUBLISH, "--reason", REASON, "--by", "editor"], capsys)
    assert status == 0, err


@pytest.mark.usefixtures("reference_data")
def test_publish_refuses_warnings_without_a_reason_and_says_which(capsys):
    status, out, err = run(PUBLISH, capsys)
    assert (status, out) == (1, "")
    assert "Warnings (8)" in err
    assert err.strip().splitlines()[-1] == ("missionfacts publish: error: 8 warnings for MINUSMA on 2020-07-01: give "
                                            "the reason to publish despite them with --reason.")
    assert not Edition.objects.exists()


@pytest.mark.usefixtures("reference_data")
def test_publish_with_a_reason_prints_the_edition_and_its_checksum(capsys):
    status, out, _ = run([*PUBLISH, "--reason", REASON], capsys)
    edition = Edition.objects.get()
    assert status == 0
    assert out.splitlines() == ["Published edition 1 of MINUSMA, as of 1 July 2020, with 8 warnings.",
                                f"SHA-256: {edition.checksum}"]


@pytest.mark.usefixtures("published")
def test_editions_lists_them_and_writes_one_edition_s_documents(tmp_path, capsys):
    status, out, _ = run(["editions", "MINUSMA", "--lang", "en"], capsys)
    assert status == 0
    assert out.startswith("Edition 1: as of 1 July 2020, period 1 July 2013 to 30 June 2021; published on ")
    assert "by editor; 8 warnings; SHA-256 " in out and "(intact)." in out
    assert f"    Reason: {REASON}" in out.splitlines()
    status, out, _ = run(["editions", "MINUSMA", "1", "--output", str(tmp_path)], capsys)
    assert status == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        f"MINUSMA-edition-1-{language}.{kind}" for language in ("en", "fr") for kind in ("html", "json", "pdf")]
    assert (tmp_path / "MINUSMA-edition-1-fr.pdf").read_bytes() == Edition.objects.get().document("fr", "pdf")
    status, out, _ = run(["editions", "MINUSMA", "--format", "json"], capsys)
    [listed] = json.loads(out)["editions"]
    assert (listed["number"], listed["intact"], listed["warnings"]) == (1, True, 8)


@pytest.mark.usefixtures("published")
def test_diff_against_the_current_data_names_the_figures_that_moved_and_the_import(capsys):
    status, out, _ = run(["diff", "MINUSMA", "1", "--lang", "en"], capsys)
    assert (status, out.strip()) == (0, "MINUSMA: from edition 1 as of 1 July 2020 to the current data as of 1 July "
                                        "2020, 0 changes.")
    correction = import_mission_file(corrected_minusma(tempfile.mkdtemp()))
    status, out, _ = run(["diff", "MINUSMA", "1", "current", "--lang", "en"], capsys)
    lines = out.splitlines()
    assert lines[0].endswith(", 2 changes.")
    assert lines[1].startswith(f"  strength.military: 12,873 → 12,900  [import #{correction.batch_id}, "
                               "minusma.yaml of ")
    assert lines[2].startswith("  patrols.military: 244,720 → 244,721  [import #")
    status, out, _ = run(["diff", "MINUSMA", "1", "--format", "json"], capsys)
    report = json.loads(out)
    assert report["from"]["edition"] == 1 and report["to"]["edition"] is None
    change = report["changes"][0]
    assert (change["path"], change["old"], change["new"]) == ("strength.military", 12873, 12900)
    assert change["imports"] == [{"id": correction.batch_id, "kind": "mission", "file_name": "minusma.yaml",
                                  "imported_at": change["imports"][0]["imported_at"]}]


@pytest.mark.usefixtures("published")
@pytest.mark.parametrize(
    "arguments, message",
    [
        (["MINUSMA", "2"], "MINUSMA has no edition 2. Editions: 1."),
        (["MINUSMA", "1", "latest"], "'latest' is neither an edition number nor 'current'."),
        (["MINUSMA", "1", "1", "--as-of", "2020-07-01"], "--as-of applies only to a comparison with 'current'."),
        (["MINUSMA", "1", "--as-of", "2010-01-01"], "2010-01-01 is before MINUSMA began (2013-07-01)."),
    ],
)
def test_diff_bad_arguments_get_one_line_and_exit_2(arguments, message, capsys):
    status, out, err = run(["diff", *arguments], capsys)
    assert (status, out) == (2, "")
    assert err.strip() == f"missionfacts diff: error: {message}"
