"""One sheet built from what is known: each block from the best source held, a block with nothing to say left out.

Every operation of the catalogue is rendered at the middle of its life, with the UN's fatalities file loaded as
on a first use, in both languages; then the two real pages' missions (ONUB in English, MINURCAT in French) are
printed to see that their page's facts reach page 1, in the seed's blocks.
"""

import io
import re
from collections import Counter
from datetime import date
from unittest import mock

import pypdf
from django.template.loader import render_to_string
from django.test import TestCase
from django.utils import translation

from missionfacts.checks.engine import run_checks
from missionfacts.factsheets.json_output import sheet_as_json
from missionfacts.factsheets.render import render_html, render_pdf, sheet_context
from missionfacts.factsheets.tests.sheet_text import html_text, normalise
from missionfacts.figures.coverage import BLOCKS, CATALOGUE, PAGE, RECORDS
from missionfacts.figures.sheet import compute_sheet
from missionfacts.imports.reference import load_reference_data, load_shipped_fatalities
from missionfacts.missions.models import Mission

# What a sheet used to print in place of a fact, in either language.
MISSING_PHRASES = ("not available", "not reported", "not recorded", "no data", "non disponible", "n'est pas disponible",
                   "non communiqué", "non renseigné", "aucune donnée", "n'est enregistré", "is not recorded",
                   "no security council resolution is recorded", "no deployment site is recorded")
HEADING = re.compile(r"<h([1-3])[^>]*>(.*?)</h\1>", re.S)


def middle_of_life(mission: Mission) -> date:
    end = mission.ended_on or date.today()
    return mission.started_on + (end - mission.started_on) / 2


def headings(html: str) -> list[str]:
    return [normalise(re.sub(r"<[^>]+>", "", text)).casefold() for _level, text in HEADING.findall(html)]


def page_texts(pdf: bytes) -> list[str]:
    return [normalise(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


class EveryOperationSheetTests(TestCase):
    """Every catalogue operation's sheet, rendered without its drawings: the text is what is looked at here.

    The map's spec costs half a second a sheet, so it is left out (test_any_mission and test_maps draw the maps);
    the sites block is then shown without it.
    """

    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        load_shipped_fatalities()
        cls.sheets = {mission.acronym: compute_sheet(mission, middle_of_life(mission))
                      for mission in Mission.objects.filter(kind=Mission.Kind.PEACEKEEPING, started_on__isnull=False)}
        cls.pages, cls.shown_blocks = {}, {}
        with mock.patch("missionfacts.factsheets.render._map", return_value={"map_spec": None}):
            for acronym, sheet in cls.sheets.items():
                for language in ("fr", "en"):
                    with translation.override(language):
                        context = sheet_context(sheet, language, with_svg=False)
                        cls.pages[acronym, language] = render_to_string("factsheets/sheet.html", context)
                    cls.shown_blocks[acronym, language] = [block["key"] for block in context["blocks"]]

    def test_the_catalogue_s_operations_are_all_rendered(self):
        self.assertGreater(len(self.sheets), 60)

    def test_no_sheet_says_a_fact_is_missing_more_than_twice(self):
        for (acronym, language), html in self.pages.items():
            text = html_text(html).casefold()
            with self.subTest(mission=acronym, language=language):
                said = {phrase: text.count(phrase) for phrase in MISSING_PHRASES if phrase in text}
                self.assertLessEqual(sum(said.values()), 2, said)

    def test_no_sheet_has_a_heading_twice(self):
        for (acronym, language), html in self.pages.items():
            with self.subTest(mission=acronym, language=language):
                twice = [text for text, count in Counter(headings(html)).items() if count > 1]
                self.assertEqual(twice, [])

    def test_a_block_is_on_the_sheet_exactly_when_it_has_a_source(self):
        for acronym, sheet in self.sheets.items():
            with self.subTest(mission=acronym):
                for language in ("fr", "en"):
                    self.assertEqual(self.shown_blocks[acronym, language],
                                     [block.key for block in sheet.blocks if block.held])
                self.assertEqual([block.key for block in sheet.blocks], list(BLOCKS))

    def test_a_sheet_with_only_the_un_s_data_still_shows_its_losses_and_where_it_works(self):
        sheet = self.sheets["UNMISS"]
        self.assertEqual(sheet.block("key_figures").sources, (RECORDS,))
        self.assertEqual(sheet.block("sites").sources, (CATALOGUE,))
        text = html_text(self.pages["UNMISS", "en"])
        self.assertIn("killed in attacks", text)
        self.assertNotIn("Mandate", text)

    def test_the_draft_lists_the_blocks_left_out_in_one_place_and_check_names_each_once(self):
        sheet = self.sheets["UNMISS"]
        missing = [block.key for block in sheet.blocks if block.missing]
        self.assertIn("mandate", missing)
        # A mission without a page is not asked for what only a page gives.
        self.assertNotIn("budget", missing)
        draft = html_text(render_html(sheet, "en", draft=True))
        self.assertEqual(draft.count("Not on this sheet, for want of data:"), 1)
        self.assertIn("Mandate", draft[draft.index("for want of data"):])
        findings = run_checks(Mission.objects.get(acronym="UNMISS"), as_of=sheet.as_of).findings
        self.assertEqual(sorted(f.subject for f in findings if f.rule == "section-without-data"), sorted(missing))

    def test_the_json_says_which_source_each_block_used(self):
        data = sheet_as_json(self.sheets["UNMISS"], "en")
        blocks = {block["key"]: block for block in data["blocks"]}
        self.assertEqual(blocks["key_figures"]["sources"], [RECORDS])
        self.assertEqual(blocks["key_figures"]["figures"], ["fatalities_in_attacks"])
        self.assertEqual(blocks["mandate"]["sources"], [])
        # Every figure is still listed with its provenance.
        self.assertTrue(data["fatalities_in_attacks"]["provenance"])


class PublishedPageSheetTests(TestCase):
    """ONUB's and MINURCAT's pages fill the seed's blocks on page 1, and their sheets stay within three pages."""

    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        load_shipped_fatalities()
        cls.onub = compute_sheet(Mission.objects.get(acronym="ONUB"), date(2005, 6, 30))
        cls.minurcat = compute_sheet(Mission.objects.get(acronym="MINURCAT"), date(2009, 6, 30))
        cls.onub_pages = page_texts(render_pdf(cls.onub, "en"))
        cls.minurcat_pages = page_texts(render_pdf(cls.minurcat, "fr"))

    def test_onub_s_ceilings_and_losses_are_on_page_one_of_at_most_three(self):
        self.assertLessEqual(len(self.onub_pages), 3)
        first = self.onub_pages[0]
        self.assertIn("AUTHORISED STRENGTH", first)
        self.assertIn("Military personnel: 5,650", first)
        self.assertIn("Police personnel: 120", first)
        self.assertRegex(first, r"members? of ONUB personnel (has|have) been killed in attacks")
        self.assertEqual(self.onub.block("authorisation").sources, (PAGE,))

    def test_minurcat_s_strength_ceilings_and_losses_are_on_page_one_of_at_most_three(self):
        self.assertLessEqual(len(self.minurcat_pages), 3)
        first = self.minurcat_pages[0]
        self.assertIn("Personnel militaire\u202f: 5\u202f200", first.replace("\u00a0", "\u202f"))
        self.assertIn("279", first)
        self.assertIn("MINURCAT", first)
        self.assertRegex(first, r"tués? lors d.attaques")
        self.assertEqual(self.minurcat.block("strength").sources, (PAGE,))

    def test_neither_sheet_says_a_fact_is_missing(self):
        for pages in (self.onub_pages, self.minurcat_pages):
            text = " ".join(pages).casefold()
            self.assertEqual([phrase for phrase in MISSING_PHRASES if phrase in text], [])

    def test_the_page_s_own_wording_is_quoted_with_the_language_s_quotation_marks(self):
        english = html_text(render_html(self.onub, "en"))
        self.assertIn("As published: “5,650 military personnel", english)
        self.assertNotIn("«", english)
        french = html_text(render_html(self.minurcat, "fr"))
        self.assertIn("«\u202f300 policiers", french)

    def test_an_authorisation_known_by_its_year_reads_authorised_in_that_year(self):
        english = html_text(render_html(self.onub, "en"))
        self.assertIn("Authorised in 2004", english)
        self.assertNotIn("(2004)", english)

    def test_the_page_s_facts_have_no_appendix_of_their_own(self):
        for sheet, language in ((self.onub, "en"), (self.minurcat, "fr")):
            found = headings(render_html(sheet, language))
            self.assertNotIn("facts and figures", found)
            self.assertNotIn("faits et chiffres", found)
