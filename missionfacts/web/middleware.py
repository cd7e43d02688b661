"""`?lang=fr` or `?lang=en` on any page: that page in that language, whatever the visitor's setting.

Links to a sheet's files carry the language they were made in; the language switch (Django's set_language
view) changes the visitor's setting and drops `lang` from the page it returns to.
"""

from django.utils import translation

from missionfacts.factsheets.formatting import LANGUAGES


def language_from_query(get_response):
    def middleware(request):
        requested = request.GET.get("lang")
        if requested in LANGUAGES:
            translation.activate(requested)
            request.LANGUAGE_CODE = requested
        return get_response(request)

    return middleware
