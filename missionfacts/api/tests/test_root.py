"""The API's root tells a newcomer what missionfacts is, where the sheet's figures are, and the data's licence."""

from missionfacts.api.tests.base import ApiTestCase


class RootTests(ApiTestCase):
    def test_the_root_describes_the_product_not_the_framework(self):
        response = self.client.get("/api/", HTTP_ACCEPT_LANGUAGE="en")
        root = response.json()
        self.assertEqual(response.status_code, 200)
        self.assertIn("UN peacekeeping operations", root["about"])
        self.assertIn("CC BY 3.0 IGO", root["licence"])
        self.assertTrue(root["schema"].endswith("/api/schema/"))
        self.assertTrue(root["docs"].endswith("/api/docs/"))
        self.assertTrue(root["sheet"]["example"].endswith("/api/missions/MINUSMA/figures/?as_of=2020-06-30&lang=en"))
        self.assertTrue(root["records"]["endpoints"]["strength"].endswith("/api/strength/"))

    def test_the_sheet_example_answers_with_figures(self):
        example = self.client.get("/api/", HTTP_ACCEPT_LANGUAGE="en").json()["sheet"]["example"]
        self.assertEqual(self.client.get(example).status_code, 200)

    def test_the_browsable_root_has_no_stock_text(self):
        page = self.client.get("/api/", HTTP_ACCEPT="text/html", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertNotIn("The default basic root view", page)
        self.assertIn("missionfacts API", page)
        self.assertIn("computes the figures of each operation", page)

    def test_the_root_speaks_french_when_asked(self):
        root = self.client.get("/api/", {"lang": "fr"}).json()
        self.assertIn("opérations de maintien de la paix", root["about"])
        self.assertTrue(root["sheet"]["example"].endswith("lang=fr"))

    def test_an_unknown_address_answers_json_in_the_requests_language_pointing_to_the_root(self):
        for language, words in (("en", "No endpoint at this address"), ("fr", "Aucun point d’accès")):
            with self.subTest(language=language):
                response = self.client.get("/api/no-such-list/", HTTP_ACCEPT_LANGUAGE=language)
                self.assertEqual(response.status_code, 404)
                self.assertIn(words, response.json()["detail"])
                self.assertIn("/api/", response.json()["detail"])

    def test_a_list_without_its_final_slash_is_still_redirected(self):
        response = self.client.get("/api/missions")
        self.assertEqual((response.status_code, response["Location"]), (301, "/api/missions/"))


class DateFilterTests(ApiTestCase):
    def test_every_date_filter_refuses_a_date_that_does_not_exist_naming_the_parameter_and_the_form(self):
        filters = {"/api/missions/": ["as_of", "active_on"], "/api/resolutions/": ["adopted_from", "adopted_to"],
                   "/api/strength/": ["reported_from", "reported_to"], "/api/sectors/": ["in_service_on"],
                   "/api/fatality-counts/": ["period_from", "period_to"], "/api/fatalities/": ["died_from"]}
        self.act_as("administrator")
        for url, names in filters.items():
            for name in names:
                for value in ("2020-13-01", "31/12/2020", "1800-01-01", "9999-12-31"):
                    with self.subTest(url=url, name=name, value=value):
                        response = self.client.get(url, {name: value}, HTTP_ACCEPT_LANGUAGE="en")
                        self.assertEqual(response.status_code, 400)
                        [message] = response.json()[name]
                        self.assertIn("YYYY-MM-DD", message)

    def test_a_date_outside_the_bounds_names_them(self):
        response = self.client.get("/api/missions/", {"as_of": "1800-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
        self.assertTrue(response.json()["as_of"][0].startswith("Give a date from 1 January 1900 to "))

    def test_missions_as_of_a_date_are_those_in_operation_then(self):
        for name in ("as_of", "active_on"):
            with self.subTest(name=name):
                acronyms = {row["acronym"] for row in self.client.get(
                    "/api/missions/", {name: "2020-07-01", "page_size": 1000}).json()["results"]}
                self.assertIn("MINUSMA", acronyms)
                before = {row["acronym"] for row in self.client.get(
                    "/api/missions/", {name: "2010-07-01", "page_size": 1000}).json()["results"]}
                self.assertNotIn("MINUSMA", before)

    def test_a_french_date_form_is_not_read_in_french(self):
        response = self.client.get("/api/strength/", {"reported_from": "01/05/2020"}, HTTP_ACCEPT_LANGUAGE="fr")
        self.assertEqual(response.status_code, 400)
