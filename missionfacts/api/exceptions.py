"""API errors in the request's language, with no text of Python's or Django's own left in English."""

import json

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler


def translated_exception_handler(error, context):
    """DRF's handler, after putting into words the errors whose stock text is not translated.

    Django's `get_object_or_404` says "No Mission matches the given query." in English whatever the language,
    and DRF's JSON parser appends Python's own English reason ("Expecting value: line 1 column 1"): both are
    replaced by a message of the catalogue.
    """
    if isinstance(error, Http404):
        error = exceptions.NotFound(_("Nothing is found at this address: check the acronym or the number in it."))
    elif isinstance(error, exceptions.ParseError) and isinstance(error.__context__, json.JSONDecodeError):
        cause = error.__context__
        error = exceptions.ParseError(_("The request body is not valid JSON (line %(line)s, column %(column)s).")
                                      % {"line": cause.lineno, "column": cause.colno})
    return exception_handler(error, context)
