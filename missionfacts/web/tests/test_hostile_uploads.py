"""Hostile mission files uploaded at /staff/import/: refused with a report, before they can hold the server."""

from datetime import date
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from missionfacts.imports.reference import REFERENCE_DIR
from missionfacts.imports.tests.test_hostile_yaml import billion_laughs
from missionfacts.personnel.models import ComponentStrength
from missionfacts.web.tests.base import WebTestCase
from missionfacts.web.tests.test_staff_pages import minusma_file

ANCHORED_SOURCE = ("default_source: minusma-fiche-2020\n", "default_source: &fiche minusma-fiche-2020\n")
MILITARY_RAISED = ("military: 12873", "military: 12900")


class HostileUploadTests(WebTestCase):
    def upload(self, file):
        self.client.force_login(self.editor)
        return self.client.post(reverse("web:import"), {"kind": "mission", "file": file, "mission": "MINUSMA"})

    def military_on_1_july_2020(self) -> int:
        return ComponentStrength.objects.get(reported_on=date(2020, 7, 1), component="military").total

    def test_an_editor_uploading_a_file_with_an_anchor_gets_a_report_and_nothing_changes(self):
        text = (REFERENCE_DIR / "minusma.yaml").read_text(encoding="utf-8")
        text = text.replace(*MILITARY_RAISED).replace(*ANCHORED_SOURCE)
        response = self.upload(SimpleUploadedFile("minusma.yaml", text.encode("utf-8")))
        self.assertContains(response, "anchors and aliases (&amp;name, *name) are not allowed", status_code=422)
        problem = response.context["result"].problems[0]
        self.assertEqual((problem.row, problem.column), (5, "default_source"))
        self.assertEqual(self.military_on_1_july_2020(), 12873)

    def test_an_editor_uploading_a_billion_laughs_gets_a_report_naming_its_first_anchor(self):
        bomb = SimpleUploadedFile("laughs.yaml", billion_laughs().encode("utf-8"), content_type="application/yaml")
        response = self.upload(bomb)
        self.assertContains(response, "anchors and aliases (&amp;name, *name) are not allowed", status_code=422)
        self.assertEqual(response.context["result"].problems[0].column, "l0")

    @override_settings(IMPORT_MAX_MISSION_FILE_BYTES=4096)
    def test_a_mission_file_past_its_size_limit_is_refused_before_it_is_read(self):
        with mock.patch("missionfacts.web.uploads.load_with_lines") as parse:
            response = self.upload(minusma_file(MILITARY_RAISED))
        self.assertContains(response, "the mission file is 13 KB; a mission file of at most 4 KB can be imported",
                            status_code=422)
        parse.assert_not_called()
        self.assertEqual(self.military_on_1_july_2020(), 12873)
