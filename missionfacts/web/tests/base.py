"""The named actors of access.testing on the web pages, and MINUSMA with two published editions.

Editions are made here from the sheet's real figures JSON, without rendering PDFs (publishing itself is tested
once, in test_staff_pages), so that every test can compare or download them quickly.
"""

import json
from datetime import date

from django.core.cache import cache
from django.test import Client

from missionfacts.access.testing import RolesTestCase
from missionfacts.activities.models import Patrol
from missionfacts.factsheets.editions import figures_json
from missionfacts.factsheets.models import Edition, EditionDocument
from missionfacts.figures.sheet import compute_sheet
from missionfacts.missions.models import Mission, Sector
from missionfacts.personnel.models import Strength
from missionfacts.testing import a_source

FIRST_EDITION_AS_OF = date(2020, 6, 29)
SECOND_EDITION_AS_OF = date(2020, 7, 1)


def an_edition(mission: Mission, number: int, as_of: date) -> Edition:
    sheet = compute_sheet(mission, as_of)
    edition = Edition.objects.create(
        mission=mission, number=number, as_of=as_of, period_start=sheet.period.start, period_end=sheet.period.end,
        published_by="test", provenance=json.dumps({"imports": [], "sources": []}),
        findings=json.dumps({"findings": [], "switched_off": []}), checksum="0" * 64,
    )
    for language in ("fr", "en"):
        documents = {"json": figures_json(sheet, language), "html": f"<p>{mission.acronym} {number}</p>".encode(),
                     "pdf": b"%PDF-1.4 test edition"}
        for kind, content in documents.items():
            EditionDocument.objects.create(edition=edition, language=language, format=kind, content=content,
                                           sha256="0" * 64)
    return edition


class WebTestCase(RolesTestCase):
    client_class = Client

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        source = a_source()
        cls.first_edition = an_edition(cls.minusma, 1, FIRST_EDITION_AS_OF)
        cls.second_edition = an_edition(cls.minusma, 2, SECOND_EDITION_AS_OF)
        cls.strength = Strength.objects.create(mission=cls.minusma, reported_on=date(2020, 5, 15), country="TCD",
                                               personnel_type="troops", men=1390, women=35, source=source)
        # After the sheets' date, so that the sheets still count the published number of patrols.
        cls.patrol = Patrol.objects.create(
            mission=cls.minusma, patrolled_on=date(2020, 8, 14), component="military",
            sector=Sector.objects.get(mission=cls.minusma, key="nord"), reference="PAT-2020-0502-01", source=source)
        cls.draft_strength = Strength.objects.create(mission=cls.draft_mission, reported_on=date(2020, 5, 31),
                                                     country="SEN", personnel_type="troops", men=100, women=10,
                                                     source=source)

    def setUp(self):
        super().setUp()
        # Each test rolls the data versions back to the class's, under which an earlier test may have cached a
        # page: start from an empty cache, so that every test sees its first request computed (and its context).
        cache.clear()
        # Pages in English unless a test asks for French (the site's default language).
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def act_as(self, actor: str) -> None:
        """Send the following requests signed in as the actor (signed out for "anonymous")."""
        self.client.logout()
        if actor != "anonymous":
            self.client.force_login(getattr(self, actor))
