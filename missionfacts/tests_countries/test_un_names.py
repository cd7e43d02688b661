"""Countries are named as the UN names them (UNTERM short names), in each language and on each date."""

import csv
import datetime
from pathlib import Path

from django.test import SimpleTestCase

from missionfacts.countries import _earlier_names, _un_names, country_name
from missionfacts.factsheets import formatting

REPO_APP = Path(__file__).resolve().parent.parent
FATALITIES = REPO_APP / "casualties" / "reference" / "DPPADPOSS-FATALITIES.csv"
OPERATIONS = REPO_APP / "missions" / "reference" / "operations.csv"


def codes_in_reference_files() -> set[str]:
    """Every country code the UN's fatalities file and the operations catalogue use."""
    codes = set()
    with FATALITIES.open(encoding="utf-8") as fatalities:
        codes |= {row["isocode3"] for row in csv.DictReader(fatalities) if row["isocode3"]}
    with OPERATIONS.open(encoding="utf-8") as operations:
        for row in csv.DictReader(operations):
            codes |= set(row["host_countries"].split())
    return codes


class UnShortNamesTests(SimpleTestCase):
    def test_monusco_host_is_named_as_the_un_names_it(self):
        self.assertEqual(country_name("COD", "en"), "Democratic Republic of the Congo")
        self.assertEqual(country_name("COD", "fr"), "République démocratique du Congo")
        self.assertEqual(formatting.country("COD", "fr"), "République démocratique du Congo")

    def test_it_gives_unterm_names_not_cldr_ones(self):
        expected = {
            "KOR": ("Republic of Korea", "République de Corée"),
            "RUS": ("Russian Federation", "Fédération de Russie"),
            "BIH": ("Bosnia and Herzegovina", "Bosnie-Herzégovine"),
            "PSE": ("State of Palestine", "État de Palestine"),
            "SYR": ("Syrian Arab Republic", "République arabe syrienne"),
            "IRN": ("Iran (Islamic Republic of)", "Iran (République islamique d’)"),
            "VNM": ("Viet Nam", "Viet Nam"),
            "TZA": ("United Republic of Tanzania", "République-Unie de Tanzanie"),
            "GBR": ("United Kingdom of Great Britain and Northern Ireland",
                    "Royaume-Uni de Grande-Bretagne et d’Irlande du Nord"),
            "CIV": ("Côte d’Ivoire", "Côte d’Ivoire"),
            "ESH": ("Western Sahara", "Sahara occidental"),
            "TUR": ("Türkiye", "Türkiye"),
            "MKD": ("North Macedonia", "Macédoine du Nord"),
            "SWZ": ("Eswatini", "Eswatini"),
            "CZE": ("Czechia", "Tchéquie"),
        }
        for code, (english, french) in expected.items():
            with self.subTest(code=code):
                self.assertEqual(country_name(code, "en"), english)
                self.assertEqual(country_name(code, "fr"), french)

    def test_a_regional_language_tag_gets_the_same_names(self):
        self.assertEqual(country_name("KOR", "fr-ch"), "République de Corée")
        self.assertEqual(country_name("KOR", "en_GB"), "Republic of Korea")


class NamesOnTheirDatesTests(SimpleTestCase):
    def test_turkey_before_june_2022_and_turkiye_from_then(self):
        self.assertEqual(country_name("TUR", "en", on=datetime.date(2015, 6, 30)), "Turkey")
        self.assertEqual(country_name("TUR", "fr", on=datetime.date(2015, 6, 30)), "Turquie")
        self.assertEqual(country_name("TUR", "en", on=datetime.date(2022, 5, 31)), "Turkey")
        self.assertEqual(country_name("TUR", "en", on=datetime.date(2022, 6, 1)), "Türkiye")
        self.assertEqual(country_name("TUR", "fr", on=datetime.date(2023, 1, 1)), "Türkiye")

    def test_the_former_yugoslav_republic_of_macedonia_until_february_2019(self):
        before, after = datetime.date(2019, 2, 13), datetime.date(2019, 2, 14)
        self.assertEqual(country_name("MKD", "en", on=before), "The former Yugoslav Republic of Macedonia")
        self.assertEqual(country_name("MKD", "fr", on=before), "ex-République yougoslave de Macédoine")
        self.assertEqual(country_name("MKD", "en", on=after), "North Macedonia")
        self.assertEqual(country_name("MKD", "fr", on=after), "Macédoine du Nord")

    def test_swaziland_czech_republic_cape_verde_bolivia_netherlands_before_their_changes(self):
        cases = [
            ("SWZ", "2017-12-31", "Swaziland", "Swaziland", "2018-06-30", "Eswatini", "Eswatini"),
            ("CZE", "2015-06-30", "Czech Republic", "République tchèque", "2017-01-01", "Czechia", "Tchéquie"),
            ("CPV", "2010-01-01", "Cape Verde", "Cap-Vert", "2014-01-01", "Cabo Verde", "Cabo Verde"),
            ("BOL", "2005-01-01", "Bolivia", "Bolivie", "2010-01-01",
             "Bolivia (Plurinational State of)", "Bolivie (État plurinational de)"),
            ("NLD", "2016-06-30", "Netherlands", "Pays-Bas", "2024-01-01",
             "Netherlands (Kingdom of the)", "Pays-Bas (Royaume des)"),
        ]
        for code, before, english_then, french_then, after, english_now, french_now in cases:
            with self.subTest(code=code):
                before_day, after_day = datetime.date.fromisoformat(before), datetime.date.fromisoformat(after)
                self.assertEqual(country_name(code, "en", on=before_day), english_then)
                self.assertEqual(country_name(code, "fr", on=before_day), french_then)
                self.assertEqual(country_name(code, "en", on=after_day), english_now)
                self.assertEqual(country_name(code, "fr", on=after_day), french_now)

    def test_without_a_date_the_current_name(self):
        self.assertEqual(country_name("TUR", "en"), "Türkiye")
        self.assertEqual(country_name("NLD", "en"), "Netherlands (Kingdom of the)")

    def test_a_datetime_is_read_as_its_day(self):
        self.assertEqual(country_name("TUR", "en", on=datetime.datetime(2015, 6, 30, 12, 0)), "Turkey")

    def test_every_earlier_name_has_a_source_and_both_languages(self):
        data = Path(__file__).resolve().parent.parent / "countries_data" / "historical_names.csv"
        with data.open(encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                with self.subTest(code=row["alpha3"]):
                    self.assertTrue(row["english"] and row["french"])
                    self.assertGreater(len(row["source"]), 40)

    def test_states_that_no_longer_exist_are_named(self):
        expected = {
            "SCG": ("Serbia and Montenegro", "Serbie-et-Monténégro"),
            "YUG": ("Yugoslavia", "Yougoslavie"),
            "CSK": ("Czechoslovakia", "Tchécoslovaquie"),
            "SUN": ("Union of Soviet Socialist Republics", "Union des Républiques socialistes soviétiques"),
            "ZAR": ("Zaire", "Zaïre"),
            "ANT": ("Netherlands Antilles", "Antilles néerlandaises"),
        }
        for code, (english, french) in expected.items():
            with self.subTest(code=code):
                self.assertEqual(country_name(code, "en"), english)
                self.assertEqual(country_name(code, "fr"), french)


class FallbackTests(SimpleTestCase):
    def test_kosovo_keeps_its_name_in_both_languages(self):
        self.assertEqual(country_name("XKX", "en"), "Kosovo")
        self.assertEqual(country_name("XKX", "fr"), "Kosovo")

    def test_a_territory_without_a_french_un_name_falls_back_to_cldr(self):
        # The taxonomy gives Taiwan no French name; CLDR's is used rather than the English one or the code.
        self.assertEqual(country_name("TWN", "fr"), "Taïwan")

    def test_a_language_the_un_names_lack_falls_back_to_cldr(self):
        self.assertEqual(country_name("DEU", "de"), "Deutschland")

    def test_an_unknown_code_is_given_back_as_it_is(self):
        self.assertEqual(country_name("QQQ", "en"), "QQQ")


class ReferenceFilesTests(SimpleTestCase):
    def test_every_code_of_the_fatalities_file_and_the_catalogue_gets_a_un_name_in_both_languages(self):
        codes = codes_in_reference_files()
        self.assertGreater(len(codes), 100)
        un_names = _un_names()
        for code in sorted(codes):
            with self.subTest(code=code):
                for language in ("en", "fr"):
                    name = country_name(code, language)
                    self.assertNotEqual(name, code)
                # Kosovo has no French name in the taxonomy (CLDR's "Kosovo" is the same word).
                if code != "XKX":
                    self.assertEqual(set(un_names[code]), {"en", "fr"})


class FrenchOfTests(SimpleTestCase):
    def all_french_names(self) -> list[str]:
        current = {names["fr"] for names in _un_names().values() if "fr" in names}
        earlier = {names["fr"] for periods in _earlier_names().values() for _until, names in periods}
        return sorted(current | earlier | {country_name("XKX", "fr"), country_name("TWN", "fr")})

    def test_no_name_reads_de_le_or_de_les(self):
        for name in self.all_french_names():
            with self.subTest(name=name):
                text = formatting.french_of(name)
                self.assertFalse(text.startswith(("de le ", "de les ", "de l’ ", "du l")), text)
                self.assertTrue(text.endswith(name), text)

    def test_elision_only_before_a_vowel_sound(self):
        for name in self.all_french_names():
            with self.subTest(name=name):
                text = formatting.french_of(name)
                if text.startswith(("de l’", "d’")):
                    self.assertIn(name[0].upper(), "AEIOUÉÈÊÂÎÔÛH")
                if text.startswith(("du ", "de la ")):
                    self.assertNotIn(name[0].upper(), "AEIOUÉÈÊÂÎÔÛ")

    def test_the_article_each_un_name_takes(self):
        expected = {
            "République démocratique du Congo": "de la République démocratique du Congo",
            "Philippines": "des Philippines",
            "Soudan du Sud": "du Soudan du Sud",
            "Türkiye": "de la Türkiye",
            "Pays-Bas (Royaume des)": "des Pays-Bas (Royaume des)",
            "Royaume-Uni de Grande-Bretagne et d’Irlande du Nord":
                "du Royaume-Uni de Grande-Bretagne et d’Irlande du Nord",
            "Fédération de Russie": "de la Fédération de Russie",
            "Bélarus": "du Bélarus",
            "Honduras": "du Honduras",
            "Hongrie": "de la Hongrie",
            "Yémen": "du Yémen",
            "Haïti": "d’Haïti",
            "Sierra Leone": "de la Sierra Leone",
            "Trinité-et-Tobago": "de la Trinité-et-Tobago",
            "Sainte-Lucie": "de Sainte-Lucie",
            "Saint-Siège": "du Saint-Siège",
            "Sao Tomé-et-Principe": "de Sao Tomé-et-Principe",
            "Antigua-et-Barbuda": "d’Antigua-et-Barbuda",
            "El Salvador": "d’El Salvador",
            "Oman": "d’Oman",
            "Iran (République islamique d’)": "de l’Iran (République islamique d’)",
            "Chine, région administrative spéciale de Hong Kong":
                "de la Chine, région administrative spéciale de Hong Kong",
            "ex-République yougoslave de Macédoine": "de l’ex-République yougoslave de Macédoine",
            "Zaïre": "du Zaïre",
            "État de Palestine": "de l’État de Palestine",
            "Îles Salomon": "des Îles Salomon",
            "Kosovo": "du Kosovo",
        }
        for name, text in expected.items():
            with self.subTest(name=name):
                self.assertEqual(formatting.french_of(name), text)


class SheetFormattingTests(SimpleTestCase):
    def test_the_sheets_formatting_passes_the_date_on(self):
        self.assertEqual(formatting.country("TUR", "en", on=datetime.date(2015, 6, 30)), "Turkey")
        self.assertEqual(formatting.country("TUR", "fr"), "Türkiye")
