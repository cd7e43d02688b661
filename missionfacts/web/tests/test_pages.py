"""The public pages and the admin, as a visitor and a staff member meet them."""

from django.contrib import admin
from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse

from missionfacts.imports.reference import load_reference_data


class PublicPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()

    def test_the_missions_page_links_to_each_sheet(self):
        response = self.client.get(reverse("web:missions"))
        self.assertContains(response, reverse("web:factsheet", args=["MINUSMA"]))

    def test_a_visitor_reads_the_sheet_for_a_date_in_either_language(self):
        french = self.client.get(reverse("web:factsheet", args=["MINUSMA"]), {"as_of": "2020-07-01", "lang": "fr"})
        english = self.client.get(reverse("web:factsheet", args=["MINUSMA"]), {"as_of": "2020-07-01", "lang": "en"})
        self.assertContains(french, "12\u202f873 militaires")
        self.assertContains(english, "12,873 military personnel")

    def test_the_pdf_downloads(self):
        response = self.client.get(reverse("web:factsheet-file", args=["MINUSMA", "pdf"]), {"as_of": "2020-07-01"})
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_an_unknown_mission_or_a_bad_date_is_not_found(self):
        self.assertEqual(self.client.get(reverse("web:factsheet", args=["NOPE"])).status_code, 404)
        response = self.client.get(reverse("web:factsheet", args=["MINUSMA"]), {"as_of": "2010-01-01"})
        self.assertEqual(response.status_code, 404)


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
