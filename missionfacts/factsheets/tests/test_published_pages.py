"""Two real "Facts and figures" pages, imported and rendered: every number each page gives is on its sheet.

The numbers are read from the pages' quoted text (missions/reference/pages/*.md), not typed here: each date
must appear as the sheet writes dates in the page's language, each quantity as Babel formats it there, each
document symbol and resolution number as written. Quantities are looked for outside the page's own wording,
which the sheet quotes beside its figures: a number found only in the quotation would not be the sheet's.
"""

import re
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from babel.dates import get_month_names
from babel.lists import format_list
from babel.numbers import format_decimal
from django.test import TestCase
from django.utils import translation

from missionfacts.checks.engine import run_checks
from missionfacts.factsheets import formatting
from missionfacts.factsheets.json_output import sheet_as_json
from missionfacts.factsheets.published_context import amount_text, dated
from missionfacts.factsheets.render import render_html, render_pdf
from missionfacts.factsheets.tests.sheet_text import html_text, pdf_text
from missionfacts.figures.published import Amount, Dated
from missionfacts.figures.sheet import compute_sheet
from missionfacts.figures.values import Period
from missionfacts.imports.mission_file import import_mission_file
from missionfacts.imports.reference import REFERENCE_DIR, load_reference_data
from missionfacts.missions.models import DatePrecision, FinancialFigure, Mission

PAGES = REFERENCE_DIR / "pages"
QUOTE = re.compile(r"```text\n(.*?)```", re.S)
SYMBOL = re.compile(r"\b[A-Z](?:/[A-Za-z0-9.]+)+")
QUANTITY = {
    "en": re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"),
    "fr": re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"),
}
WORDING = re.compile(r'<p class="published-wording">.*?</p>', re.S)

# Each page, the language it is in, and a date in the mission's life (its last day, when all is known).
PAGE_OF = {"ONUB": ("onub-en.md", "en", date(2006, 12, 31)), "MINURCAT": ("minurcat-fr.md", "fr", date(2010, 12, 31))}
# What a page says in words rather than numbers, which the sheet shows as the page words it (each phrase is
# checked against the quoted page too).
WORDED = {
    "ONUB": ("Burundi", "Bujumbura, Burundi", "Carolyn McAskie", "Nureldin Satti", "Major-General",
             "Derrick Mbuyiselo Mgwebi", "Assessments in respect of a Special Account", "Serbia and Montenegro"),
    "MINURCAT": ("Tchad et la République Centrafricaine",
                 "N’Djamena, Tchad (Bureau de liaison à Bangui, République centrafricaine)", "Abéché, Tchad"),
}
# What a page says that the mission file cannot hold (see the comments atop each mission file): nothing since
# format 3, which holds resolution 1923 without the adoption date the page does not give.
NOT_HELD = {"ONUB": set(), "MINURCAT": set()}
# The rules that compare a page's figures with each other. Both pages add up: their totals equal their
# categories (ONUB: 5,400 + 168 + 97 = 5,665 uniformed; 21 + 1 + 1 + 1 = 24 fatalities; MINURCAT: 44 + 235 = 279),
# no strength is above the ceiling of its category in force, no two terms of a post overlap. MINURCAT dates
# part of one sentence apart (its civilians on 31 October 2008, the rest on 30 November 2008): that is kept
# as two statements, each at its date, which no rule needs to report.
CONSISTENCY_RULES = ("stated-total-does-not-add-up", "component-does-not-add-up", "fatalities-do-not-add-up",
                     "strength-above-ceiling", "leadership-terms-overlap", "budget-periods-overlap",
                     "expenditure-above-appropriation", "record-outside-mission-life", "women-above-total")


def quoted_page(name: str) -> str:
    [text] = QUOTE.findall((PAGES / name).read_text(encoding="utf-8"))
    return text


def _months(language: str) -> dict[str, int]:
    return {name.casefold(): number for number, name in get_month_names("wide", locale=language).items()}


def page_values(text: str, language: str) -> dict[str, list[str]]:
    """What the sheet must show of every number on the page, as the sheet writes it, by kind of number."""
    months = _months(language)
    month_names = "|".join(months)
    found = {"dates": [], "symbols": [], "identifiers": [], "quantities": []}

    def day_month_year(match: re.Match) -> str:
        day = 1 if match[1] == "1er" else int(match[1])
        found["dates"].append(formatting.long_date(date(int(match[3]), months[match[2].casefold()], day), language))
        return " "

    def month_year(match: re.Match) -> str:
        found["dates"].append(formatting.month_year(date(int(match[2]), months[match[1].casefold()], 1), language))
        return " "

    def symbol(match: re.Match) -> str:
        found["symbols"].append(match[0])
        return " "

    text = SYMBOL.sub(symbol, text)
    text = re.sub(rf"\b(1er|\d{{1,2}}) ({month_names}) (\d{{4}})\b", day_month_year, text, flags=re.I)
    text = re.sub(rf"\b({month_names}) (\d{{4}})\b", month_year, text, flags=re.I)
    for number in QUANTITY[language].findall(text):
        if re.fullmatch(r"\d{4,}", number):
            # Written without grouping: a resolution's number, not a quantity.
            found["identifiers"].append(number)
            continue
        if language == "en":
            plain = number.replace(",", "")
        else:
            plain = re.sub(r"[ \u00a0\u202f]", "", number).replace(",", ".")
        found["quantities"].append(format_decimal(Decimal(plain), locale=language))
    return found


def appears(value: str, text: str) -> bool:
    """Whether the value is in the text as a whole number or word, not as a piece of a longer one."""
    pattern = rf"(?<![\w.,\u202f]){re.escape(value.casefold())}(?![\w]|[.,\u202f]\d)"
    return re.search(pattern, text.casefold()) is not None


def symbol_appears(symbol: str, text: str) -> bool:
    """Whether a document symbol is in the text, though a line may break inside it ("S/2004/210/Add. 1" in a PDF)."""
    return symbol in re.sub(r"(?<=[/.]) ", "", text)


class PublishedPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for acronym in PAGE_OF:
            result = import_mission_file(REFERENCE_DIR / f"{acronym.lower()}.yaml")
            assert result.ok, result.problems

    def sheet(self, acronym: str):
        _page, language, as_of = PAGE_OF[acronym]
        return compute_sheet(Mission.objects.get(acronym=acronym), as_of), language

    def missing(self, acronym: str, rendered_html: str | None = None, rendered_text: str | None = None) -> set[str]:
        page, language, _as_of = PAGE_OF[acronym]
        values = page_values(quoted_page(page), language)
        if rendered_html is not None:
            full = html_text(rendered_html)
            figures_only = html_text(WORDING.sub("", rendered_html))
        else:
            full = figures_only = rendered_text
        self.assertTrue(values["quantities"] and values["dates"], "the page's numbers were not read")
        missing = {value for value in values["symbols"] if not symbol_appears(value, full)}
        missing |= {value for kind in ("dates", "identifiers", "quantities") for value in values[kind]
                    if not appears(value, figures_only)}
        return missing

    def test_every_number_of_the_english_page_is_on_its_html_sheet_in_english(self):
        sheet, language = self.sheet("ONUB")
        self.assertEqual(self.missing("ONUB", rendered_html=render_html(sheet, language)), NOT_HELD["ONUB"])

    def test_every_number_of_the_french_page_is_on_its_html_sheet_in_french(self):
        sheet, language = self.sheet("MINURCAT")
        self.assertEqual(self.missing("MINURCAT", rendered_html=render_html(sheet, language)), NOT_HELD["MINURCAT"])

    def test_every_number_of_the_english_page_is_in_the_text_of_its_pdf(self):
        sheet, language = self.sheet("ONUB")
        text = pdf_text(render_pdf(sheet, language))
        self.assertEqual(self.missing("ONUB", rendered_text=text), NOT_HELD["ONUB"])

    def test_french_quantities_are_grouped_with_a_narrow_no_break_space(self):
        sheet, language = self.sheet("MINURCAT")
        text = html_text(WORDING.sub("", render_html(sheet, language)))
        grouped = [value for value in page_values(quoted_page("minurcat-fr.md"), "fr")["quantities"] if len(value) > 3
                   and "," not in value]
        self.assertTrue(grouped)
        for value in grouped:
            self.assertIn("\u202f", value)
            self.assertTrue(appears(value, text), value)

    def test_contributing_countries_are_listed_in_the_pages_order_by_their_names_in_its_language(self):
        for acronym, (_page, language, as_of) in PAGE_OF.items():
            data = yaml.safe_load((REFERENCE_DIR / f"{acronym.lower()}.yaml").read_text(encoding="utf-8"))
            text = html_text(render_html(*self.sheet(acronym)))
            for listed in data["contributing_countries"]:
                # Named as the UN named them on the sheet's date ("Turkey" in 2005).
                names = [formatting.country(code, language, on=as_of) if isinstance(code, str) else code["name"]
                         for code in listed["countries"]]
                self.assertIn(format_list(names, locale=language), text, (acronym, listed["personnel"]))

    def test_the_pages_facts_in_words_are_on_the_sheet_as_the_page_words_them(self):
        for acronym, (page, _language, _as_of) in PAGE_OF.items():
            text = html_text(WORDING.sub("", render_html(*self.sheet(acronym))))
            for phrase in WORDED[acronym]:
                self.assertIn(phrase, quoted_page(page), "not the page's words")
                self.assertIn(phrase, text, acronym)

    def test_check_finds_no_inconsistency_in_either_page(self):
        for acronym, (_page, _language, as_of) in PAGE_OF.items():
            findings = run_checks(Mission.objects.get(acronym=acronym), as_of=as_of).findings
            self.assertEqual([finding.key for finding in findings if finding.rule in CONSISTENCY_RULES], [], acronym)

    def test_the_json_sheet_carries_the_published_figures_with_exact_amounts(self):
        sheet, language = self.sheet("ONUB")
        published = sheet_as_json(sheet, language)["published"]
        [estimate] = published["finances"]["value"]
        self.assertEqual((estimate["amount"], estimate["currency"]), ("678300000.00", "USD"))
        [peak] = published["peak_strength"]["value"]
        self.assertEqual(peak["total"], 5665)
        self.assertEqual(published["finances"]["provenance"][0]["source"], "onub-facts")


class PublishedPageChecksTests(TestCase):
    """The checks do read the pages' records: the same page with a total that no longer adds up is reported."""

    def test_a_peak_total_one_above_its_parts_is_reported(self):
        data = yaml.safe_load((REFERENCE_DIR / "onub.yaml").read_text(encoding="utf-8"))
        data["peak_strength"][0]["total"] += 1
        data["fatalities"][0]["total"] += 1
        altered = Path(self.enterContext(tempfile.TemporaryDirectory())) / "onub.yaml"
        altered.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        self.assertTrue(import_mission_file(altered).ok)
        findings = run_checks(Mission.objects.get(acronym="ONUB"), as_of=PAGE_OF["ONUB"][2]).findings
        self.assertEqual(sorted(finding.rule for finding in findings if finding.rule in CONSISTENCY_RULES),
                         ["fatalities-do-not-add-up", "stated-total-does-not-add-up"])


class ShippedReferenceDataTests(TestCase):
    def test_both_pages_load_with_the_shipped_reference_data_after_the_catalogue(self):
        load_reference_data()
        for acronym in PAGE_OF:
            mission = Mission.objects.get(acronym=acronym)
            self.assertIsNotNone(compute_sheet(mission, PAGE_OF[acronym][2]).published, acronym)


class PublishedWordingTests(TestCase):
    """Amounts as the pages wrote them ("$2.8 billion", "$153,046,000"); dates only as precise as given."""

    def amount(self, value: str, currency: str = "USD", wording_fr: str = "", wording_en: str = "") -> Amount:
        return Amount(FinancialFigure.Kind.EXPENDITURE, Period(date(1999, 10, 1), date(2005, 12, 31)), Decimal(value),
                      currency, wording_fr, wording_en)

    def test_an_amount_the_page_wrote_in_billions_is_given_in_billions(self):
        with translation.override("en"):
            self.assertEqual(amount_text(self.amount("2800000000", wording_en="Expenditures: $2.8 billion"), "en"),
                             "2.8 billion US dollars")

    def test_a_french_amount_groups_its_thousands_with_a_narrow_no_break_space(self):
        with translation.override("fr"):
            text = amount_text(self.amount("291000000", "EUR", wording_fr="291 millions d’euros"), "fr")
            self.assertEqual(text, "291 millions d’euros")
            self.assertEqual(amount_text(self.amount("291000000", wording_fr="291 millions de dollars"), "fr"),
                             "291 millions de dollars des États-Unis")
            self.assertEqual(amount_text(self.amount("291000000", "EUR"), "fr"), "291\u202f000\u202f000 euros")

    def test_an_amount_under_a_million_is_given_in_full_only(self):
        with translation.override("en"):
            self.assertEqual(amount_text(self.amount("950000.50"), "en"), "950,000.50 US dollars")

    def test_a_date_known_to_the_month_or_the_year_is_shown_to_the_month_or_the_year(self):
        day = date(2007, 9, 1)
        self.assertEqual(dated(Dated(day, DatePrecision.MONTH), "fr"), "septembre 2007")
        self.assertEqual(dated(Dated(day, DatePrecision.YEAR), "en"), "2007")
        self.assertEqual(dated(Dated(day), "fr"), "1er septembre 2007")
