"""The figures of a sheet through the API: the same JSON as the sheet's, with provenance."""

from missionfacts.api.tests.base import ApiTestCase


class FiguresTests(ApiTestCase):
    url = "/api/missions/MINUSMA/figures/"

    def test_it_gives_each_figure_with_its_source(self):
        figures = self.client.get(self.url, {"as_of": "2020-07-01", "lang": "fr"}).json()
        military = figures["strength"]["military"]
        self.assertEqual((military["value"], military["as_of"]), (12873, "2020-07-01"))
        self.assertEqual(military["provenance"][0]["model"], "personnel.ComponentStrength")
        self.assertEqual(military["provenance"][0]["source"], "minusma-fiche-2020")
        self.assertEqual(figures["ceilings"]["military"]["provenance"][0]["source"], "un-sc-14235")

    def test_it_speaks_the_language_asked_for(self):
        english = self.client.get(self.url, {"as_of": "2020-07-01", "lang": "en"}).json()
        self.assertEqual(english["language"], "en")
        self.assertTrue(english["mission_name"].startswith("United Nations Multidimensional"))
        french = self.client.get(self.url, {"as_of": "2020-07-01"}, HTTP_ACCEPT_LANGUAGE="fr").json()
        self.assertEqual(french["language"], "fr")

    def test_a_period_narrows_the_flows(self):
        figures = self.client.get(self.url, {"as_of": "2020-07-01", "period_start": "2020-01-01",
                                             "period_end": "2020-06-30"}).json()
        self.assertEqual(figures["period"], {"start": "2020-01-01", "end": "2020-06-30"})

    def test_a_date_before_the_mission_or_a_malformed_query_is_a_client_error(self):
        for query in ({"as_of": "2010-01-01"}, {"as_of": "July 2020"}, {"lang": "de"},
                      {"period_start": "2020-01-01"}, {"period_start": "2020-06-30", "period_end": "2020-01-01"}):
            with self.subTest(query=query):
                self.assertEqual(self.client.get(self.url, query).status_code, 400)

    def test_an_unknown_mission_is_not_found(self):
        self.assertEqual(self.client.get("/api/missions/NOPE/figures/").status_code, 404)
