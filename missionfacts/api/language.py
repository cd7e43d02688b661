"""The API answers in one language: the one the request asks for, English unless it asks for French.

A client names it with `?lang=fr|en` or the Accept-Language header; a script that says nothing gets English,
whatever the site's default for people (French). Everything of one answer — data labels, validation errors,
404s, refusals — is then in that language, because it is active before the first line of any API view runs.
An unknown `?lang=` is refused with a 400 naming the languages, rather than silently answered in another.
"""

from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from missionfacts.factsheets.formatting import LANGUAGES

API_PREFIX = "/api/"
DEFAULT_API_LANGUAGE = "en"


def accepted_language(header: str) -> str:
    """The first language of an Accept-Language header that the API speaks (fr-CA counts as fr), else English."""
    for code, _quality in parse_accept_lang_header(header or ""):
        base = code.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return DEFAULT_API_LANGUAGE


def api_language(get_response):
    """Activate the API request's language (after LocaleMiddleware, which only knows the site's default)."""

    def middleware(request):
        if not request.path_info.startswith(API_PREFIX):
            return get_response(request)
        requested = request.GET.get("lang")
        if requested is not None and requested not in LANGUAGES:
            translation.activate(accepted_language(request.headers.get("Accept-Language", "")))
            return JsonResponse({"lang": [
                _("Unknown language %(value)s: use one of %(languages)s.") % {
                    "value": repr(requested)[:40], "languages": ", ".join(LANGUAGES)}]}, status=400)
        language = requested or accepted_language(request.headers.get("Accept-Language", ""))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return get_response(request)

    return middleware
