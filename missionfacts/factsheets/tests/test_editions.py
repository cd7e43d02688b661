"""Publishing editions: checked first, frozen with their bytes, numbered, and compared with what came later."""

import tempfile
from datetime import date
from pathlib import Path

from django.test import TestCase

from missionfacts.checks.models import RuleSetting
from missionfacts.factsheets.diff import compare, current_version, edition_version
from missionfacts.factsheets.editions import PublicationRefused, publish
from missionfacts.factsheets.models import Edition, EditionDocument, EditionFrozen
from missionfacts.factsheets.tests.sheet_text import pdf_text
from missionfacts.imports.batch import start_batch
from missionfacts.imports.mission_file import import_mission_file
from missionfacts.imports.reference import REFERENCE_DIR, load_reference_data
from missionfacts.missions.models import Mission
from missionfacts.personnel.models import Strength
from missionfacts.testing import a_mission, a_source

AS_OF = date(2020, 7, 1)
REASON = "The key figures are the mission's counts as published; the charts lost their data in extraction."


def corrected_minusma(folder: str) -> Path:
    """The MINUSMA file as a correction would bring it: a new military total and a new patrol count."""
    text = (REFERENCE_DIR / "minusma.yaml").read_text(encoding="utf-8")
    text = text.replace("    military: 12873\n", "    military: 12900\n").replace("count: 244720", "count: 244721")
    path = Path(folder) / "minusma.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def add_contributions(mission: Mission, day: date, men_by_country: dict[str, int]):
    """Per-country rows as a contributions import would write them, with their own import."""
    batch = start_batch("contributions", Path(f"contributions-{day:%Y-%m}.csv"), a_source("un-contributions"),
                        checksum=f"{day:%Y%m}".ljust(64, "0"))
    Strength.objects.bulk_create(
        Strength(mission=mission, reported_on=day, country=country, personnel_type="troops", men=men, women=0,
                 source=batch.source, import_batch=batch)
        for country, men in men_by_country.items()
    )
    return batch


class PublishTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.minusma = Mission.objects.get(acronym="MINUSMA")

    def test_warnings_need_a_reason_and_the_reason_is_kept_with_the_findings_in_both_languages(self):
        with self.assertRaisesMessage(PublicationRefused, "7 warnings for MINUSMA on 2020-07-01: give the reason"):
            publish(self.minusma, AS_OF)
        self.assertFalse(Edition.objects.exists())
        edition = publish(self.minusma, AS_OF, reason=REASON, published_by="editor")
        self.assertEqual((edition.number, edition.as_of, edition.period_end), (1, AS_OF, date(2021, 6, 30)))
        self.assertEqual((edition.reason, edition.published_by), (REASON, "editor"))
        findings = edition.findings_data()["findings"]
        self.assertEqual(len(findings), 7)
        sites = next(f for f in findings if f["rule"] == "stated-count-differs-from-list")
        self.assertTrue(sites["message"]["fr"].startswith("Au 1er juillet 2020, la mission déclare 13 sites"))
        self.assertTrue(sites["message"]["en"].startswith("On 1 July 2020, the mission states 13 sites"))
        self.assertEqual(sorted((d.language, d.format) for d in edition.documents.all()),
                         [(language, kind) for language in ("en", "fr") for kind in ("html", "json", "pdf")])
        self.assertIn("12\u202f873 militaires", pdf_text(edition.document("fr", "pdf")))
        self.assertIn("12,873 military personnel", pdf_text(edition.document("en", "pdf")))
        self.assertEqual(edition.provenance_data()["imports"][0]["file_name"], "minusma.yaml")
        self.assertTrue(edition.is_intact())

    def test_errors_refuse_publication_whatever_the_reason(self):
        RuleSetting.objects.create(mission=self.minusma, rule_id="stated-count-differs-from-list", severity="error")
        with self.assertRaisesMessage(PublicationRefused, "1 error in MINUSMA's records for 2020-07-01"):
            publish(self.minusma, AS_OF, reason=REASON)
        self.assertFalse(Edition.objects.exists())

    def test_editions_are_numbered_one_after_the_other_for_each_mission(self):
        other = a_mission("MINUOTHER")
        other_edition = publish(other, AS_OF, reason="An empty test mission.")
        first = publish(self.minusma, AS_OF, reason=REASON)
        second = publish(self.minusma, date(2020, 8, 1), reason=REASON)
        self.assertEqual((other_edition.number, first.number, second.number), (1, 1, 2))


class FrozenEditionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.minusma = Mission.objects.get(acronym="MINUSMA")
        cls.edition = publish(cls.minusma, AS_OF, reason=REASON)

    def test_a_published_edition_and_its_documents_cannot_be_changed_or_deleted(self):
        edition = Edition.objects.get(pk=self.edition.pk)
        edition.reason = "Another reason."
        with self.assertRaises(EditionFrozen):
            edition.save()
        with self.assertRaises(EditionFrozen):
            edition.delete()
        with self.assertRaises(EditionFrozen):
            Edition.objects.filter(pk=edition.pk).update(reason="Another reason.")
        with self.assertRaises(EditionFrozen):
            Edition.objects.all().delete()
        document = edition.documents.get(language="fr", format="pdf")
        document.content = b"%PDF-forged"
        with self.assertRaises(EditionFrozen):
            document.save()
        with self.assertRaises(EditionFrozen):
            EditionDocument.objects.filter(edition=edition).update(content=b"")
        self.assertEqual(Edition.objects.get(pk=edition.pk).reason, REASON)
        self.assertTrue(Edition.objects.get(pk=edition.pk).is_intact())

    def test_new_data_never_changes_a_published_edition_and_the_next_edition_names_what_moved(self):
        published = {(d.language, d.format): bytes(d.content) for d in self.edition.documents.all()}
        correction = import_mission_file(corrected_minusma(tempfile.mkdtemp()))
        self.assertTrue(correction.ok, correction.problems)
        contributions = add_contributions(self.minusma, date(2020, 6, 30), {"TCD": 1400, "BGD": 1300, "EGY": 1100})

        kept = Edition.objects.get(pk=self.edition.pk)
        self.assertEqual({(d.language, d.format): bytes(d.content) for d in kept.documents.all()}, published)
        self.assertTrue(kept.is_intact())
        self.assertEqual(kept.figures("en")["strength"]["military"]["value"], 12873)

        following = publish(self.minusma, AS_OF, reason=REASON)
        self.assertEqual(following.number, 2)
        self.assertIn("12\u202f900 militaires", pdf_text(following.document("fr", "pdf")))
        changes = {change.path: change for change in compare(edition_version(kept), edition_version(following))}
        self.assertEqual(sorted(changes), ["patrols.military", "sources[un-contributions]", "strength.military",
                                           "top_contributors.military", "top_contributors.military.as_of"])
        strength = changes["strength.military"]
        self.assertEqual((strength.old, strength.new, strength.imports), (12873, 12900, (correction.batch_id,)))
        self.assertEqual((changes["patrols.military"].old, changes["patrols.military"].new), (244720, 244721))
        self.assertEqual(changes["top_contributors.military"].imports, (contributions.pk,))
        self.assertEqual([rank["country"] for rank in changes["top_contributors.military"].new], ["TCD", "BGD", "EGY"])
        self.assertEqual(edition_version(following).imports[correction.batch_id].file_name, "minusma.yaml")
        self.assertEqual(changes["sources[un-contributions]"].old, None)

    def test_against_the_current_data_nothing_moved_until_an_import_does(self):
        self.assertEqual(compare(edition_version(self.edition), current_version(self.minusma, AS_OF, None)), [])
        later = compare(edition_version(self.edition), current_version(self.minusma, date(2021, 1, 1), None))
        self.assertEqual([(c.path, c.old, c.new) for c in later], [("as_of", "2020-07-01", "2021-01-01")])
        import_mission_file(corrected_minusma(tempfile.mkdtemp()))
        changes = compare(edition_version(self.edition), current_version(self.minusma, AS_OF, None))
        self.assertEqual([change.path for change in changes], ["strength.military", "patrols.military"])
