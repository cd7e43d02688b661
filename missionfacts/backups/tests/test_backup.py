"""Backup and restore: the data comes back whole, with the same figures, and a bad archive is refused."""

import hashlib
import json
import random
import shutil
import tempfile
import zipfile
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from missionfacts.access.models import MissionRole
from missionfacts.activities.models import Patrol, PatrolDay, Training, TrainingParticipation, TrainingProgramme
from missionfacts.backups.archive import _delete_everything
from missionfacts.backups.catalogue import entries
from missionfacts.backups.checking import read_manifest
from missionfacts.casualties.models import Fatality
from missionfacts.factsheets.json_output import sheet_as_json
from missionfacts.factsheets.models import Edition, EditionDocument, edition_checksum
from missionfacts.figures.sheet import compute_sheet
from missionfacts.imports.models import ImportBatch
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import Ceiling, Mission, Resolution, Sector, Site
from missionfacts.personnel.models import Strength
from missionfacts.testing import a_mission, a_source

SHEETS = (("MINUSMA", date(2020, 7, 1)), ("MINUGEN", date(2021, 6, 30)), ("MINUGEN", date(2020, 3, 15)))


def generate_records() -> Mission:
    """A mission with two years of the records the sheet is computed from, as an import would leave them."""
    generator = random.Random(6)
    source = a_source("generated")
    mission = a_mission("MINUGEN", started_on=date(2019, 7, 1))
    resolution = Resolution.objects.create(mission=mission, number=9001, adopted_on=date(2019, 6, 20),
                                           mandate_ends_on=date(2022, 6, 30), source=source)
    Ceiling.objects.create(resolution=resolution, scope="military", authorised=12000)
    Ceiling.objects.create(resolution=resolution, scope="police", authorised=1900)
    sector = Sector.objects.create(mission=mission, key="est", name_fr="Est", name_en="East", source=source)
    Site.objects.create(mission=mission, sector=sector, name="Gao", latitude=16.27, longitude=-0.04,
                        valid_from=date(2019, 7, 1), source=source)
    batch = ImportBatch.objects.create(kind="un-contributions", file_name="generated.csv", checksum="0" * 64,
                                       source=source)
    day, strength = date(2019, 7, 31), []
    while day < date(2021, 7, 1):
        for country in ("BFA", "TCD", "SEN", "EGY", "BGD", "CHN", "TGO", "NER", "GIN", "CIV"):
            for kind in ("troops", "staff_officer", "formed_police_unit", "individual_police"):
                strength.append(Strength(mission=mission, reported_on=day, country=country, personnel_type=kind,
                                         men=generator.randint(5, 900), women=generator.randint(0, 40),
                                         source=source, import_batch=batch))
        day = (day + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    Strength.objects.bulk_create(strength)
    Patrol.objects.bulk_create(
        Patrol(mission=mission, patrolled_on=date(2019, 7, 1) + timedelta(days=generator.randint(0, 700)),
               component=generator.choice(["military", "police"]), sector=sector, reference=f"P-{index}",
               source=source)
        for index in range(1500)
    )
    programme = TrainingProgramme.objects.create(mission=mission, key="unpol", audience_fr="policiers",
                                                 audience_en="police officers", subject_fr="droits humains",
                                                 subject_en="human rights", counts="persons", source=source)
    for index in range(30):
        training = Training.objects.create(mission=mission, programme=programme, source=source,
                                           held_on=date(2019, 8, 1) + timedelta(days=20 * index))
        TrainingParticipation.objects.bulk_create(
            TrainingParticipation(training=training, participant_ref=f"P-{generator.randint(1, 200)}-{seat}",
                                  sex=generator.choice("FM"))
            for seat in range(12)
        )
    Fatality.objects.bulk_create(
        Fatality(mission=mission, died_on=date(2019, 8, 1) + timedelta(days=generator.randint(0, 600)),
                 casualty_id=f"GEN-{index}", personnel_category="military", incident_type="malicious_act",
                 nationality="TCD", sex="M", source=source)
        for index in range(25)
    )
    return mission


def publish_edition(mission: Mission) -> Edition:
    """An edition with documents of every byte value, as published editions hold PDFs."""
    documents = {("fr", "pdf"): bytes(range(256)) * 40, ("en", "json"): '{"é": 1}'.encode()}
    digests = {key: hashlib.sha256(content).hexdigest() for key, content in documents.items()}
    edition = Edition.objects.create(
        mission=mission, number=1, as_of=date(2021, 6, 30), period_start=date(2019, 7, 1),
        period_end=date(2021, 6, 30), provenance="{}", findings="{}", reason="",
        checksum=edition_checksum(digests, "{}", "{}", ""),
    )
    for (language, format), content in documents.items():
        EditionDocument.objects.create(edition=edition, language=language, format=format, content=content,
                                       sha256=digests[(language, format)])
    return edition


class BackupTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        mission = generate_records()
        publish_edition(mission)
        editor = User.objects.create_user("amadou", "amadou@example.org", "a-long-password-1")
        editor.user_permissions.add(Permission.objects.get(codename="change_mission"))
        MissionRole.objects.create(user=editor, mission=mission, role=MissionRole.Role.EDITOR)

    def setUp(self):
        # The messages are checked in English, the source language.
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        self.folder = Path(tempfile.mkdtemp(prefix="missionfacts-backup-"))
        self.addCleanup(shutil.rmtree, self.folder)
        self.archive = self.folder / "backup.zip"

    def sheets(self) -> list[str]:
        return [json.dumps(sheet_as_json(compute_sheet(Mission.objects.get(acronym=acronym), as_of), "fr"),
                           sort_keys=True, default=str)
                for acronym, as_of in SHEETS]

    def counts(self) -> dict[str, int]:
        return {entry.label: entry.model._base_manager.count() for entry in entries()}

    def backup(self) -> None:
        call_command("backup", output=str(self.archive), stdout=_Quiet(), stderr=_Quiet())


class RoundTripTests(BackupTestCase):
    def test_a_restored_database_gives_the_same_sheet_figures_and_rows(self):
        sheets, counts = self.sheets(), self.counts()
        self.backup()
        call_command("restore", str(self.archive), replace=True, stdout=_Quiet(), stderr=_Quiet())
        self.assertEqual(self.counts(), counts)
        self.assertEqual(self.sheets(), sheets)

    def test_the_daily_patrol_summary_is_computed_again_not_archived(self):
        summary = sorted(PatrolDay.objects.values_list("mission_id", "component", "day", "sector_id", "source_id",
                                                       "import_batch_id", "patrols"))
        self.assertEqual(sum(row[-1] for row in summary), Patrol.objects.count())
        self.backup()
        self.assertNotIn("activities.PatrolDay", [model["label"] for model in read_manifest(self.archive)["models"]])
        PatrolDay.objects.all().delete()
        call_command("restore", str(self.archive), replace=True, stdout=_Quiet(), stderr=_Quiet())
        self.assertEqual(sorted(PatrolDay.objects.values_list("mission_id", "component", "day", "sector_id",
                                                              "source_id", "import_batch_id", "patrols")), summary)

    def test_it_restores_into_an_empty_database(self):
        sheets = self.sheets()
        self.backup()
        _delete_everything(entries(), "default")
        self.assertFalse(Mission.objects.exists())
        call_command("restore", str(self.archive), stdout=_Quiet(), stderr=_Quiet())
        self.assertEqual(self.sheets(), sheets)

    def test_published_editions_come_back_byte_for_byte(self):
        self.backup()
        call_command("restore", str(self.archive), replace=True, stdout=_Quiet(), stderr=_Quiet())
        edition = Edition.objects.get(mission__acronym="MINUGEN", number=1)
        self.assertTrue(edition.is_intact())
        self.assertEqual(edition.document("fr", "pdf"), bytes(range(256)) * 40)

    def test_users_keep_their_roles_and_permissions(self):
        call_command("backup", output=str(self.archive), include_secrets=True, stdout=_Quiet(), stderr=_Quiet())
        call_command("restore", str(self.archive), replace=True, stdout=_Quiet(), stderr=_Quiet())
        editor = User.objects.get(username="amadou")
        self.assertTrue(editor.check_password("a-long-password-1"))
        self.assertTrue(editor.has_perm("missions.change_mission"))
        self.assertEqual(editor.mission_roles.get().mission.acronym, "MINUGEN")

    def test_new_records_after_a_restore_get_new_ids(self):
        self.backup()
        call_command("restore", str(self.archive), replace=True, stdout=_Quiet(), stderr=_Quiet())
        highest = Mission.objects.order_by("-pk").first().pk
        self.assertGreater(a_mission("MINUAFTER").pk, highest)


class ArchiveTests(BackupTestCase):
    def test_the_archive_lists_every_model_once_each_after_what_it_refers_to(self):
        self.backup()
        manifest = read_manifest(self.archive)
        labels = [model["label"] for model in manifest["models"]]
        self.assertEqual(len(labels), len(set(labels)))
        self.assertLess(labels.index("missions.Mission"), labels.index("personnel.Strength"))
        self.assertLess(labels.index("factsheets.Edition"), labels.index("factsheets.EditionDocument"))
        self.assertNotIn("sessions.Session", labels)
        self.assertNotIn("contenttypes.ContentType", labels)
        strength = next(model for model in manifest["models"] if model["label"] == "personnel.Strength")
        self.assertEqual(strength["rows"], Strength.objects.count())
        self.assertIn("missions", manifest["migrations"])

    def test_the_archive_is_portable_json_lines(self):
        self.backup()
        with zipfile.ZipFile(self.archive) as archive:
            first = json.loads(archive.open("data/missions.mission.jsonl").readline())
        manifest = read_manifest(self.archive)
        columns = next(model["columns"] for model in manifest["models"] if model["label"] == "missions.Mission")
        first_mission = Mission.objects.order_by("pk").first()
        self.assertEqual(dict(zip(columns, first, strict=True))["acronym"], first_mission.acronym)


class RefusalTests(BackupTestCase):
    def test_it_refuses_a_database_that_holds_data_unless_told_to_replace_it(self):
        self.backup()
        counts = self.counts()
        with self.assertRaisesMessage(CommandError, "--replace"):
            call_command("restore", str(self.archive), stdout=_Quiet(), stderr=_Quiet())
        self.assertEqual(self.counts(), counts)

    def test_it_refuses_a_tampered_archive_and_writes_nothing(self):
        self.backup()
        tampered = self.folder / "tampered.zip"
        with zipfile.ZipFile(self.archive) as original, zipfile.ZipFile(tampered, "w") as copy:
            for member in original.namelist():
                content = original.read(member)
                if member == "data/personnel.strength.jsonl":
                    content = content.replace(b",900,", b",901,", 1) if b",900," in content else content + b"[]\n"
                copy.writestr(member, content)
        counts = self.counts()
        with self.assertRaisesMessage(CommandError, "data/personnel.strength.jsonl in tampered.zip does not match "
                                                    "its checksum"):
            call_command("restore", str(tampered), replace=True, stdout=_Quiet(), stderr=_Quiet())
        self.assertEqual(self.counts(), counts)

    def test_it_refuses_a_file_that_is_not_an_archive(self):
        not_an_archive = self.folder / "notes.zip"
        not_an_archive.write_text("hello")
        with self.assertRaisesMessage(CommandError, "not a readable backup archive"):
            call_command("restore", str(not_an_archive), stdout=_Quiet(), stderr=_Quiet())

    def test_it_refuses_an_archive_of_another_schema(self):
        self.backup()
        altered = self.folder / "older.zip"
        with zipfile.ZipFile(self.archive) as original, zipfile.ZipFile(altered, "w") as copy:
            for member in original.namelist():
                content = original.read(member)
                if member == "manifest.json":
                    manifest = json.loads(content)
                    manifest["migrations"]["missions"].append("9999_from_the_future")
                    content = json.dumps(manifest).encode()
                copy.writestr(member, content)
        # The changed manifest no longer matches its signature: trusted here, to reach the schema's check.
        with self.assertRaisesMessage(CommandError, "another version of the database schema"):
            call_command("restore", str(altered), replace=True, trust_unsigned_archive=True, stdout=_Quiet(),
                         stderr=_Quiet())


class _Quiet:
    """A stream that keeps nothing, for the commands' progress and summary."""

    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass
