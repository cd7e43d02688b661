"""Small builders for records in tests, so each test states only what matters to it."""

from datetime import date

from missionfacts.imports.models import Source
from missionfacts.missions.models import Mission


def a_source(key: str = "test-source") -> Source:
    source, _ = Source.objects.get_or_create(key=key, defaults={"kind": "document", "title": f"Test source {key}"})
    return source


def a_mission(acronym: str = "MINUTEST", started_on: date = date(2013, 7, 1), **fields) -> Mission:
    fields.setdefault("name_fr", f"Mission de test {acronym}")
    fields.setdefault("name_en", f"Test mission {acronym}")
    fields.setdefault("host_country", "MLI")
    return Mission.objects.create(acronym=acronym, started_on=started_on, source=a_source(), **fields)
