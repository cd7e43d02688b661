"""The staff's pages: importing a file, the checks, the draft preview, publishing, the history, the admin."""

import csv
import io
from datetime import date
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from missionfacts.casualties.models import FatalityCount
from missionfacts.factsheets.models import Edition
from missionfacts.imports.batch import finish_batch, start_batch
from missionfacts.imports.problems import ImportResult
from missionfacts.imports.reference import REFERENCE_DIR
from missionfacts.imports.registry import IMPORTERS
from missionfacts.missions.models import Mission
from missionfacts.personnel.models import ComponentStrength, Strength
from missionfacts.testing import a_mission, a_source
from missionfacts.web.history import mission_history
from missionfacts.web.tests.base import WebTestCase

REASON = "The key figures are the mission's counts as published."


def minusma_file(replace: tuple[str, str] | None = None, name: str = "minusma.yaml") -> SimpleUploadedFile:
    text = (REFERENCE_DIR / "minusma.yaml").read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/yaml")


# The police total of 10 March 2020 with more women than personnel.
WOMEN_ABOVE_TOTAL = ("police: {total: 1726, women: 235}", "police: {total: 1726, women: 2350}")


class ImportPageTests(WebTestCase):
    def upload(self, file, **fields):
        data = {"kind": "mission", "file": file, "mission": "MINUSMA", **fields}
        return self.client.post(reverse("web:import"), data)

    def test_a_file_with_an_error_is_not_imported_and_the_report_names_row_column_value_and_reason(self):
        self.client.force_login(self.editor)
        response = self.upload(minusma_file(WOMEN_ABOVE_TOTAL))
        self.assertEqual(response.status_code, 422)
        problem = response.context["result"].problems[0]
        self.assertEqual((problem.file, problem.value), ("minusma.yaml", "2350"))
        self.assertContains(response, "minusma.yaml was not imported: 1 problem", status_code=422)
        self.assertContains(response, f"<td class=\"num\">{problem.row}</td>", status_code=422)
        self.assertContains(response, problem.reason, status_code=422)
        self.assertEqual(ComponentStrength.objects.get(reported_on=date(2020, 3, 10), component="police").women, 235)
        report = self.client.get(reverse("web:import-problems")).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(report)))
        self.assertEqual(rows[0], ["File", "Row", "Column", "Value", "Reason"])
        self.assertEqual(rows[1][0:4], ["minusma.yaml", str(problem.row), problem.column, "2350"])

    def test_the_corrected_file_is_imported_and_its_import_is_in_the_history(self):
        self.client.force_login(self.editor)
        response = self.upload(minusma_file(("police: {total: 1726, women: 235}", "police: {total: 1726, women: 236}")))
        self.assertContains(response, "rows read, 0 added, 1 changed")
        self.assertEqual(ComponentStrength.objects.get(reported_on=date(2020, 3, 10), component="police").women, 236)
        entries = self.client.get(reverse("web:history", args=["MINUSMA"])).context["entries"]
        # The row the import changed (saved one by one, so with its history), then the import that began first.
        changed, imported = entries[0], entries[1]
        self.assertEqual((imported.action, imported.who, imported.batch.file_name),
                         ("imported", "amadou", "minusma.yaml"))
        self.assertEqual(changed.who, "amadou")
        self.assertIn(("Women", "235", "236"), [(c.field, c.old, c.new) for c in changed.changes])

    def test_a_file_past_the_size_limit_is_stopped_while_it_arrives_and_the_page_says_why(self):
        from django.test import override_settings

        from missionfacts.web.uploads import SizeLimitedUploadHandler

        received = []
        original = SizeLimitedUploadHandler.receive_data_chunk

        def spy(handler, raw_data, start):
            received.append(start + len(raw_data))
            return original(handler, raw_data, start)

        self.client.force_login(self.editor)
        big = SimpleUploadedFile("big.csv", b"x" * 300_000, content_type="text/csv")
        with override_settings(IMPORT_MAX_FILE_BYTES=100_000), \
                mock.patch.object(SizeLimitedUploadHandler, "receive_data_chunk", spy):
            response = self.client.post(reverse("web:import"), {"kind": "patrols", "file": big, "mission": "MINUSMA"})
        self.assertContains(response, "big.csv: the file is larger than 0.1 MB, the most that can be imported",
                            status_code=400)
        self.assertLess(max(received), 300_000)  # the rest never reached a handler that keeps it

    def test_a_dry_run_reports_and_writes_nothing(self):
        self.client.force_login(self.editor)
        response = self.upload(minusma_file(("military: 12873", "military: 12900")), dry_run="on")
        self.assertContains(response, "Nothing was written: this was a check only.")
        self.assertEqual(ComponentStrength.objects.get(reported_on=date(2020, 7, 1), component="military").total, 12873)

    def test_an_editor_cannot_import_a_mission_file_about_another_mission(self):
        self.client.force_login(self.other_editor)
        response = self.client.post(reverse("web:import"), {"kind": "mission", "mission": "MINUDRAFT",
                                                            "file": minusma_file(("military: 12873", "military: 1"))})
        self.assertContains(response, "This file is about MINUSMA, not the mission chosen", status_code=422)
        self.assertEqual(ComponentStrength.objects.get(reported_on=date(2020, 7, 1), component="military").total, 12873)

    def test_an_editor_chooses_only_among_the_missions_they_edit(self):
        self.client.force_login(self.other_editor)
        response = self.client.post(reverse("web:import"), {"kind": "mission", "mission": "MINUSMA",
                                                            "file": minusma_file()})
        self.assertEqual(response.status_code, 400)
        self.assertIn("mission", response.context["form"].errors)

    def test_an_import_that_changes_another_mission_is_rolled_back_for_an_editor(self):
        def careless(path, *, mission=None, user=None, dry_run=False, progress=None):
            result = ImportResult(file=Path(path).name, kind="careless")
            batch = start_batch("careless", Path(path), a_source(), user=user)
            Strength.objects.create(mission=self.minusma, reported_on=date(2020, 4, 30), country="NER",
                                    personnel_type="troops", men=1, women=0, source=batch.source, import_batch=batch)
            result.rows_added = 1
            finish_batch(batch, result)
            return result

        self.client.force_login(self.other_editor)
        with mock.patch.dict(IMPORTERS, {"careless": careless}):
            response = self.client.post(reverse("web:import"), {
                "kind": "careless", "mission": "MINUDRAFT",
                "file": SimpleUploadedFile("rows.csv", b"anything")})
        self.assertContains(response, "changes records of missions you do not edit", status_code=422)
        self.assertFalse(Strength.objects.filter(country="NER").exists())

    def test_a_reader_may_not_import(self):
        self.client.force_login(self.reader)
        self.assertEqual(self.upload(minusma_file()).status_code, 403)


class ChecksAndPublishingTests(WebTestCase):
    def test_the_checks_list_the_warnings_for_the_date_with_links_to_the_records(self):
        self.client.force_login(self.reader)
        response = self.client.get(reverse("web:checks", args=["MINUSMA"]), {"as_of": "2020-07-01", "lang": "en"})
        report = response.context["report"]
        self.assertEqual(len(report["errors"]), 0)
        self.assertGreaterEqual(len(report["warnings"]), 1)
        self.assertContains(response, "On 1 July 2020, the mission states 13 sites")
        self.assertContains(response, "/admin/missions/statedsitecount/")

    def test_the_draft_preview_is_marked_as_a_draft(self):
        self.client.force_login(self.reader)
        response = self.client.get(reverse("web:preview-sheet", args=["MINUSMA", "html"]), {"lang": "en"})
        self.assertContains(response, '<div class="draft-mark">DRAFT</div>')
        self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")

    def test_warnings_need_a_reason_then_the_edition_is_published_and_public(self):
        self.client.force_login(self.editor)
        url = reverse("web:publish", args=["MINUSMA"])
        refused = self.client.post(url, {"as_of": "2020-07-01", "reason": ""})
        self.assertEqual(refused.status_code, 400)
        self.assertIn("reason", refused.context["form"].errors)
        self.assertEqual(Edition.objects.filter(mission=self.minusma).count(), 2)
        published = self.client.post(url, {"as_of": "2020-07-01", "reason": REASON})
        self.assertRedirects(published, reverse("web:editions", args=["MINUSMA"]))
        edition = Edition.objects.get(mission=self.minusma, number=3)
        self.assertEqual((edition.reason, edition.published_by), (REASON, "amadou"))
        self.client.logout()
        page = self.client.get(reverse("web:editions", args=["MINUSMA"]))
        self.assertContains(page, reverse("web:edition-document", args=["MINUSMA", 3, "fr", "pdf"]))

    def test_the_editor_of_another_mission_cannot_publish_it(self):
        self.client.force_login(self.other_editor)
        response = self.client.post(reverse("web:publish", args=["MINUSMA"]), {"as_of": "2020-07-01", "reason": REASON})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Edition.objects.filter(mission=self.minusma).count(), 2)


class ImportHistoryTests(WebTestCase):
    def import_patrols(self, folder: Path, rows: str, mission: str = "MINUSMA"):
        path = folder / "patrols.csv"
        path.write_text("date,component,sector,type,reference\n" + rows, encoding="utf-8")
        result = IMPORTERS["patrols"](path, mission=mission, user=self.editor)
        self.assertTrue(result.ok, result.problems)
        return result

    def test_an_import_whose_rows_a_later_version_all_replaced_stays_in_the_history(self):
        import tempfile

        from missionfacts.web.history import mission_history

        with tempfile.TemporaryDirectory() as folder:
            first = self.import_patrols(Path(folder), "2020-06-01,military,Nord,foot,A-1\n")
            second = self.import_patrols(Path(folder), "2020-06-02,military,Nord,foot,A-2\n")
        self.assertEqual((second.rows_added, second.rows_removed), (1, 1))
        batches = [entry.batch.pk for entry in mission_history(self.minusma, "en") if entry.action == "imported"]
        self.assertIn(first.batch_id, batches)
        self.assertIn(second.batch_id, batches)
        self.assertFalse([entry for entry in mission_history(self.draft_mission, "en") if entry.action == "imported"])


class AdminScopeTests(WebTestCase):
    def strength_form(self, **changes) -> dict:
        data = {"mission": self.minusma.pk, "reported_on": "2020-05-15", "country": "TCD", "personnel_type": "troops",
                "men": 1390, "women": 35, "source": self.strength.source_id, "import_batch": ""}
        return {**data, **changes}

    def test_a_role_gives_the_admin_and_the_groups_it_needs(self):
        self.assertTrue(self.editor.is_staff)
        self.assertEqual(list(self.editor.groups.values_list("name", flat=True).order_by("name")),
                         ["mission editors", "mission readers"])
        self.assertEqual(list(self.reader.groups.values_list("name", flat=True)), ["mission readers"])

    def test_an_editor_changes_a_record_and_the_history_says_who_and_what(self):
        self.client.force_login(self.editor)
        url = reverse("admin:personnel_strength_change", args=[self.strength.pk])
        response = self.client.post(url, self.strength_form(men=1400))
        self.assertEqual(response.status_code, 302)
        entry = self.client.get(reverse("web:history", args=["MINUSMA"])).context["entries"][0]
        self.assertEqual((entry.who, entry.action, entry.what), ("amadou", "changed", "Uniformed strength"))
        self.assertEqual([(c.field, c.old, c.new) for c in entry.changes], [("Men", "1,390", "1,400")])
        record_history = self.client.get(reverse("admin:personnel_strength_history", args=[self.strength.pk]))
        self.assertContains(record_history, "amadou")

    def test_a_deletion_is_in_the_history_with_the_values_it_had(self):
        self.client.force_login(self.editor)
        self.client.post(reverse("admin:personnel_strength_delete", args=[self.strength.pk]), {"post": "yes"})
        self.assertFalse(Strength.objects.filter(pk=self.strength.pk).exists())
        entry = self.client.get(reverse("web:history", args=["MINUSMA"])).context["entries"][0]
        self.assertEqual((entry.action, entry.who), ("deleted", "amadou"))
        self.assertIn(("Men", "1,390", "—"), [(c.field, c.old, c.new) for c in entry.changes])

    def test_the_editor_of_another_mission_can_neither_change_nor_pick_minusma(self):
        self.client.force_login(self.other_editor)
        url = reverse("admin:personnel_strength_change", args=[self.strength.pk])
        self.client.post(url, self.strength_form(men=1))
        self.assertEqual(Strength.objects.get(pk=self.strength.pk).men, 1390)
        form = self.client.get(reverse("admin:personnel_strength_add")).context["adminform"].form
        self.assertEqual(list(form.fields["mission"].queryset), [Mission.objects.get(acronym="MINUDRAFT")])
        created = self.client.post(reverse("admin:personnel_strength_add"),
                                   self.strength_form(reported_on="2020-04-30"))
        self.assertEqual(created.status_code, 200)
        self.assertIn("mission", created.context["adminform"].form.errors)

    def test_a_reader_sees_records_without_changing_them(self):
        self.client.force_login(self.reader)
        url = reverse("admin:personnel_strength_change", args=[self.strength.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.post(url, self.strength_form(men=1)).status_code, 403)
        self.assertEqual(Strength.objects.get(pk=self.strength.pk).men, 1390)

    def test_the_admins_validation_is_the_models(self):
        self.client.force_login(self.editor)
        response = self.client.post(reverse("admin:personnel_strength_add"),
                                    self.strength_form(reported_on="2020-04-30", men=-5))
        self.assertEqual(response.status_code, 200)
        self.assertIn("men", response.context["adminform"].form.errors)


class HistoryWordingTests(WebTestCase):
    """The history names records as people do, writes numbers as the language does, and lists publishing."""

    def a_fatality_count(self, start: date, end: date, **fields) -> FatalityCount:
        # Saved one by one, as the admin and the API do, so with its history.
        return FatalityCount.objects.create(mission=self.minusma, period_start=start, period_end=end, count=41947,
                                            source=self.strength.source, **fields)

    def latest(self, language: str):
        return mission_history(self.minusma, language)[0]

    def test_a_count_over_a_period_is_named_by_its_kind_mission_and_period(self):
        self.a_fatality_count(date(2013, 7, 1), date(2021, 6, 30), incident_type="malicious_act")
        self.assertEqual(self.latest("en").record,
                         "Fatalities of MINUSMA, 1 July 2013 to 30 June 2021 (malicious act)")
        self.assertEqual(self.latest("fr").record,
                         "Décès de la MINUSMA, du 1er juillet 2013 au 30 juin 2021 (acte malveillant)")

    def test_a_count_of_whole_years_is_named_by_its_years(self):
        self.a_fatality_count(date(2013, 1, 1), date(2020, 12, 31))
        self.assertEqual(self.latest("en").record, "Fatalities of MINUSMA, 2013–2020")
        self.assertEqual(self.latest("fr").record, "Décès de la MINUSMA, 2013-2020")

    def test_no_record_is_named_by_its_python_class(self):
        self.a_fatality_count(date(2013, 1, 1), date(2020, 12, 31))
        self.client.force_login(self.editor)
        self.client.post(reverse("admin:personnel_strength_change", args=[self.strength.pk]), {
            "mission": self.minusma.pk, "reported_on": "2020-05-15", "country": "TCD", "personnel_type": "troops",
            "men": 1400, "women": 35, "source": self.strength.source_id, "import_batch": ""})
        page = self.client.get(reverse("web:history", args=["MINUSMA"]))
        self.assertNotContains(page, " object (")
        self.assertContains(page, "Uniformed strength of MINUSMA, 15 May 2020 (Chad, Troops)")
        self.assertContains(page, '<td class="new">Chad</td>')

    def test_numbers_are_written_as_the_language_writes_them(self):
        self.a_fatality_count(date(2013, 1, 1), date(2020, 12, 31))
        counts = {language: [change.new for change in self.latest(language).changes if change.old == "—"]
                  for language in ("fr", "en")}
        self.assertIn("41,947", counts["en"])
        self.assertIn("41\u202f947", counts["fr"])
        self.assertNotIn("41947", counts["en"] + counts["fr"])

    def test_each_published_edition_is_in_the_history_with_who_published_it(self):
        published = [entry for entry in mission_history(self.minusma, "en") if entry.action == "published"]
        self.assertEqual([(entry.who, entry.what, entry.record) for entry in published], [
            ("test", "Edition 2", "the sheet as of 1 July 2020"),
            ("test", "Edition 1", "the sheet as of 29 June 2020")])
        self.client.force_login(self.reader)
        self.assertContains(self.client.get(reverse("web:history", args=["MINUSMA"])), "Edition 2")

    def test_the_editions_page_tells_the_missions_staff_who_published_each_edition(self):
        self.client.force_login(self.reader)
        page = self.client.get(reverse("web:editions", args=["MINUSMA"]))
        self.assertContains(page, "Published by")
        self.assertContains(page, "<td>test</td>", count=2)
        self.client.logout()
        self.assertNotContains(self.client.get(reverse("web:editions", args=["MINUSMA"])), "Published by")


class StaffHomeTests(WebTestCase):
    """The staff home finds a mission among the hundred the UN's files bring, the user's own first."""

    def listed(self, **query) -> list[str]:
        response = self.client.get(reverse("web:staff"), query)
        self.assertEqual(response.status_code, 200)
        return [row.mission.acronym for row in response.context["page"]]

    def test_an_editor_sees_the_missions_of_their_roles(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.listed(), ["MINUSMA"])

    def test_the_list_opens_on_operations_a_page_at_a_time(self):
        self.client.force_login(self.administrator)
        response = self.client.get(reverse("web:staff"))
        operations = Mission.objects.filter(kind=Mission.Kind.PEACEKEEPING).count()
        self.assertGreater(operations, 25)
        self.assertEqual((response.context["found"], len(response.context["page"])), (operations, 25))
        self.assertContains(response, "page=2")

    def test_the_users_own_missions_come_first(self):
        from missionfacts.access.models import MissionRole

        MissionRole.objects.create(user=self.administrator, mission=Mission.objects.get(acronym="UNOCI"),
                                   role=MissionRole.Role.READER)
        self.client.force_login(self.administrator)
        self.assertEqual(self.listed()[0], "UNOCI")
        self.assertEqual(self.listed(mine="on"), ["UNOCI"])

    def test_a_search_finds_by_acronym_name_or_country_without_case_or_accents(self):
        self.client.force_login(self.administrator)
        self.assertEqual(self.listed(q="minurca"), ["MINURCA", "MINURCAT"])
        self.assertIn("UNOCI", self.listed(q="cote d'ivoire"))
        self.assertIn("MINUSMA", self.listed(q="stabilisation mali"))
        self.assertEqual(self.listed(q="no such mission"), [])

    def test_filters_keep_current_or_past_drafts_and_missions_changed_since_their_edition(self):
        self.client.force_login(self.administrator)
        self.assertIn("MINUSMA", self.listed(period="past", q="mali"))
        self.assertNotIn("MINUSMA", self.listed(period="current", q="mali"))
        self.assertEqual(self.listed(status="draft"), ["MINUDRAFT"])
        # The strength and the patrol of the test data were written after MINUSMA's two editions.
        self.assertEqual(self.listed(status="changed"), ["MINUSMA"])
        self.assertNotIn("MINUSMA", self.listed(status="never", q="mali"))

    def test_the_uns_other_entities_are_listed_only_when_asked_for(self):
        a_mission("BINUH", kind=Mission.Kind.OTHER, host_country="HTI")
        self.client.force_login(self.administrator)
        self.assertEqual(self.listed(q="binuh"), [])
        self.assertEqual(self.listed(q="binuh", kind="other"), ["BINUH"])
        self.assertIn("BINUH", self.listed(q="haiti", kind="all"))

    def test_a_filter_value_that_does_not_exist_is_refused_and_named(self):
        self.client.force_login(self.administrator)
        response = self.client.get(reverse("web:staff"), {"period": "someday"})
        self.assertContains(response, "Select a valid choice", status_code=400)

    def test_the_page_says_in_french_how_many_missions_it_found(self):
        self.client.force_login(self.administrator)
        response = self.client.get(reverse("web:staff"), {"q": "minurca"}, HTTP_ACCEPT_LANGUAGE="fr")
        self.assertContains(response, "2 missions")
        self.assertContains(response, "Rechercher")


class StaffListSearchTests(WebTestCase):
    """The checks' findings and the earlier imports are searched like the staff home's missions."""

    def test_a_search_keeps_the_findings_that_hold_its_words(self):
        self.client.force_login(self.reader)
        url = reverse("web:checks", args=["MINUSMA"])
        everything = self.client.get(url, {"as_of": "2020-07-01"}).context["report"]
        self.assertGreaterEqual(len(everything["warnings"]), 2)
        response = self.client.get(url, {"as_of": "2020-07-01", "q": "SITES 13"})
        found = response.context["report"]["warnings"]
        self.assertTrue(found)
        self.assertTrue(all("13 sites" in finding["message"] for finding in found))
        self.assertEqual(response.context["report"]["hidden"], len(everything["warnings"]) - len(found))
        self.assertContains(response, "do not match the search")
        nothing = self.client.get(url, {"as_of": "2020-07-01", "q": "no such word"}).context["report"]
        self.assertEqual(nothing["warnings"], [])

    def test_an_editor_finds_their_earlier_imports_and_only_theirs(self):
        source = self.strength.source
        for name, user in (("patrols-gao.csv", self.editor), ("patrols-kidal.csv", self.other_editor)):
            batch = start_batch("patrols", Path(name), source, user=user, checksum="0" * 64)
            finish_batch(batch, ImportResult(name, "patrols", rows_read=3, rows_added=3))
        self.client.force_login(self.editor)
        listed = [batch.file_name for batch in self.client.get(reverse("web:import")).context["imports"]]
        self.assertEqual(listed, ["patrols-gao.csv"])
        self.assertFalse(self.client.get(reverse("web:import"), {"q": "kidal"}).context["imports"])
        self.client.force_login(self.administrator)
        found = self.client.get(reverse("web:import"), {"q": "KIDAL patrols"}).context["imports"]
        self.assertEqual([batch.file_name for batch in found], ["patrols-kidal.csv"])


class AdminLanguageTests(WebTestCase):
    def test_the_admins_sections_and_records_are_named_in_the_page_language(self):
        self.client.force_login(self.administrator)
        sections = {"en": ["missionfacts records", "Casualties", "Imports and sources", "Fact sheets", "Staff access",
                           "Fatality counts"],
                    "fr": ["Enregistrements de missionfacts", "Pertes", "Importations et sources", "Accès du personnel",
                           "Décomptes de décès"]}
        for language, headings in sections.items():
            with self.subTest(language=language):
                page = self.client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language)
                for heading in headings:
                    self.assertContains(page, heading)
        self.assertNotContains(self.client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fr"), "Casualties")
