"""Sources belong to what cites them: a mission file changes its own sources, never another mission's."""

import io
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from missionfacts.imports.mission_file import import_mission_file
from missionfacts.imports.models import Source
from missionfacts.imports.reference import REFERENCE_DIR, load_reference_data, reference_files
from missionfacts.missions.models import Mission
from missionfacts.testing import a_mission, a_source

# ONUB's own source, as onub.yaml declares it; a declaration given after it is on line 11 of the file.
ONUB_SOURCES = "sources:\n"
# A change to ONUB itself, so that the file would be imported were its sources accepted.
ONUB_HEADQUARTERS = ("headquarters: Bujumbura, Burundi", "headquarters: Bujumbura")
MINUSMA_REWRITTEN = ('  - {key: minusma-fiche-2020, kind: document, title: "Rewritten by ONUB", '
                     'url: "https://example.org/fake"}\n')


def declaration(source: Source) -> str:
    """A `sources:` entry giving the source exactly as the database holds it."""
    fields = {"key": source.key, "kind": source.kind, "title": source.title, "publisher": source.publisher,
              "url": source.url, "licence": source.licence, "note": source.note}
    given = ", ".join(f"{name}: {_quoted(value)}" for name, value in fields.items() if value)
    if source.published_on:
        given += f", published_on: {source.published_on.isoformat()}"
    return f"  - {{{given}}}\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class SourceOwnershipTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()

    def setUp(self):
        # The messages are read in English, whichever language an earlier test left active.
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        self.folder = Path(tempfile.mkdtemp())

    def onub_file(self, *sources: str, replace: tuple[str, str] = ONUB_HEADQUARTERS) -> Path:
        """ONUB's reference file with its headquarters changed and the given source entries declared first."""
        text = (REFERENCE_DIR / "onub.yaml").read_text(encoding="utf-8")
        for old, new in (replace, (ONUB_SOURCES, ONUB_SOURCES + "".join(sources))):
            assert old in text, old
            text = text.replace(old, new, 1)
        path = self.folder / "onub.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    def headquarters_of_onub(self) -> str:
        return Mission.objects.get(acronym="ONUB").headquarters

    def test_a_file_about_onub_cannot_rewrite_the_source_minusmas_page_cites(self):
        result = import_mission_file(self.onub_file(MINUSMA_REWRITTEN))
        self.assertFalse(result.ok)
        [problem] = result.problems
        self.assertEqual((problem.file, problem.row, problem.column, problem.value),
                         ("onub.yaml", 11, "sources[0].title", "Rewritten by ONUB"))
        self.assertIn("'minusma-fiche-2020' is also cited by MINUSMA", problem.reason)
        source = Source.objects.get(key="minusma-fiche-2020")
        self.assertEqual((source.title, source.url), ("MINUSMA, fiche d'information (Résolution 2531), mi-2020", ""))
        self.assertEqual(self.headquarters_of_onub(), "Bujumbura, Burundi", "nothing of the file was written")

    def test_the_command_refuses_it_too_and_names_the_mission_and_the_source(self):
        errors = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("import", "mission", str(self.onub_file(MINUSMA_REWRITTEN)), stderr=errors,
                         stdout=io.StringIO())
        self.assertIn("onub.yaml, row 11, sources[0].title ('Rewritten by ONUB'): the source 'minusma-fiche-2020' is "
                      "also cited by MINUSMA", errors.getvalue())
        self.assertEqual(Source.objects.get(key="minusma-fiche-2020").title,
                         "MINUSMA, fiche d'information (Résolution 2531), mi-2020")

    def test_a_file_may_declare_another_missions_source_exactly_as_it_is(self):
        result = import_mission_file(self.onub_file(declaration(Source.objects.get(key="minusma-fiche-2020"))))
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(self.headquarters_of_onub(), "Bujumbura")

    def test_a_file_changes_a_source_only_its_own_mission_cites_and_says_so(self):
        result = import_mission_file(self.onub_file(replace=('title: "Burundi - ONUB - Facts and figures"',
                                                             'title: "ONUB - Facts and figures"')))
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(result.rows_changed, 1)
        self.assertEqual(Source.objects.get(key="onub-facts").title, "ONUB - Facts and figures")

    def test_a_file_changes_a_source_nothing_cites_yet(self):
        a_source("uncited")
        result = import_mission_file(self.onub_file('  - {key: uncited, kind: document, title: "Now ONUB\'s"}\n'))
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(Source.objects.get(key="uncited").title, "Now ONUB's")

    def test_a_source_cited_only_by_another_missions_own_row_is_that_missions(self):
        Mission.objects.filter(pk=a_mission("MINUTEST").pk).update(source=a_source("minutest-page"))
        result = import_mission_file(self.onub_file('  - {key: minutest-page, kind: document, title: "Changed"}\n'))
        self.assertEqual([problem.column for problem in result.problems], ["sources[0].title"])
        self.assertIn("'minutest-page' is also cited by MINUTEST", result.problems[0].reason)
        self.assertEqual(Source.objects.get(key="minutest-page").title, "Test source minutest-page")

    def test_the_un_data_every_mission_shares_may_be_cited_but_not_changed(self):
        shared = Source.objects.get(key="un-psdata-pko")
        self.assertTrue(import_mission_file(self.onub_file(declaration(shared))).ok)
        changed = declaration(shared).replace(shared.title, "Our own title")
        other_change = (ONUB_HEADQUARTERS[0], "headquarters: Bujumbura (BDI)")
        result = import_mission_file(self.onub_file(changed, replace=other_change))
        self.assertEqual([problem.column for problem in result.problems], ["sources[0].title"])
        self.assertIn("'un-psdata-pko' is a data set every mission shares", result.problems[0].reason)
        self.assertEqual(Source.objects.get(key="un-psdata-pko").title, shared.title)

    def test_the_shipped_reference_files_load_again_without_a_refusal(self):
        for path in reference_files():
            with self.subTest(file=path.name):
                result = import_mission_file(path)
                self.assertEqual(result.problems, [])
