"""How findings name records to a person: short labels in the reader's language."""

from datetime import date

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from missionfacts.checks.findings import Bilingual, Message
from missionfacts.missions.models import CeilingScope
from missionfacts.personnel.models import Component, PersonnelType


def component_name(component: str):
    return Component(component).label


def model_name(model: type[models.Model], plural: bool = False):
    meta = model._meta
    return capfirst(meta.verbose_name_plural if plural else meta.verbose_name)


def component_total_label(record) -> Message:
    return Message(_("stated total of the {component} component on {date}: {total}"),
                   component=component_name(record.component), date=record.reported_on, total=record.total)


def rows_label(component: str, day: date) -> Message:
    return Message(_("per-country rows of the {component} component on {date}"),
                   component=component_name(component), date=day)


def type_rows_label(personnel_type: str, day: date) -> Message:
    return Message(_("per-country rows of the type “{personnel_type}” on {date}"),
                   personnel_type=PersonnelType(personnel_type).label, date=day)


def listed(labels) -> Message:
    """Labels joined by commas, each rendered in the reader's language."""
    labels = list(labels)
    return Message(", ".join(f"{{label_{index}}}" for index in range(len(labels))),
                   **{f"label_{index}": label for index, label in enumerate(labels)})


def period_label(start: date, end: date) -> Message:
    return Message(_("{start} to {end}"), start=start, end=end)


def validity_label(valid_from: date | None, valid_to: date | None) -> Message:
    if valid_from and valid_to:
        return period_label(valid_from, valid_to)
    if valid_from:
        return Message(_("from {start}"), start=valid_from)
    return Message(_("until {end}"), end=valid_to)


def count_label(record) -> Message:
    """A published count over a period: "1 July 2013 to 30 June 2021: 244,720"."""
    return Message(_("published count for {period}: {count}"),
                   period=period_label(record.period_start, record.period_end), count=record.count)


def ceiling_label(ceiling) -> Message:
    if ceiling.resolution.number is None:
        # An authorisation a page states without its resolution's number (format 2 of the mission file).
        return Message(_("authorisation of {date}: {authorised} {scope}"), date=ceiling.resolution.adopted_on,
                       authorised=ceiling.authorised, scope=CeilingScope(ceiling.scope).label)
    return Message(_("resolution {resolution}: {authorised} {scope}"), resolution=ceiling.resolution.number,
                   authorised=ceiling.authorised, scope=CeilingScope(ceiling.scope).label)


def sector_name(sector) -> Bilingual:
    return Bilingual(sector.name_fr, sector.name_en)


def import_label(batch) -> Message:
    if batch is None:
        return Message(_("entered without an import"))
    return Message(_("import #{number}, {file} of {date}"), number=str(batch.pk), file=batch.file_name,
                   date=batch.imported_at.date())


def record_label(record) -> Message:
    """A label for any record a figure's provenance names."""
    from missionfacts.activities.models import PeriodCount
    from missionfacts.missions.models import Ceiling, Sector, StatedSiteCount
    from missionfacts.personnel.models import ComponentStrength

    if isinstance(record, PeriodCount):
        return count_label(record)
    if isinstance(record, ComponentStrength):
        return component_total_label(record)
    if isinstance(record, StatedSiteCount):
        return Message(_("stated on {date}: {sites}"), date=record.stated_on, sites=record.sites)
    if isinstance(record, Ceiling):
        return ceiling_label(record)
    if isinstance(record, Sector):
        return Message("{name}", name=sector_name(record))
    return Message("{text}", text=str(record))
