"""The checks on the MINUSMA reference data report the seed's own inconsistencies, and nothing else."""

from datetime import date

from django.test import TestCase

from missionfacts.checks.engine import run_checks
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import Mission

# What the seed itself gets wrong: it states 13 sites and names twelve; its key figures are counts since 2013
# published with the mandate that runs to 30 June 2021, on a sheet dated 1 July 2020; and its two "top 10
# contributing countries" charts lost their content, so no per-country strength is held: the sheet leaves that
# block out, one finding.
EXPECTED = [
    "period-after-sheet-date:fatalities_in_attacks",
    "period-after-sheet-date:patrols.military",
    "period-after-sheet-date:patrols.police",
    "period-after-sheet-date:trainings[mdsf-explosive-threats].trained",
    "period-after-sheet-date:trainings[unpol-trainings].trained",
    "section-without-data:contributors",
    "stated-count-differs-from-list:2020-07-01",
]


class MinusmaReferenceDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.report = run_checks(Mission.objects.get(acronym="MINUSMA"), date(2020, 7, 1))

    def test_it_reports_exactly_the_seeds_own_inconsistencies_as_warnings(self):
        self.assertEqual(self.report.keys, EXPECTED)
        self.assertEqual(self.report.errors, [])

    def test_the_thirteen_sites_stated_against_the_twelve_listed_are_named_in_both_languages(self):
        finding = next(f for f in self.report.findings if f.rule == "stated-count-differs-from-list")
        self.assertEqual(finding.message.render("fr"), "Au 1er juillet 2020, la mission déclare 13 sites mais en "
                                                       "répertorie 12 en service ce jour-là\u00a0; la fiche "
                                                       "indique 13.")
        self.assertEqual(finding.message.render("en"), "On 1 July 2020, the mission states 13 sites but lists 12 in "
                                                       "service that day; the sheet shows 13.")
        self.assertEqual([record.model for record in finding.records], ["missions.StatedSiteCount", "missions.Site"])
        self.assertEqual(len(finding.records[1].ids), 12)
        self.assertIn("Mopti-Sévaré", finding.records[1].label.render("fr"))

    def test_the_key_figures_running_to_2021_name_the_counts_they_come_from(self):
        finding = next(f for f in self.report.findings if f.key == "period-after-sheet-date:patrols.military")
        self.assertEqual(finding.message.render("fr"), "Patrouilles militaires\u00a0: le chiffre porte sur la période "
                         "du 1er juillet 2013 au 30 juin 2021, qui s'achève après la date de la fiche (1er juillet "
                         "2020).")
        [count] = finding.records
        self.assertEqual(count.model, "activities.PatrolCount")
        self.assertEqual(count.label.render("en"), "published count for 1 July 2013 to 30 June 2021: 244,720")
