"""The PDF is print-ready: A4, its fonts embedded, its map and charts drawn as vectors."""

import io
from datetime import date

import pypdf
from django.test import TestCase

from missionfacts.factsheets.render import render_pdf
from missionfacts.figures.sheet import compute_sheet
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import Mission

A4_POINTS = (595, 842)


def _resources(page, kind: str) -> list:
    found = []
    for item in page["/Resources"].get(kind, {}).values():
        item = item.get_object()
        found.append(item)
        # Form XObjects (the drawn SVGs) carry resources of their own.
        if item.get("/Subtype") == "/Form" and "/Resources" in item:
            found.extend(_resources(item, kind))
    return found


class PdfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        sheet = compute_sheet(Mission.objects.get(acronym="MINUSMA"), date(2020, 7, 1))
        cls.reader = pypdf.PdfReader(io.BytesIO(render_pdf(sheet, "fr")))

    def test_pages_are_a4(self):
        for page in self.reader.pages:
            size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
            self.assertEqual(size, A4_POINTS)

    def test_every_font_is_embedded(self):
        fonts = [font for page in self.reader.pages for font in _resources(page, "/Font")]
        self.assertTrue(fonts)
        for font in fonts:
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            self.assertTrue(any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")),
                            font.get("/BaseFont"))

    def test_the_map_is_drawn_as_vectors_not_as_a_picture(self):
        objects = [item for page in self.reader.pages for item in _resources(page, "/XObject")]
        self.assertTrue(any(item.get("/Subtype") == "/Form" for item in objects))
        self.assertFalse([item for item in objects if item.get("/Subtype") == "/Image"])
