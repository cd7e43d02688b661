"""What every page gets on its way: the language asked for in its address, and a Content-Security-Policy.

`?lang=fr` or `?lang=en` on any page: that page in that language, whatever the visitor's setting. Links to a
sheet's files carry the language they were made in; the language switch (Django's set_language view) changes
the visitor's setting and drops `lang` from the page it returns to. Another language (`?lang=de`) is refused
with a 400 that names the two, rather than answered in the visitor's language as if it had been understood.
The API answers its own parameters (missionfacts.api), `lang` included.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from missionfacts.factsheets.formatting import LANGUAGES


class LanguageFromQuery:
    """Activates the language of `?lang=`; refuses, once the view is known, a language the site does not have.

    The refusal is answered from process_view, so that it passes back through every middleware (the
    Content-Security-Policy, the CSRF cookie of the language switch) as any page does.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        requested = request.GET.get("lang")
        if requested in LANGUAGES:
            translation.activate(requested)
            request.LANGUAGE_CODE = requested
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        requested = request.GET.get("lang")
        if not requested or requested in LANGUAGES or request.path_info.startswith("/api/"):
            return None
        from missionfacts.web.views.common import refused

        message = _("“%(language)s” is not a language of this site: use lang=fr (French) or lang=en (English).")
        return refused(request, "lang", message % {"language": requested[:20]})


# The name the MIDDLEWARE setting gives it.
language_from_query = LanguageFromQuery


# What a page may load: only what missionfacts serves itself. The dashboards' vega bundle compiles its
# chart expressions into functions ('unsafe-eval'; vega's CSP-safe interpreter is not vendored), and vega
# and the fact sheet set styles inline; no script is inline, so injected markup cannot run a script.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


# The API's documentation page (drf-spectacular's Swagger UI) starts itself with an inline script.
API_DOCS_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


def content_security_policy(get_response):
    """Every response carries the Content-Security-Policy above, unless a view set its own."""

    def middleware(request):
        response = get_response(request)
        policy = API_DOCS_POLICY if request.path_info.startswith("/api/docs/") else CONTENT_SECURITY_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        return response

    return middleware
