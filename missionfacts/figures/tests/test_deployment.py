from datetime import date

from django.test import TestCase

from missionfacts.figures.deployment import deployment_on, site_count_on
from missionfacts.missions.models import Sector, Site, StatedSiteCount
from missionfacts.testing import a_mission, a_source


class DeploymentOnTests(TestCase):
    def setUp(self):
        self.mission, self.source = a_mission(), a_source()
        self.ouest = self.sector("ouest", "Secteur Ouest", position=3)
        self.nord = self.sector("nord", "Secteur Nord", position=1)

    def sector(self, key, name, position=0, valid_from=None, valid_to=None):
        return Sector.objects.create(mission=self.mission, key=key, name_fr=name, name_en=name, position=position,
                                     valid_from=valid_from, valid_to=valid_to, source=self.source)

    def site(self, sector, name, places="", valid_from=None, valid_to=None):
        return Site.objects.create(mission=self.mission, sector=sector, name=name, places=places, latitude=15,
                                   longitude=-3, valid_from=valid_from, valid_to=valid_to, source=self.source)

    def test_sectors_come_in_their_order_with_their_sites(self):
        self.site(self.ouest, "Tombouctou")
        self.site(self.nord, "Kidal")
        self.site(self.nord, "Tessalit")
        sectors = deployment_on(self.mission, date(2020, 7, 1)).value
        self.assertEqual([s.key for s in sectors], ["nord", "ouest"])
        self.assertEqual([site.name for site in sectors[0].sites], ["Kidal", "Tessalit"])

    def test_a_sheet_for_2016_shows_the_deployment_of_2016(self):
        centre = self.sector("centre", "Secteur Centre", position=5, valid_from=date(2019, 1, 1))
        self.site(self.ouest, "Mopti-Sévaré", valid_to=date(2018, 12, 31))
        self.site(centre, "Mopti-Sévaré", valid_from=date(2019, 1, 1))
        in_2016 = deployment_on(self.mission, date(2016, 6, 30)).value
        in_2020 = deployment_on(self.mission, date(2020, 6, 30)).value
        self.assertEqual([(s.key, [x.name for x in s.sites]) for s in in_2016], [("ouest", ["Mopti-Sévaré"])])
        self.assertEqual([(s.key, [x.name for x in s.sites]) for s in in_2020], [("centre", ["Mopti-Sévaré"])])

    def test_a_closed_site_is_gone_the_day_after_it_closes(self):
        self.site(self.nord, "Tessalit", valid_to=date(2020, 6, 30))
        self.site(self.nord, "Kidal")
        self.assertEqual(len(deployment_on(self.mission, date(2020, 6, 30)).value[0].sites), 2)
        self.assertEqual(len(deployment_on(self.mission, date(2020, 7, 1)).value[0].sites), 1)

    def test_twin_places_count_as_one_site(self):
        self.site(self.ouest, "Mopti-Sévaré", places="Mopti, Sévaré")
        deployment = deployment_on(self.mission, date(2020, 7, 1))
        self.assertEqual(deployment.value[0].sites[0].places, ("Mopti", "Sévaré"))
        self.assertEqual(site_count_on(self.mission, date(2020, 7, 1), deployment).value, 1)

    def test_the_stated_count_is_shown_while_the_deployment_is_unchanged(self):
        self.site(self.nord, "Kidal")
        StatedSiteCount.objects.create(mission=self.mission, stated_on=date(2020, 7, 1), sites=13, source=self.source)
        deployment = deployment_on(self.mission, date(2020, 8, 1))
        self.assertEqual(site_count_on(self.mission, date(2020, 8, 1), deployment).value, 13)

    def test_the_sites_are_counted_once_a_site_opened_after_the_stated_count(self):
        self.site(self.nord, "Kidal")
        self.site(self.nord, "Léré", valid_from=date(2021, 1, 1))
        StatedSiteCount.objects.create(mission=self.mission, stated_on=date(2020, 7, 1), sites=13, source=self.source)
        deployment = deployment_on(self.mission, date(2021, 6, 1))
        self.assertEqual(site_count_on(self.mission, date(2021, 6, 1), deployment).value, 2)

    def test_no_site_is_not_available(self):
        self.assertFalse(deployment_on(self.mission, date(2020, 7, 1)).available)
