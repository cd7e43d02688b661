"""The public pages, as a visitor meets them: missions, facts and figures, dashboards, editions, languages."""

import csv
import io

from django.contrib import admin
from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse

from missionfacts.imports.reference import load_reference_data
from missionfacts.web.tests.base import WebTestCase
from missionfacts.web.tests.records import add_dashboard_records

NNBSP = "\u202f"


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


class MissionPagesTests(WebTestCase):
    def test_the_missions_page_lists_published_missions_and_links_to_their_pages(self):
        response = self.client.get(reverse("web:missions"))
        self.assertContains(response, reverse("web:factsheet", args=["MINUSMA"]))
        self.assertContains(response, f'href="{reverse("web:editions", args=["MINUSMA"])}">2 editions</a>')
        self.assertNotContains(response, "MINUDRAFT")

    def test_the_staff_of_a_draft_mission_find_it_in_the_list_marked_as_a_draft(self):
        self.client.force_login(self.other_editor)
        response = self.client.get(reverse("web:missions"))
        self.assertContains(response, reverse("web:factsheet", args=["MINUDRAFT"]))
        self.assertContains(response, "Draft: not public")

    def test_the_facts_page_opens_on_the_latest_data_with_the_sheets_figures(self):
        # The latest record is a patrol of 14 August 2020 (base.py): the sheet of that day shows the strength
        # last reported, on 1 July 2020.
        response = self.client.get(reverse("web:factsheet", args=["MINUSMA"]), HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.context["day"].isoformat(), "2020-08-14")
        self.assertContains(response, "12,873 military personnel (as of 1\u00a0July 2020)")
        self.assertContains(response, "Resolution 2531")
        self.assertContains(response, "244,720 military patrols")
        pdf = reverse("web:factsheet-file", args=["MINUSMA", "pdf"])
        self.assertContains(response, f"{pdf}?as_of=2020-08-14&amp;lang=en")

    def test_a_visitor_reads_the_facts_for_another_date_in_either_language(self):
        url = reverse("web:factsheet", args=["MINUSMA"])
        french = self.client.get(url, {"as_of": "2020-07-01", "lang": "fr"})
        english = self.client.get(url, {"as_of": "2020-07-01", "lang": "en"})
        self.assertContains(french, f"12{NNBSP}873 militaires")
        self.assertContains(french, '<html lang="fr">')
        self.assertContains(english, "12,873 military personnel")
        earlier = self.client.get(url, {"as_of": "2020-04-30", "lang": "en"})
        self.assertContains(earlier, "1,726 police officers")
        self.assertContains(earlier, "Resolution", count=0)

    def test_a_date_before_the_mission_is_refused_with_the_reason(self):
        response = self.client.get(reverse("web:factsheet", args=["MINUSMA"]), {"as_of": "2010-01-01", "lang": "en"})
        self.assertContains(response, "MINUSMA began on 1 July 2013: choose a later date.", status_code=400)
        self.assertEqual(self.client.get(reverse("web:factsheet", args=["NOPE"])).status_code, 404)

    def test_the_language_switch_brings_back_the_same_page_in_the_other_language(self):
        page = reverse("web:factsheet", args=["MINUSMA"]) + "?as_of=2020-07-01"
        response = self.client.get(page + "&lang=fr")
        # The switch returns to the page without `lang`, which would otherwise override the choice.
        self.assertContains(response, f'<input type="hidden" name="next" value="{page}">')
        switched = self.client.post(reverse("set_language"), {"language": "en", "next": page})
        self.assertRedirects(switched, page, fetch_redirect_response=False)
        self.assertContains(self.client.get(page), "12,873 military personnel")

    def test_the_sheet_downloads_as_pdf(self):
        response = self.client.get(reverse("web:factsheet-file", args=["MINUSMA", "pdf"]), {"as_of": "2020-07-01"})
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_the_contributors_csv_holds_the_sheets_ranking(self):
        response = self.client.get(reverse("web:contributors-csv", args=["MINUSMA", "military"]),
                                   {"as_of": "2020-07-01", "lang": "en"})
        self.assertEqual(csv_rows(response), [["Rank", "Country", "Personnel", "Women"], ["1", "Chad", "1425", "35"]])


class DashboardPagesTests(WebTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_dashboard_records(cls.minusma)

    def test_every_chart_has_its_spec_its_table_and_its_csv_link(self):
        response = self.client.get(reverse("web:dashboards", args=["MINUSMA"]), {"lang": "en"})
        for key in ("strength", "contributors", "women", "patrols", "trainings", "fatalities"):
            self.assertContains(response, f'id="spec-{key}"')
            self.assertContains(response, reverse("web:chart-csv", args=["MINUSMA", key]))
        self.assertContains(response, '<details class="chart-table" open data-close-when-drawn>', count=6)
        self.assertContains(response, "vendor/vega-embed.min.js")

    def test_the_csv_holds_exactly_the_rows_of_the_charts_table(self):
        page = self.client.get(reverse("web:dashboards", args=["MINUSMA"]), {"lang": "en"})
        card = next(card for card in page.context["cards"] if card["chart"].key == "fatalities")
        response = self.client.get(reverse("web:chart-csv", args=["MINUSMA", "fatalities"]), {"lang": "en"})
        rows = csv_rows(response)
        self.assertEqual(rows[0], ["Year", "Type of incident", "Fatalities", "Counted from"])
        self.assertEqual(len(rows) - 1, len(card["table"]))
        self.assertEqual(rows[1], ["2019", "Malicious act", "2", "Individual records"])

    def test_the_contributors_chart_follows_the_reporting_date_chosen(self):
        url = reverse("web:dashboards", args=["MINUSMA"])
        response = self.client.get(url, {"at": "2020-02-29", "lang": "en"})
        self.assertEqual(response.context["contributors"].day.isoformat(), "2020-02-29")
        self.assertContains(response, '<option value="2020-02-29" selected>')
        rows = csv_rows(self.client.get(reverse("web:chart-csv", args=["MINUSMA", "contributors"]),
                                        {"at": "2020-02-29", "lang": "en"}))
        self.assertEqual(rows[1], ["1", "Chad", "1435", "0", "35", "1435"])

    def test_no_individual_record_reaches_the_page_only_counts(self):
        response = self.client.get(reverse("web:dashboards", args=["MINUSMA"]), {"lang": "en"})
        for reference in ("PAT-1-nord-0", "P-2020-001", "MLI-T-1"):
            self.assertNotContains(response, reference)

    def test_a_formula_in_a_cell_is_neutralised_in_the_csv(self):
        from missionfacts.missions.models import Sector

        Sector.objects.filter(mission=self.minusma, key="nord").update(name_en="=HYPERLINK(1)")
        rows = csv_rows(self.client.get(reverse("web:chart-csv", args=["MINUSMA", "patrols"]), {"lang": "en"}))
        self.assertIn("'=HYPERLINK(1)", [row[2] for row in rows])


class EditionPagesTests(WebTestCase):
    def test_the_editions_page_lists_each_edition_with_its_files(self):
        response = self.client.get(reverse("web:editions", args=["MINUSMA"]), {"lang": "en"})
        for number in (1, 2):
            for language in ("fr", "en"):
                pdf = reverse("web:edition-document", args=["MINUSMA", number, language, "pdf"])
                self.assertContains(response, pdf)
        document = self.client.get(reverse("web:edition-document", args=["MINUSMA", 2, "fr", "pdf"]))
        self.assertEqual(document.content, b"%PDF-1.4 test edition")

    def test_what_changed_lists_the_figures_that_differ_between_two_editions(self):
        response = self.client.get(reverse("web:changes", args=["MINUSMA"]), {"old": 1, "new": 2, "lang": "en"})
        self.assertContains(response, "From edition 1 as of 29 June 2020 to edition 2 as of 1 July 2020")
        changed = {change["path"]: change for change in response.context["changes"]}
        self.assertEqual((changed["strength.military"]["old"], changed["strength.military"]["new"]),
                         ("not available", "12,873"))
        self.assertEqual(changed["strength.military"]["figure"], "Military strength")

    def test_the_facts_page_names_the_latest_edition(self):
        response = self.client.get(reverse("web:factsheet", args=["MINUSMA"]), {"lang": "en"})
        self.assertContains(response, "Latest published edition: no. 2, as of 1\u00a0July 2020.")


class AdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.administrator = User.objects.create_superuser("admin", "admin@example.org", "a-long-password-1")

    def test_every_record_type_has_a_working_admin_list(self):
        self.client.force_login(self.administrator)
        for model in admin.site._registry:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            with self.subTest(model=model._meta.label):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_an_anonymous_visitor_is_sent_to_the_login_page(self):
        response = self.client.get(reverse("admin:missions_mission_changelist"))
        self.assertEqual(response.status_code, 302)
