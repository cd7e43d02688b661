"""Every command speaks one language: its --lang, else the locale's (LC_ALL, LC_MESSAGES, LANG), else English.

The main commands run here under a French and an English locale, and what they print (and the problem report
they write) holds no word of the other language. Mission names, file paths and the records' own texts are data,
not messages: they are taken out before the words are looked for.
"""

import os
import re
from unittest import mock

import pytest

from missionfacts.commands import cli_language, locale_language
from missionfacts.factsheets.tests.test_factsheet_command import run
from missionfacts.imports.reference import load_reference_data, load_shipped_fatalities
from missionfacts.missions.models import Mission

LOCALES = {"fr": "fr_FR.UTF-8", "en": "en_US.UTF-8"}

# Words of messages, looked for case-insensitively; each list is checked against the other language's output.
WORDS = {
    "fr": ["le fichier", "aucun", "n'a ", "n’a ", "mission inconnue", "avertissement", "erreur", "écrit",
           "lignes lues", "vérifié", "n’est pas", "contrôles", "opérations", " du ", "problème", "fichier,ligne"],
    "en": ["the file", "warning", "unknown mission", " was ", " no ", "error", "rows read", "wrote", "checks:",
           "checked", "is not", "operations", " of the ", "problem", "file,row", "nothing"],
}
# Words each language's output must hold, so that an empty or failed run cannot pass.
EXPECTED = {
    "fr": ["Contrôles", "Écrit", "mission inconnue", "n’est pas une date", "lignes lues", "1 problème",
           "fichier,ligne,colonne,valeur,motif", "n'a aucune édition publiée", "opérations."],
    "en": ["Checks:", "Wrote", "unknown mission", "is not a date", "rows read", "1 problem",
           "file,row,column,value,reason", "has no published edition", "operations."],
}

MISSION_FILE = """\
format: missionfacts/mission-3
language: en
default_source: un-page
sources:
  - {key: un-page, kind: document, title: "UN page", published_on: 2024-05-31,
     url: "https://peacekeeping.un.org/en/mission/example"}
mission:
  acronym: CLITEST
  name: {fr: Mission d'essai, en: Test mission}
  started_on: 2014-04
resolutions:
  - number: 2100
    adopted_on: ADOPTED
"""


@pytest.fixture
def reference_data(db):
    load_reference_data()
    load_shipped_fatalities()


def under_locale(language: str):
    """The environment of a terminal in the language: LANG set, no LC_ALL or LC_MESSAGES to override it."""
    return mock.patch.dict(os.environ, {"LANG": LOCALES[language], "LC_ALL": "", "LC_MESSAGES": "",
                                        "COLUMNS": "1000"})


def session(language: str, tmp_path, capsys) -> str:
    """What the main commands print (both streams) and the problem report they write, in one text."""
    good = tmp_path / "good.yaml"
    good.write_text(MISSION_FILE.replace("ADOPTED", "2013-04-25"), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(MISSION_FILE.replace("ADOPTED", "2013-13-45"), encoding="utf-8")
    report = tmp_path / "problems.csv"
    commands = [
        ["factsheet", "MINUSMA", "--as-of", "2020-07-01", "--draft", "--format", "json,html",
         "--output", str(tmp_path / "sheet")],
        ["check", "MINUSMA", "--as-of", "2020-07-01"],
        ["import", "mission", str(good), "--dry-run"],
        ["import", "mission", str(bad), "--dry-run", "--report", str(report)],
        ["missions", "--active-on", "2020-07-01"],
        ["editions", "MINUSMA"],
        ["factsheet", "MINUSMAX", "--as-of", "2020-07-01"],
        ["check", "MINUSMA", "--as-of", "2020-13-01"],
    ]
    printed = []
    with under_locale(language):
        for argv in commands:
            _, out, err = run(argv, capsys)
            printed += [out, err]
    printed.append(report.read_text(encoding="utf-8"))
    return "\n".join(printed)


def without_data(text: str, tmp_path) -> str:
    """The text without what is data rather than message: paths, mission names, rule ids, records' own texts."""
    text = text.replace(str(tmp_path), "")
    for mission in Mission.objects.all():
        for name in (mission.name_en, mission.name_fr):
            if name:
                text = text.replace(name, "")
    # Rule ids ([sources-disagree]), quoted texts of the records, and the mission file's own column names.
    text = re.sub(r"\[[a-z-]+\]|“[^”]*”|«[^»]*»|resolutions\[0\]\.adopted_on", "", text)
    return text


@pytest.mark.usefixtures("reference_data")
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_command_speaks_the_language_of_the_locale_only(language, tmp_path, capsys):
    text = session(language, tmp_path, capsys)
    for expected in EXPECTED[language]:
        assert expected in text, f"{expected!r} missing from the {language} output:\n{text}"
    other = "en" if language == "fr" else "fr"
    scanned = without_data(text, tmp_path).lower()
    found = [word for word in WORDS[other] if word.lower() in scanned]
    assert found == [], f"words of {other} in the {language} output: {found}\n{text}"


@pytest.mark.usefixtures("reference_data")
def test_lang_wins_over_the_locale(capsys):
    with under_locale("fr"):
        status, out, err = run(["check", "MINUSMA", "--as-of", "2020-07-01", "--lang", "en"], capsys)
    assert status == 0, err
    assert out.startswith("MINUSMA, sheet as of 1 July 2020")
    with under_locale("en"):
        status, _, err = run(["check", "MINUSMA", "--as-of", "2020-13-01", "--lang", "fr"], capsys)
    assert (status, err.strip()) == (2, "missionfacts check\u202f: erreur\u202f: --as-of «\u202f2020-13-01\u202f» "
                                        "n’est pas une date de la forme AAAA-MM-JJ.")


@pytest.mark.parametrize("environment, language", [
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "fr_CA"}, "fr"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "en_US.UTF-8", "LC_ALL": "fr_BE.UTF-8"}, "fr"),
    ({"LANG": "fr_FR.UTF-8", "LC_ALL": "C"}, "en"),
])
def test_the_locale_picks_french_or_english_as_the_c_library_does(environment, language):
    assert locale_language(environment) == language


def test_a_known_lang_wins_and_an_unknown_one_falls_back_to_the_locale():
    assert cli_language("en", {"LANG": "fr_FR.UTF-8"}) == "en"
    assert cli_language("fr", {"LANG": "en_US.UTF-8"}) == "fr"
    assert cli_language(None, {"LANG": "fr_FR.UTF-8"}) == "fr"
    assert cli_language("de", {"LANG": "fr_FR.UTF-8"}) == "fr"
