"""The API answers in one language: the request's (?lang= or Accept-Language), English when it names none.

Each answer below — the root, a list, a sheet's figures and every kind of error — is asked for in French and in
English, and its words are searched for words of the other language. Data values are left out of the search:
URLs, and the fields a record holds in both languages (name_fr, name_en, ...), are not the API's own words.
"""

import re
from unittest import mock

from rest_framework.throttling import BaseThrottle

from missionfacts.api.tests.base import ApiTestCase
from missionfacts.api.views.figures import MissionViewSet

# Common words of each language that the other never uses (as whole words, case-insensitively).
ENGLISH_WORDS = {"the", "is", "not", "enter", "give", "found", "nothing", "this", "field", "required", "valid",
                 "invalid", "credentials", "method", "allowed", "request", "was", "use", "with",
                 "must", "check", "every", "unknown", "language", "available", "figures", "records", "answers"}
FRENCH_WORDS = {"le", "la", "les", "est", "pas", "une", "du", "des", "et", "ou", "vous", "ce", "cette", "saisissez",
                "donnez", "rien", "adresse", "requête", "méthode", "autorisée", "informations", "champ",
                "obligatoire", "langue", "inconnue", "valide", "chiffres", "enregistrements", "réponses", "à"}
OTHER_LANGUAGE_WORDS = {"fr": ENGLISH_WORDS, "en": FRENCH_WORDS}
# Proper names quoted in both languages: the UN's data hub is named in English in French text too.
PROPER_NAMES = ("United Nations Peace and Security Data Hub", "Accept-Language")


class AlwaysThrottled(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        return False

    def wait(self) -> float:
        return 30


def api_words(data) -> list[str]:
    """The API's own texts in an answer: every string but URLs and fields named in one language (_fr, _en)."""
    if isinstance(data, dict):
        return [text for key, value in data.items() if not re.search(r"_(fr|en)$", str(key))
                for text in api_words(value)]
    if isinstance(data, list):
        return [text for value in data for text in api_words(value)]
    if isinstance(data, str) and not re.match(r"https?://", data):
        for name in PROPER_NAMES:
            data = data.replace(name, "")
        return [data]
    return []


class ApiLanguageTests(ApiTestCase):
    def assert_in_one_language(self, language: str, response, status: int) -> None:
        self.assertEqual(response.status_code, status, response.content[:300])
        self.assertEqual(response["Content-Language"], language)
        texts = api_words(response.json())
        self.assertTrue(texts, "the answer holds no text to check")
        # Paths, parameters and formats (/api/missions/{acronym}/figures/, as_of=YYYY-MM-DD) are the same in both.
        prose = [re.sub(r"\S*[/=_]\S*", " ", text) for text in texts]
        words = {word.lower() for text in prose for word in re.findall(r"[^\W\d_]+", text)}
        self.assertFalse(words & OTHER_LANGUAGE_WORDS[language],
                         f"{language} answer has words of the other language: {texts}")

    def ask(self, language: str, method: str, url: str, **extra):
        return getattr(self.client, method)(url, HTTP_ACCEPT_LANGUAGE=language, **extra)

    def test_every_answer_and_error_is_in_the_language_asked_for(self):
        cases = [
            ("anonymous", "get", "/api/", {}, 200),
            ("anonymous", "get", "/api/missions/MINUSMA/figures/", {"data": {"as_of": "2020-13-01"}}, 400),
            ("anonymous", "get", "/api/missions/MINUSMA/figures/", {"data": {"as_of": "1800-01-01"}}, 400),
            ("anonymous", "get", "/api/missions/MINUSMA/figures/",
             {"data": {"period_start": "2020-01-01"}}, 400),
            ("anonymous", "get", "/api/missions/", {"data": {"as_of": "2020-13-01"}}, 400),
            ("anonymous", "get", "/api/strength/", {"data": {"reported_from": "3000-01-01"}}, 400),
            ("anonymous", "get", "/api/missions/", {"data": {"kind": "planet"}}, 400),
            ("anonymous", "get", "/api/missions/NOSUCHMISSION/", {}, 404),
            ("anonymous", "get", "/api/missions/NOSUCHMISSION/figures/", {}, 404),
            ("anonymous", "get", "/api/no-such-list/", {}, 404),
            ("anonymous", "get", "/api/strength/", {"data": {"page": "999"}}, 404),
            ("anonymous", "post", "/api/strength/", {"data": {}, "format": "json"}, 401),
            ("reader", "post", "/api/component-strengths/", {"data": {"mission": "MINUSMA"}, "format": "json"}, 403),
            ("editor", "delete", "/api/missions/", {}, 405),
            ("editor", "post", "/api/component-strengths/", {"data": "{nope", "content_type": "application/json"},
             400),
            ("editor", "post", "/api/component-strengths/",
             {"data": {"mission": "MINUSMA", "reported_on": "2020-08-31", "component": "police", "total": 10,
                       "women": 20, "source": "test-source"}, "format": "json"}, 400),
            ("editor", "post", "/api/component-strengths/", {"data": {}, "format": "json"}, 400),
            ("anonymous", "get", "/api/missions/", {"data": {"lang": "de"}}, 400),
        ]
        for language in ("fr", "en"):
            for actor, method, url, extra, status in cases:
                with self.subTest(language=language, actor=actor, request=f"{method} {url} {extra}"):
                    self.act_as(actor)
                    self.assert_in_one_language(language, self.ask(language, method, url, **extra), status)

    def test_a_throttled_client_is_told_in_its_language(self):
        with mock.patch.object(MissionViewSet, "throttle_classes", [AlwaysThrottled]):
            for language in ("fr", "en"):
                with self.subTest(language=language):
                    self.assert_in_one_language(language, self.ask(language, "get", "/api/missions/"), 429)

    def test_lang_in_the_address_wins_over_the_header(self):
        response = self.client.get("/api/missions/NOSUCHMISSION/", {"lang": "fr"}, HTTP_ACCEPT_LANGUAGE="en")
        self.assert_in_one_language("fr", response, 404)

    def test_a_client_that_names_no_language_gets_english(self):
        for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "de-DE, ja"}):
            with self.subTest(header=str(headers)):
                self.assert_in_one_language("en", self.client.get("/api/missions/NOSUCHMISSION/", **headers), 404)

    def test_a_regional_french_is_french(self):
        self.assert_in_one_language("fr", self.ask("fr-CA,fr;q=0.9,en;q=0.5", "get", "/api/missions/NOSUCH/"), 404)

    def test_the_sheets_figures_name_the_mission_in_the_language_asked_for(self):
        for language in ("fr", "en"):
            with self.subTest(language=language):
                figures = self.ask(language, "get", "/api/missions/MINUSMA/figures/", data={"as_of": "2020-07-01"})
                self.assertEqual(figures.status_code, 200)
                self.assertEqual(figures.json()["mission_name"], getattr(self.minusma, f"name_{language}"))
