"""Sources belong to what cites them: who may change a source, decided here for the importer and the API alike.

A source is cited by fact records (every SourcedRecord names one) and by missions themselves (a mission's row
names the source of its identity and, in format 3, the source it prefers). Whoever speaks for some missions — a
mission file for its mission, an editor for the missions they edit — may create sources and change those that
only these missions cite, or that nothing cites yet. A source another mission cites is that mission's too:
changing it would change what the other mission's page says, so it is refused, naming that mission. The data
sets every mission shares (the UN's data files, the catalogue of operations) may be cited by anyone and changed
by none of them; an administrator changes them.
"""

import functools
from collections.abc import Iterable

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from missionfacts.imports.models import Source, SourcedRecord
from missionfacts.missions.models import Mission

# How many citing missions a refusal names before it says "…".
NAMED_MISSIONS = 5


@functools.cache
def shared_source_keys() -> frozenset[str]:
    """The keys of the sources every mission shares: the UN's data sets and the catalogue's sources."""
    from missionfacts.imports import un_contributions, un_fatalities, un_missions
    from missionfacts.missions.catalogue import SOURCES

    return frozenset({un_contributions.SOURCE.key, un_fatalities.SOURCE.key, un_missions.SOURCE.key, *SOURCES})


@functools.cache
def _mission_records() -> tuple[type[SourcedRecord], ...]:
    """Every concrete record model that belongs to one mission through its `mission` field."""
    from simple_history.models import HistoricalChanges

    return tuple(model for model in apps.get_models()
                 if issubclass(model, SourcedRecord) and not issubclass(model, HistoricalChanges)
                 and any(field.name == "mission" for field in model._meta.fields))


def missions_citing(source: Source) -> QuerySet[Mission]:
    """The missions whose row or records cite the source, by acronym."""
    cited = Q(source=source) | Q(preferred_source=source)
    for model in _mission_records():
        cited |= Q(pk__in=model.objects.filter(source=source).values("mission"))
    return Mission.objects.filter(cited).order_by("acronym")


def changed_fields(source: Source, values: dict) -> list[str]:
    """The names of the source's fields that `values` would change, in the order given."""
    return [name for name, value in values.items() if getattr(source, name) != value]


def refusal_to_change(source: Source, within: Iterable[Mission]) -> str | None:
    """Why the source may not be changed by someone who speaks only for the missions `within`, or None.

    A source not yet saved belongs to whoever creates it.
    """
    if source.pk is None:
        return None
    if source.key in shared_source_keys():
        return _("the source '%(key)s' is a data set every mission shares and cannot be changed for one mission: "
                 "give it exactly as it is, or declare a source of your own under another key") % {"key": source.key}
    others = list(missions_citing(source).exclude(pk__in=[mission.pk for mission in within if mission.pk])
                  .values_list("acronym", flat=True)[:NAMED_MISSIONS + 1])
    if not others:
        return None
    named = ", ".join(others[:NAMED_MISSIONS]) + (", …" if len(others) > NAMED_MISSIONS else "")
    return _("the source '%(key)s' is also cited by %(missions)s, whose page it would change: give it exactly "
             "as it is, or declare a source of your own under another key") % {"key": source.key, "missions": named}
