"""Which of several published versions of one fact a sheet shows (docs/mission-file.md, "Several published
versions of the same facts").

Two pages may state the same fact for the same date differently (the UN's site and the mission's own). All
versions are kept, each with its source; the sheet shows one by a single rule, and the check
`published-versions-disagree` names the others with the same rule, so the two always agree on which is shown.
"""

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar
from urllib.parse import urlsplit

from missionfacts.imports.models import Source
from missionfacts.missions.models import Mission

Record = TypeVar("Record")
# The UN's peacekeeping site, whose version is shown when the mission prefers no source of its own.
UN_SITE = "peacekeeping.un.org"


def on_un_site(source: Source) -> bool:
    host = (urlsplit(source.url or "").hostname or "").lower()
    return host == UN_SITE or host.endswith(f".{UN_SITE}")


def rank(record, mission: Mission) -> tuple:
    """The order versions are chosen in: the mission's preferred source, the UN's site, then file order."""
    source = record.source
    return (source.pk != mission.preferred_source_id, not on_un_site(source), record.pk)


def versions(records: Iterable[Record], key: Callable[[Record], Hashable], mission: Mission,
             ) -> dict[Hashable, list[Record]]:
    """The records grouped by the fact they state (`key`, without the source); each group's first is shown."""
    groups: dict[Hashable, list[Record]] = {}
    for record in records:
        groups.setdefault(key(record), []).append(record)
    return {fact: sorted(group, key=lambda record: rank(record, mission)) for fact, group in groups.items()}


def shown(records: Iterable[Record], key: Callable[[Record], Hashable], mission: Mission) -> list[Record]:
    """One version of each fact, the one the sheet shows, in the records' own order."""
    records = list(records)
    chosen = {id(group[0]) for group in versions(records, key, mission).values()}
    return [record for record in records if id(record) in chosen]
