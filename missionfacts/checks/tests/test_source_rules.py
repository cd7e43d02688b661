"""Two sources for the same fact: published counts against individual records, two imports of one month."""

from datetime import date
from pathlib import Path

from missionfacts.activities.models import Patrol, PatrolCount, Training, TrainingCount, TrainingProgramme
from missionfacts.casualties.models import Fatality, FatalityCount
from missionfacts.checks.tests.base import RuleTestCase
from missionfacts.figures.values import Period
from missionfacts.imports.batch import start_batch
from missionfacts.imports.models import ImportBatch

RULE = "sources-disagree"
FIRST_HALF = (date(2020, 1, 1), date(2020, 6, 30))


class PublishedCountAgainstRecordsTests(RuleTestCase):
    def a_file(self, covers_from=FIRST_HALF[0], covers_to=FIRST_HALF[1], kind="patrols") -> ImportBatch:
        """An import that holds the records of its period completely."""
        return ImportBatch.objects.create(kind=kind, file_name=f"{kind}.csv", checksum="0" * 64, source=self.source,
                                          covers_from=covers_from, covers_to=covers_to)

    def patrols(self, how_many: int, month: int = 1, batch: ImportBatch | None = None) -> None:
        Patrol.objects.bulk_create(
            Patrol(mission=self.mission, patrolled_on=date(2020, month, 1 + index % 28), component="military",
                   source=self.source, import_batch=batch)
            for index in range(how_many)
        )

    def published_patrols(self, count: int) -> PatrolCount:
        return PatrolCount.objects.create(mission=self.mission, component="military", count=count,
                                          period_start=FIRST_HALF[0], period_end=FIRST_HALF[1], source=self.source)

    def test_a_count_and_records_covering_its_period_that_disagree_show_both_and_the_sheet_shows_the_count(self):
        self.published_patrols(100)
        self.patrols(90, batch=self.a_file())
        finding = self.only(RULE, period=Period(*FIRST_HALF))
        self.assertEqual((finding.key, finding.severity),
                         ("sources-disagree:patrols.military:2020-01-01:2020-06-30", "warning"))
        self.assertEqual(finding.message.render("en"),
                         "Military patrols, 1 January 2020 to 30 June 2020: the published count is 100, the individual "
                         "records count 90; the sheet uses the published count.")
        self.assertEqual(len(finding.records[1].ids), 90)

    def test_records_of_one_month_are_not_a_second_answer_to_a_count_of_six(self):
        self.published_patrols(100)
        self.patrols(5, month=6)
        self.assertEqual(self.keys(RULE), [])

    def test_records_covering_more_than_the_count_are_named_with_the_sheets_number_and_period(self):
        self.published_patrols(100)
        self.patrols(90, batch=self.a_file(date(2020, 1, 1), date(2020, 12, 31)))
        self.patrols(7, month=9)
        year = Period(date(2020, 1, 1), date(2020, 12, 31))
        finding = self.only(RULE, period=year, as_of=date(2021, 1, 1))
        self.assertEqual(finding.message.render("en"),
                         "Military patrols, 1 January 2020 to 30 June 2020: the published count is 100, the individual "
                         "records count 90; the sheet uses the individual records, which cover more of its period: "
                         "97 from 1 January 2020 to 31 December 2020.")
        self.assertEqual(finding.values["shown"], {"value": 97, "start": "2020-01-01", "end": "2020-12-31"})

    def test_when_no_record_was_known_by_the_sheets_date_the_sheet_is_said_to_use_the_count(self):
        self.published_patrols(100)
        self.patrols(90, month=3, batch=self.a_file())
        finding = self.only(RULE, period=Period(*FIRST_HALF), as_of=date(2020, 1, 15))
        self.assertEqual(finding.values["used"], "count")

    def test_a_count_that_matches_its_records_or_has_none_beside_it_is_not_reported(self):
        self.published_patrols(90)
        self.assertEqual(self.keys(RULE), [])
        self.patrols(90, batch=self.a_file())
        self.assertEqual(self.keys(RULE), [])

    def test_fatalities_are_compared_by_incident_type(self):
        FatalityCount.objects.create(mission=self.mission, incident_type="malicious_act", count=3,
                                     period_start=FIRST_HALF[0], period_end=FIRST_HALF[1], source=self.source)
        # As the UN's file: complete from its first record up to its last update.
        batch = self.a_file(None, date(2024, 3, 31), kind="un-fatalities")
        for incident_type in ("malicious_act", "malicious_act", "accident"):
            Fatality.objects.create(mission=self.mission, died_on=date(2020, 3, 1), personnel_category="military",
                                    incident_type=incident_type, source=self.source, import_batch=batch)
        finding = self.only(RULE)
        self.assertEqual(finding.key, "sources-disagree:fatalities:malicious_act:all:2020-01-01:2020-06-30")
        self.assertEqual((finding.values["published"], finding.values["records"]), (3, 2))

    def test_a_training_count_is_compared_with_the_persons_of_its_sessions(self):
        programme = TrainingProgramme.objects.create(mission=self.mission, key="ied", audience_fr="a",
                                                     audience_en="a", subject_fr="déminage", subject_en="demining",
                                                     counts="persons", source=self.source)
        TrainingCount.objects.create(mission=self.mission, programme=programme, count=40, women=5,
                                     period_start=FIRST_HALF[0], period_end=FIRST_HALF[1], source=self.source)
        Training.objects.create(mission=self.mission, programme=programme, held_on=date(2020, 2, 1), trained=40,
                                women=4, source=self.source, import_batch=self.a_file(kind="trainings"))
        self.assertEqual(self.keys(RULE), ["sources-disagree:trainings[ied]:2020-01-01:2020-06-30:women"])
        self.assertTrue(self.only(RULE).message.render("en").startswith("Training “demining”, women, 1 January"))


class SameMonthFromTwoImportsTests(RuleTestCase):
    def batch(self, name: str):
        return start_batch("contributions", Path(name), self.source, checksum=name.ljust(64, "0"))

    def test_two_imports_giving_the_same_month_different_strength_are_reported(self):
        self.row(date(2020, 6, 15), "TCD", "troops", 1000, batch=self.batch("june-early.csv"))
        self.row(date(2020, 6, 30), "TCD", "troops", 1100, batch=self.batch("june-late.csv"))
        finding = self.only(RULE)
        self.assertEqual(finding.key, "sources-disagree:strength.military:2020-06")
        message = finding.message.render("en")
        self.assertIn("for June 2020 reported twice: 1,000 on 15 June 2020 (import #", message)
        self.assertIn("june-late.csv", message)
        self.assertTrue(message.endswith("figures use the later report."))

    def test_two_reports_of_one_month_from_the_same_import_or_agreeing_are_not_reported(self):
        batch = self.batch("june.csv")
        self.row(date(2020, 6, 15), "TCD", "troops", 1000, batch=batch)
        self.row(date(2020, 6, 30), "TCD", "troops", 1100, batch=batch)
        self.row(date(2020, 5, 15), "TCD", "troops", 1000, batch=self.batch("may-early.csv"))
        self.row(date(2020, 5, 30), "TCD", "troops", 1000, batch=self.batch("may-late.csv"))
        self.assertEqual(self.keys(RULE), [])
