"""The keys a mission file may use, at every level: any other is refused, with the nearest known key.

A misspelled section (`sectorz:`) must not read as a file without sectors: the import would then remove the
mission's sectors. So every key of the file is checked against this list before anything is written, and an
unknown one is a problem naming it ("unknown section; did you mean `sectors`?").

The keys of every format are listed together. A section of a later format in an earlier file is refused
elsewhere, in words that name the format it needs (`FORMAT_2_SECTIONS`, `FORMAT_3_SECTIONS`), and so are format
3's fields (`needs_format_3`); a format-2 field in a format-1 record is known here, and still not read. The keys
of a map of categories (`ceilings`, `categories`) and of `checks` are checked by their writers, against the
categories and the registered rules.
"""

from difflib import get_close_matches

from django.utils.translation import gettext as _

from missionfacts.imports.mission_file.reader import LANGUAGES, MissionFileReader
from missionfacts.imports.problems import Problem
from missionfacts.imports.yaml_lines import LineDict


class Text:
    """A text: a plain string in a one-language file, or `{fr: ..., en: ...}`."""


class MapOf:
    """A map whose keys its writer checks (categories), each value of the shape given."""

    def __init__(self, value):
        self.value = value


NUMBER_WITH_WOMEN = {"total": None, "women": None}
TEXT = Text()

RECORDS = {
    "format": None,
    "language": None,
    "default_source": None,
    "preferred_source": None,
    "sources": [{"key": None, "kind": None, "title": None, "publisher": None, "published_on": None, "url": None,
                 "licence": None, "note": None}],
    "mission": {
        "acronym": None, "name": TEXT, "host_country": None, "headquarters": None, "started_on": None,
        "ended_on": None, "location": TEXT, "other_host_countries": None, "other_headquarters": TEXT,
        "financing": TEXT, "headquarters_coordinates": {"latitude": None, "longitude": None}, "source": None,
    },
    "resolutions": [{
        "number": None, "adopted_on": None, "mandate_ends_on": None, "ceilings": MapOf(None),
        "ceilings_text": TEXT, "priorities": [{"title": TEXT, "text": TEXT}], "tasks": [{"title": TEXT, "text": TEXT}],
        "source": None,
    }],
    "sectors": [{
        "key": None, "name": TEXT, "valid_from": None, "valid_to": None, "source": None,
        "sites": [{"name": None, "places": None, "latitude": None, "longitude": None, "valid_from": None,
                   "valid_to": None, "source": None}],
    }],
    "stated_site_counts": [{"stated_on": None, "sites": None, "source": None}],
    "leadership": [{"role": None, "title": TEXT, "rank": TEXT, "name": None, "nationality": None, "from": None,
                    "to": None, "acting": None, "as_of": None, "source": None}],
    "budgets": [{"period": None, "approved_usd": None, "source": None}],
    "strength_totals": [{"reported_on": None, "military": NUMBER_WITH_WOMEN, "police": NUMBER_WITH_WOMEN,
                         "source": None}],
    "civilian_staffing": [{"reported_on": None, "category": None, "total": None, "women": None, "source": None}],
    "patrol_counts": [{"component": None, "period": None, "count": None, "source": None}],
    "training_programmes": [{
        "key": None, "counts": None, "audience": TEXT, "subject": TEXT, "source": None,
        "totals": [{"period": None, "count": None, "women": None, "source": None}],
    }],
    "fatality_counts": [{"period": None, "as_of": None, "count": None, "incident_type": None,
                         "personnel_category": None, "source": None}],
    "fatalities": [{"period": None, "as_of": None, "total": None, "categories": MapOf(None), "source": None}],
    "finances": [{"kind": None, "period": None, "amount": None, "currency": None, "wording": TEXT, "source": None}],
    "contributing_countries": [{"personnel": None, "countries": None, "listed_on": None, "source": None}],
    "key_figures": [{"key": None, "label": TEXT, "value": None, "unit": TEXT, "qualifier": None, "period": None,
                     "as_of": None, "wording": TEXT, "source": None}],
    "checks": None,
}
STRENGTH = [{"reported_on": None, "total": NUMBER_WITH_WOMEN, "uniformed": NUMBER_WITH_WOMEN, "total_covers": None,
             "wording": TEXT, "source": None,
             "categories": MapOf({**NUMBER_WITH_WOMEN, "includes": None, "excludes": None})}]
RECORDS.update(strength=STRENGTH, peak_strength=STRENGTH, withdrawal_strength=STRENGTH)


def check_keys(reader: MissionFileReader) -> None:
    """Record a problem for every key of the file that the format does not know, with the nearest known one."""
    _check(reader, reader.data, RECORDS, "")


def _check(reader: MissionFileReader, node, shape, where: str) -> None:
    if isinstance(shape, list) and isinstance(node, list):
        for index, item in enumerate(node):
            _check(reader, item, shape[0], f"{where}[{index}]")
    elif isinstance(shape, MapOf) and isinstance(node, dict):
        for name, value in node.items():
            _check(reader, value, shape.value, f"{where}.{name}")
    elif isinstance(shape, Text) and isinstance(node, dict) and not reader.is_format_2:
        # Format 2 and later say it themselves, in the words of every text (MissionFileReader.bilingual).
        _unknown(reader, node, LANGUAGES, where, _("a text has only `fr` and `en`"))
    elif isinstance(shape, dict) and isinstance(node, dict):
        _unknown(reader, node, shape, where, None)
        for name, value in node.items():
            if name in shape and shape[name] is not None:
                _check(reader, value, shape[name], f"{where}.{name}".lstrip("."))


def _unknown(reader: MissionFileReader, node: dict, known, where: str, reason: str | None) -> None:
    for name in node:
        if name in known:
            continue
        column = f"{where}.{name}".lstrip(".")
        nearest = get_close_matches(str(name), [str(key) for key in known], n=1, cutoff=0.6)
        if reason is None and not where:
            what = _("unknown section")
        elif reason is None:
            what = _("unknown field")
        else:
            what = reason
        if nearest:
            message = _("%(what)s; did you mean `%(nearest)s`?") % {"what": what, "nearest": nearest[0]}
        elif reason is not None:
            message = reason
        else:
            message = _("%(what)s; the keys here are: %(known)s") % {
                "what": what, "known": ", ".join(f"`{key}`" for key in known)}
        line = node.line_of(name) if isinstance(node, LineDict) else getattr(node, "line", None)
        reader.result.problems.append(Problem(reader.path.name, line, column, "", message))
