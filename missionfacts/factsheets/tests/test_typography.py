"""French and English typography of what a sheet shows: dates that never break, raised ordinals, quotation
marks, and the high punctuation of stored texts, set at render time."""

import io
import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pypdf
from django.template import Context, Template
from django.test import SimpleTestCase, TestCase
from django.utils import translation
from django.utils.safestring import mark_safe

from missionfacts.factsheets import formatting
from missionfacts.factsheets.published_context import _Section, _Wording, resolution_heading
from missionfacts.factsheets.render import render_html
from missionfacts.factsheets.typography import quoted, typeset, typeset_html, typeset_stored
from missionfacts.figures.published import Dated, StatedFigure
from missionfacts.figures.sheet import compute_sheet
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import DatePrecision, Mission
from missionfacts.personnel.models import StatedStrength

NBSP = "\u00a0"
NNBSP = "\u202f"


class DateTests(SimpleTestCase):
    def test_a_page_date_binds_the_day_to_its_month_with_a_no_break_space(self):
        self.assertEqual(formatting.long_date_html(date(2021, 6, 30), "fr"), f"30{NBSP}juin 2021")
        self.assertEqual(formatting.long_date_html(date(2021, 6, 30), "en"), f"30{NBSP}June 2021")

    def test_the_first_of_a_month_is_raised_in_markup_and_bound_to_its_month(self):
        self.assertEqual(formatting.long_date_html(date(2020, 7, 1), "fr"), f"1<sup>er</sup>{NBSP}juillet 2020")
        self.assertEqual(formatting.long_date_html(date(2020, 7, 1), "en"), f"1{NBSP}July 2020")

    def test_where_no_markup_can_go_the_ordinal_is_raised_with_modifier_letters(self):
        self.assertEqual(formatting.long_date_raised(date(2020, 7, 1), "fr"), f"1\u1d49\u02b3{NBSP}juillet 2020")
        self.assertEqual(formatting.long_date_raised(date(2021, 6, 30), "fr"), f"30{NBSP}juin 2021")
        self.assertEqual(formatting.long_date_raised(date(2020, 7, 1), "en"), f"1{NBSP}July 2020")

    def test_messages_keep_the_plain_date_people_copy_and_search(self):
        self.assertEqual(formatting.long_date(date(2020, 7, 1), "fr"), "1er juillet 2020")
        self.assertEqual(formatting.long_date(date(2021, 6, 30), "en"), "30 June 2021")


class FrenchTypesetTests(SimpleTestCase):
    def test_a_space_before_high_punctuation_becomes_a_narrow_no_break_space(self):
        self.assertEqual(typeset("Mandat : protéger les civils ; appuyer la paix ! Comment ?", "fr"),
                         f"Mandat{NNBSP}: protéger les civils{NNBSP}; appuyer la paix{NNBSP}! Comment{NNBSP}?")

    def test_a_missing_space_before_high_punctuation_is_added(self):
        self.assertEqual(typeset("Mandat: protéger; appuyer!", "fr"),
                         f"Mandat{NNBSP}: protéger{NNBSP}; appuyer{NNBSP}!")

    def test_a_no_break_space_a_previous_pass_left_is_narrowed(self):
        self.assertEqual(typeset(f"Mandat{NBSP}: x", "fr"), f"Mandat{NNBSP}: x")

    def test_web_addresses_times_ratios_and_document_symbols_are_left_alone(self):
        for text in ("https://peacekeeping.un.org/fr/mission/onub?a=b:c;d", "à 10:30", "un rapport 3:1",
                     "(S/2004/210: texte)", "www.un.org/fr/?q=1"):
            with self.subTest(text=text):
                self.assertEqual(typeset(text, "fr"), text)

    def test_punctuation_right_after_a_web_address_is_still_prose(self):
        self.assertEqual(typeset("Voir https://un.org/fr ; puis", "fr"), f"Voir https://un.org/fr{NNBSP}; puis")

    def test_guillemets_get_narrow_no_break_spaces_inside(self):
        self.assertEqual(typeset("le « mandat » et «la paix»", "fr"),
                         f"le «{NNBSP}mandat{NNBSP}» et «{NNBSP}la paix{NNBSP}»")

    def test_straight_quotes_and_apostrophes_become_french_ones(self):
        self.assertEqual(typeset("l'Ouganda et \"la paix\".", "fr"), f"l’Ouganda et «{NNBSP}la paix{NNBSP}».")

    def test_an_ordinal_and_a_character_reference_are_kept(self):
        self.assertEqual(typeset("le 1er juillet &amp; après", "fr"), f"le 1er{NBSP}juillet &amp; après")

    def test_a_day_in_a_stored_text_keeps_its_month_on_its_line(self):
        self.assertEqual(typeset("du 1er juin 2004 au 31 Décembre 2006", "fr"),
                         f"du 1er{NBSP}juin 2004 au 31{NBSP}Décembre 2006")
        self.assertEqual(typeset_html("du 1<sup>er</sup> juin 2004", "fr"), f"du 1<sup>er</sup>{NBSP}juin 2004")
        self.assertEqual(typeset("1 July 2013 to 30 June 2021; article 1 may", "en"),
                         f"1{NBSP}July 2013 to 30{NBSP}June 2021; article 1 may")

    def test_typesetting_twice_changes_nothing(self):
        text = "Mandat : « protéger » l'État; le 1er juin voir https://un.org/a?b:c ; à 10:30 ! \"fin\""
        once = typeset(text, "fr")
        self.assertEqual(typeset(once, "fr"), once)
        self.assertNotEqual(once, text)


class EnglishTypesetTests(SimpleTestCase):
    def test_english_keeps_its_spacing_and_gets_curly_quotes(self):
        self.assertEqual(typeset("Mandate: protect \"civilians\"; the State's « work »!", "en"),
                         "Mandate: protect “civilians”; the State’s “work”!")

    def test_english_typesetting_is_idempotent(self):
        once = typeset("the \"mission's\" mandate", "en")
        self.assertEqual(once, "the “mission’s” mandate")
        self.assertEqual(typeset(once, "en"), once)


class QuotedTests(SimpleTestCase):
    def test_each_language_quotes_with_its_own_marks(self):
        self.assertEqual(quoted("Estimated expenditures", "en"), "“Estimated expenditures”")
        self.assertEqual(quoted(" Dépenses ", "fr"), f"«{NNBSP}Dépenses{NNBSP}»")


class FilterTests(SimpleTestCase):
    def render(self, source: str, **context) -> str:
        return Template("{% load sheet_format %}" + source).render(Context(context))

    def test_the_filter_typesets_and_django_still_escapes(self):
        html = self.render("{{ text|typeset:'fr' }}", text="<b>Mandat</b> : A & B")
        self.assertEqual(html, f"&lt;b&gt;Mandat&lt;/b&gt;{NNBSP}: A &amp; B")

    def test_a_safe_fragment_keeps_its_tags_and_entities(self):
        fragment = mark_safe('<a href="https://un.org/a?b:c">Mandat</a> : A &amp; B')
        html = self.render("{{ text|typeset:'fr' }}", text=fragment)
        self.assertEqual(html, f'<a href="https://un.org/a?b:c">Mandat</a>{NNBSP}: A &amp; B')

    def test_the_filter_follows_the_active_language_when_none_is_given(self):
        with translation.override("en"):
            self.assertEqual(self.render("{{ text|typeset }}", text="Mandate : x"), "Mandate : x")
        with translation.override("fr"):
            self.assertEqual(self.render("{{ text|typeset }}", text="Mandat : x"), f"Mandat{NNBSP}: x")

    def test_quoted_and_raised_date_filters(self):
        with translation.override("fr"):
            self.assertEqual(self.render("{{ text|quoted }} {{ day|raised_date }}", text="a & b", day=date(2020, 7, 1)),
                             f"«{NNBSP}a &amp; b{NNBSP}» 1\u1d49\u02b3{NBSP}juillet 2020")


class AmountAsWrittenTests(SimpleTestCase):
    """The sheet gives an amount as its page wrote it, and never rounds it itself."""

    def written(self, amount: str, wording: str, language: str, currency: str = "USD") -> str:
        with translation.override(language):
            return formatting.amount_as_written(Decimal(amount), currency, ("", wording), language)

    def test_an_amount_the_page_wrote_in_millions_stays_in_millions_in_both_languages(self):
        wording = "Estimated expenditures: $678.3 million (gross)"
        self.assertEqual(self.written("678300000.00", wording, "en"), "678.3 million US dollars")
        self.assertEqual(self.written("678300000.00", wording, "fr"), "678,3 millions de dollars des États-Unis")

    def test_a_french_wording_with_a_decimal_comma_is_read_as_written(self):
        wording = "Pour la période du 1er juillet 2008 au 30 Juin 2009 : 315,08 million de dollars (A/C.5/62/30)"
        self.assertEqual(self.written("315080000", wording, "en"), "315.08 million US dollars")

    def test_an_amount_the_page_wrote_in_full_is_given_in_full_with_the_language_grouping(self):
        wording = "Approved budget (07/2016 - 06/2017): $287,941,000"
        self.assertEqual(self.written("287941000", wording, "en"), "287,941,000 US dollars")
        self.assertEqual(self.written("287941000", wording, "fr"),
                         f"287{NNBSP}941{NNBSP}000 dollars des États-Unis")

    def test_without_a_wording_that_gives_the_amount_it_is_given_in_full(self):
        self.assertEqual(self.written("287941000", "", "en"), "287,941,000 US dollars")
        self.assertEqual(self.written("287941000", "Budget: $288 million", "en"), "287,941,000 US dollars")

    def test_a_scale_babel_would_not_name_falls_back_to_the_full_amount(self):
        self.assertEqual(self.written("1500000000", "$1,500 million", "en"), "1,500,000,000 US dollars")

    def test_french_elides_de_before_a_currency_starting_with_a_vowel(self):
        self.assertEqual(self.written("2800000000", "2,8 milliards d’euros", "fr", "EUR"), "2,8 milliards d’euros")


class PdfLineBreakTests(SimpleTestCase):
    """What WeasyPrint makes of the dates: read back from the PDF, line by line."""

    def pdf(self, body: str, page_css: str = "") -> pypdf.PdfReader:
        from weasyprint import HTML

        html = (f'<html><head><style>@page {{ size: A6; margin: 5mm; {page_css} }} body {{ font: 10pt "DejaVu Sans" }}'
                f"p {{ break-after: page; margin: 0 }}</style></head><body>{body}</body></html>")
        return pypdf.PdfReader(io.BytesIO(HTML(string=html).write_pdf()))

    def lines_in_narrow_boxes(self, day_html: str) -> list[str]:
        """The sentence set in boxes from 30 to 88 mm wide, one a page, so that the date ends a line in some."""
        boxes = "".join(f'<p style="width:{width}mm">Mandat renouvelé jusqu’au {day_html} par le Conseil.</p>'
                        for width in range(30, 90, 2))
        return [page.extract_text() for page in self.pdf(boxes).pages]

    def test_a_date_that_ends_a_line_never_leaves_its_day_behind(self):
        day_then_month = re.compile(r"(30|1\s*er)\s*\n\s*(juin|juillet)")
        # Set with ordinary spaces, some boxes do break between the day and the month: the boxes can show it.
        plain = self.lines_in_narrow_boxes(formatting.long_date(date(2021, 6, 30), "fr"))
        self.assertTrue(any(day_then_month.search(text) for text in plain))
        for day in (date(2021, 6, 30), date(2020, 7, 1)):
            for text in self.lines_in_narrow_boxes(formatting.long_date_html(day, "fr")):
                with self.subTest(day=day.isoformat(), text=text):
                    self.assertIsNone(day_then_month.search(text))

    def test_the_raised_ordinal_of_a_running_footer_is_drawn_with_the_sheet_s_font(self):
        footer = formatting.long_date_raised(date(2020, 7, 1), "fr")
        reader = self.pdf("<p>Fiche</p>", f'@bottom-left {{ content: "{footer}"; font: 8pt "DejaVu Sans" }}')
        self.assertIn("1\u1d49\u02b3", reader.pages[0].extract_text())
        fonts = {font.get_object()["/BaseFont"] for font in reader.pages[0]["/Resources"]["/Font"].values()}
        self.assertTrue(fonts and all(name.endswith("DejaVu-Sans") for name in fonts), fonts)


class StoredTextTests(SimpleTestCase):
    def test_a_text_is_set_in_the_typography_of_the_language_it_is_written_in(self):
        english_only = ("", "Estimated expenditures: $678.3 million")
        self.assertEqual(typeset_stored(*english_only, "fr"), "Estimated expenditures: $678.3 million")
        self.assertEqual(typeset_stored("Dépenses : 315,08 millions", "", "en"), f"Dépenses{NNBSP}: 315,08 millions")
        self.assertEqual(typeset_stored("Mandat : x", "Mandate: x", "fr"), f"Mandat{NNBSP}: x")
        self.assertEqual(typeset_stored("Mandat : x", "Mandate: \"x\"", "en"), "Mandate: “x”")


class PublishedSheetTypographyTests(TestCase):
    """ONUB's English page on its sheets: its amount as the page wrote it, its wording quoted in each language's
    marks and set in its own language's punctuation."""

    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        sheet = compute_sheet(Mission.objects.get(acronym="ONUB"), date(2005, 6, 30))
        with translation.override("fr"):
            cls.french = render_html(sheet, "fr")
        with translation.override("en"):
            cls.english = render_html(sheet, "en")

    def test_the_amount_is_given_as_the_page_wrote_it(self):
        self.assertIn("678.3 million US dollars", self.english)
        self.assertIn("678,3 millions de dollars des États-Unis", self.french)
        self.assertNotIn("678,300,000", self.english)

    def test_the_english_wording_keeps_english_punctuation_inside_french_quotation_marks(self):
        self.assertIn(f"«{NNBSP}Estimated expenditures: $678.3 million (gross){NNBSP}»", self.french)
        self.assertIn("“Estimated expenditures: $678.3 million (gross)”", self.english)
        self.assertNotIn("«", self.english)

    def test_the_sheet_s_dates_keep_their_day_with_their_month(self):
        self.assertIn(f"30{NBSP}June 2005", self.english)
        self.assertIn(f"30{NBSP}juin 2005", self.french)
        self.assertNotIn("30 June 2005", self.english)


class DatesAtTheirPrecisionTests(SimpleTestCase):
    """A date the page gives to the year or the month is never worded as if it were a day."""

    def test_a_resolution_known_by_its_year_is_cited_the_un_s_way(self):
        adopted = Dated(date(2004, 1, 1), DatePrecision.YEAR)
        for language, expected in (("en", "Resolution 1545 (2004)"), ("fr", "Résolution 1545 (2004)")):
            with translation.override(language):
                self.assertEqual(resolution_heading(1545, adopted, language), expected)

    def test_a_resolution_known_by_its_month_names_the_month_with_french_elision(self):
        with translation.override("fr"):
            self.assertEqual(resolution_heading(1545, Dated(date(2004, 4, 1), DatePrecision.MONTH), "fr"),
                             "Résolution 1545 d’avril 2004")
            self.assertEqual(resolution_heading(1545, Dated(date(2004, 5, 1), DatePrecision.MONTH), "fr"),
                             "Résolution 1545 de mai 2004")
            self.assertEqual(resolution_heading(1545, Dated(date(2004, 5, 21)), "fr"), "Résolution 1545 du 21 mai 2004")
        with translation.override("en"):
            self.assertEqual(resolution_heading(1545, Dated(date(2004, 5, 1), DatePrecision.MONTH), "en"),
                             "Resolution 1545 of May 2004")

    def test_a_strength_dated_to_the_month_is_as_of_the_end_of_that_month(self):
        stated = StatedFigure(StatedStrength.Kind.AS_OF, Dated(date(2007, 9, 30), DatePrecision.MONTH), 120, None,
                              StatedStrength.TotalCovers.UNIFORMED, ())
        facts = SimpleNamespace(place=SimpleNamespace(available=False))
        for language, expected in (("fr", "À fin septembre 2007"), ("en", "As of September 2007")):
            with translation.override(language):
                section = _Section("strength", "")
                _Wording(facts, language).stated(section, (stated,))
                self.assertEqual(section.entries[0]["heading"], expected)


class LifeFilterTests(SimpleTestCase):
    def test_a_mission_s_dates_on_a_web_page_keep_each_day_with_its_month(self):
        mission = SimpleNamespace(started_on=date(2003, 9, 19), started_on_precision=DatePrecision.DAY,
                                  ended_on=date(2018, 3, 30), ended_on_precision=DatePrecision.DAY)
        template = Template("{% load sheet_format %}{{ mission|life }}")
        with translation.override("en"):
            self.assertEqual(template.render(Context({"mission": mission})),
                             f"19{NBSP}September 2003 to 30{NBSP}March 2018")
        with translation.override("fr"):
            self.assertEqual(template.render(Context({"mission": mission})),
                             f"du 19{NBSP}septembre 2003 au 30{NBSP}mars 2018")
