"""A key figure covering only part of the sheet's period is printed with its own period, in both languages."""

from datetime import date

from django.test import SimpleTestCase, TestCase
from django.utils import translation

from missionfacts.activities.models import Patrol, PatrolCount
from missionfacts.factsheets import wording
from missionfacts.factsheets.render import render_html
from missionfacts.factsheets.tests.sheet_text import html_text
from missionfacts.figures.sheet import compute_sheet
from missionfacts.figures.values import Figure, Period
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import Mission, Site
from missionfacts.testing import a_source


class PartialFigureTests(TestCase):
    """MINUSMA holds the patrols of June 2020 only, and no published patrol count."""

    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        minusma = Mission.objects.get(acronym="MINUSMA")
        PatrolCount.objects.filter(mission=minusma).delete()
        kidal = Site.objects.get(mission=minusma, name="Kidal")
        for day in (2, 9, 21):
            Patrol.objects.create(mission=minusma, patrolled_on=date(2020, 6, day), component="military",
                                  sector=kidal.sector, site=kidal, source=a_source())
        sheet = compute_sheet(minusma, date(2020, 7, 1))
        cls.french, cls.english = html_text(render_html(sheet, "fr")), html_text(render_html(sheet, "en"))

    def test_the_patrols_are_worded_with_their_month(self):
        self.assertIn("3 military patrols in June 2020", self.english)
        self.assertIn("3 patrouilles militaires en juin 2020", self.french)

    def test_the_heading_keeps_the_period_of_the_other_key_figures(self):
        self.assertIn("1 July 2013 to 30 June 2021:", self.english)
        self.assertIn("1er juillet 2013 au 30 juin 2021", self.french)

    def test_figures_of_the_headings_period_are_not_given_a_period_of_their_own(self):
        self.assertIn("including 27 women.", self.english)
        self.assertNotIn("women from 1 July 2013", self.english)


class OwnPeriodWordingTests(SimpleTestCase):
    MANDATE = Period(date(2013, 7, 1), date(2021, 6, 30))

    def worded(self, language, figure):
        with translation.override(language):
            return html_text(str(wording.fatalities_in_attacks(figure, "MINUSMA", self.MANDATE)))

    def test_fatalities_of_one_year_name_their_year(self):
        figure = Figure(value=12, unit="persons", period=Period(date(2019, 1, 1), date(2019, 12, 31)))
        self.assertEqual(self.worded("en", figure), "12 members of MINUSMA personnel were killed in attacks in 2019.")
        self.assertEqual(self.worded("fr", figure),
                         "12 membres du personnel de la MINUSMA ont été tués lors d'attaques en 2019.")

    def test_fatalities_of_a_fiscal_year_name_its_first_and_last_days(self):
        figure = Figure(value=1, unit="persons", period=Period(date(2019, 7, 1), date(2020, 6, 30)))
        self.assertEqual(self.worded("en", figure),
                         "1 member of MINUSMA personnel was killed in attacks from 1 July 2019 to 30 June 2020.")
        self.assertEqual(self.worded("fr", figure), "1 membre du personnel de la MINUSMA a été tué lors d'attaques "
                                                    "du 1er juillet 2019 au 30 juin 2020.")

    def test_fatalities_of_the_headings_period_keep_since_their_first_month(self):
        figure = Figure(value=135, unit="persons", period=self.MANDATE)
        self.assertEqual(self.worded("en", figure),
                         "135 members of MINUSMA personnel have been killed in attacks since July 2013.")
