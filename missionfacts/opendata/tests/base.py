"""What the fetch tests share: the reference data and actors, a home folder of their own, the command."""

import os
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.test import override_settings

from missionfacts.access.testing import RolesTestCase
from missionfacts.casualties.models import Fatality
from missionfacts.imports.tests.helpers import database_content
from missionfacts.opendata.tests.replay import PER_PAGE, RecordedDataHub, replaying
from missionfacts.personnel.models import Strength

# The commands speak the language of the locale (LC_ALL first); the tests that read their words read English.
ENGLISH_LOCALE = {"LC_ALL": "en_US.UTF-8"}


class FetchTestCase(RolesTestCase):
    """RolesTestCase (MINUSMA from the shipped reference data) with MISSIONFACTS_HOME in a fresh folder."""

    def setUp(self):
        super().setUp()
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.home = Path(folder.name)
        self.downloads = self.home / "downloads"
        settings = override_settings(HOME=self.home)
        settings.enable()
        self.addCleanup(settings.disable)

    def fetch(self, *arguments: str, hub: RecordedDataHub | None = None) -> str:
        """Run `missionfacts fetch` against the recorded Data Hub (or `hub`); what it wrote to stdout."""
        out = StringIO()
        # The command speaks the locale's language; these tests read its English.
        with replaying(hub or RecordedDataHub()), mock.patch.dict(os.environ, ENGLISH_LOCALE):
            call_command("fetch", *arguments, "--per-page", str(PER_PAGE), stdout=out, stderr=StringIO())
        return out.getvalue()

    @staticmethod
    def strength_rows() -> set[tuple]:
        return set(Strength.objects.values_list("mission__acronym", "reported_on", "country", "personnel_type",
                                                "men", "women"))

    @staticmethod
    def fatality_rows() -> set[tuple]:
        return set(Fatality.objects.values_list("casualty_id", "mission__acronym", "died_on", "personnel_category",
                                                "incident_type", "sex", "nationality"))

    @staticmethod
    def data() -> dict:
        return database_content()
