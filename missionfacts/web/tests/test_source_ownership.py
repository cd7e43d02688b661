"""Sources belong to what cites them, at /staff/import/ too: an editor's file cannot rewrite another mission's."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from missionfacts.imports.models import Source
from missionfacts.missions.models import Mission
from missionfacts.web.tests.base import WebTestCase

SHEET_TITLE = "MINUSMA, fiche d'information (Résolution 2531), mi-2020"


def draft_file(title: str) -> SimpleUploadedFile:
    """A file about MINUDRAFT, the mission its editor Bintou edits, declaring MINUSMA's fact sheet as its source."""
    text = f"""\
format: missionfacts/mission-1
default_source: minusma-fiche-2020
sources:
  - {{key: minusma-fiche-2020, kind: document, title: "{title}", publisher: MINUSMA, published_on: 2020-07-01,
     url: "https://example.org/minusma"}}
mission:
  acronym: MINUDRAFT
  name: {{fr: Mission brouillon, en: Draft mission}}
"""
    return SimpleUploadedFile("minudraft.yaml", text.encode("utf-8"), content_type="application/yaml")


class UploadSourceOwnershipTests(WebTestCase):
    def test_bintous_file_cannot_retitle_the_source_minusmas_page_cites(self):
        self.client.force_login(self.other_editor)
        response = self.client.post(reverse("web:import"), {
            "kind": "mission", "mission": "MINUDRAFT", "file": draft_file("Rewritten by another mission")})
        self.assertContains(response, "the source &#x27;minusma-fiche-2020&#x27; is also cited by MINUSMA",
                            status_code=422)
        [problem] = response.context["result"].problems
        self.assertEqual((problem.file, problem.row, problem.column), ("minudraft.yaml", 4, "sources[0].title"))
        source = Source.objects.get(key="minusma-fiche-2020")
        self.assertEqual((source.title, source.url), (SHEET_TITLE, ""))
        self.assertEqual(Mission.objects.get(acronym="MINUDRAFT").name_en, "Test mission MINUDRAFT")
