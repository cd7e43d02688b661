"""Every figure of a mission's fact sheet for a date and a reporting period, with provenance.

This is the one place that decides what a fact sheet says. Renderers (HTML, PDF, JSON, charts) are handed
a SheetFigures and never query the database themselves.
"""

import dataclasses
from dataclasses import dataclass
from datetime import date

from missionfacts.casualties.models import IncidentType
from missionfacts.figures.activities import TrainingFigure, fatalities_between, patrols_of_components, trainings_between
from missionfacts.figures.coverage import Block, sheet_blocks
from missionfacts.figures.deployment import DeploymentRecords, deployment_on, site_count_on
from missionfacts.figures.mandate import MandateText, mandate_of, resolution_in_force, resolutions_adopted_by
from missionfacts.figures.published import Dated, PublishedFacts, published_facts
from missionfacts.figures.shapes import Headquarters
from missionfacts.figures.strength import ceilings_in_force, country_rows_as_of, strengths_as_of, top_contributors_of
from missionfacts.figures.un_data import UNDataDate, un_data_as_of
from missionfacts.figures.values import Figure, NotAvailable, Period
from missionfacts.imports.models import Source
from missionfacts.missions.models import CeilingScope, DatePrecision, Mission
from missionfacts.personnel.models import Component


@dataclass(frozen=True)
class SourceReference:
    """A source the sheet's figures came from, as a reader would cite it."""

    key: str
    title: str
    publisher: str


class SheetRequestError(ValueError):
    """The date or period asked for cannot give a fact sheet for this mission."""


@dataclass(frozen=True)
class SheetFigures:
    mission_acronym: str
    mission_name_fr: str
    mission_name_en: str
    host_country: str
    as_of: date
    period: Period
    resolution: Figure | NotAvailable
    ceilings: dict[str, Figure | NotAvailable]
    strength: dict[str, Figure | NotAvailable]
    patrols: dict[str, Figure | NotAvailable]
    trainings: tuple[TrainingFigure, ...]
    fatalities_in_attacks: Figure | NotAvailable
    deployment: Figure | NotAvailable
    site_count: Figure | NotAvailable
    top_contributors: dict[str, Figure | NotAvailable]
    priorities: tuple[MandateText, ...]
    tasks: tuple[MandateText, ...]
    sources: tuple[SourceReference, ...] = ()
    # Every host country, the main one first (ISO alpha-3); the map draws them all.
    host_countries: tuple[str, ...] = ()
    headquarters: Headquarters | None = None
    # The mission's own wording of where it works ("Middle East"), when its pages give one.
    location_fr: str = ""
    location_en: str = ""
    # The mission's first and last days, with as much of each as its record knows (day, month or year).
    mission_started: Dated | None = None
    mission_ended: Dated | None = None
    published: PublishedFacts | None = None
    # The dates of the UN's datasets behind the figures ("UN data as of 4 April 2025"), earliest first.
    un_data: tuple[UNDataDate, ...] = ()
    # Each block of the sheet with the source its facts come from (figures.coverage.sheet_blocks).
    blocks: tuple[Block, ...] = ()

    def block(self, key: str) -> Block:
        return next(block for block in self.blocks if block.key == key)

    def mission_name(self, language: str) -> str:
        """The name in the language, else in the other one (a catalogue operation may have only its English
        name), else the acronym."""
        preferred = self.mission_name_fr if language == "fr" else self.mission_name_en
        return preferred or self.mission_name_en or self.mission_name_fr or self.mission_acronym

    def location(self, language: str) -> str:
        return (self.location_fr if language == "fr" else self.location_en) or self.location_en or self.location_fr


def default_period(mission: Mission, as_of: date, resolution: Figure | NotAvailable | None = None) -> Period:
    """From the mission's start to the end of the mandate in force: the fact sheet's usual span.

    `resolution` is the resolution in force, when the caller has it already.
    """
    if mission.started_on is None:
        raise SheetRequestError(f"{mission.acronym} has no start date; give the period explicitly.")
    resolution = resolution or resolution_in_force(mission, as_of)
    end = resolution.value.mandate_ends_on if resolution.available and resolution.value.mandate_ends_on else as_of
    return Period(mission.started_on, max(end, mission.started_on))


def compute_sheet(mission: Mission, as_of: date, period: Period | None = None) -> SheetFigures:
    """Every figure of the sheet.

    Each kind of record is read once for the whole sheet (about twenty queries, whatever the data size): the
    resolutions adopted by the date serve the resolution in force, the default period and the mandate; one
    query per table answers for both components (ceilings, stated totals, per-country rows, which serve the
    strength and the ranking alike); the sectors and sites serve the deployment and the stated site count.
    """
    if mission.started_on and as_of < mission.started_on:
        raise SheetRequestError(
            f"{as_of.isoformat()} is before {mission.acronym} began "
            f"({DatePrecision(mission.started_on_precision).iso(mission.started_on)})."
        )
    resolutions = resolutions_adopted_by(mission, as_of)
    period = period or default_period(mission, as_of, resolutions.in_force)
    components = (Component.MILITARY, Component.POLICE)
    deployment_records = DeploymentRecords.of(mission)
    deployment = deployment_on(mission, as_of, deployment_records)
    priorities, tasks = mandate_of(resolutions.with_mandate)
    country_rows = country_rows_as_of(mission, components, as_of)
    figures = SheetFigures(
        mission_acronym=mission.acronym,
        mission_name_fr=mission.name_fr,
        mission_name_en=mission.name_en,
        host_country=mission.host_country,
        as_of=as_of,
        period=period,
        resolution=resolutions.in_force,
        ceilings=ceilings_in_force(mission, (CeilingScope.MILITARY, CeilingScope.POLICE), as_of),
        strength=strengths_as_of(mission, components, as_of, country_rows=country_rows),
        patrols=patrols_of_components(mission, components, period, as_of),
        trainings=tuple(trainings_between(mission, period, as_of)),
        fatalities_in_attacks=fatalities_between(mission, period, as_of, IncidentType.MALICIOUS_ACT),
        deployment=deployment,
        site_count=site_count_on(mission, as_of, deployment, deployment_records),
        top_contributors=top_contributors_of(mission, components, as_of, country_rows=country_rows),
        priorities=priorities,
        tasks=tasks,
        host_countries=tuple(mission.host_countries),
        headquarters=headquarters_of(mission),
        location_fr=mission.location_fr,
        location_en=mission.location_en,
        mission_started=Dated(mission.started_on, mission.started_on_precision) if mission.started_on else None,
        mission_ended=Dated(mission.ended_on, mission.ended_on_precision) if mission.ended_on else None,
        published=published_facts(mission, as_of),
    )
    return dataclasses.replace(figures, sources=_sources_of(figures), un_data=un_data_as_of(figures),
                               blocks=sheet_blocks(figures))


def headquarters_of(mission: Mission) -> Headquarters | None:
    """The mission's headquarters as its record gives them, or None when no headquarters are recorded."""
    if not mission.headquarters:
        return None
    return Headquarters(mission.headquarters, mission.headquarters_latitude, mission.headquarters_longitude)


def _sources_of(figures: SheetFigures) -> tuple[SourceReference, ...]:
    """The sources behind every figure shown, in a stable order, for the sheet's source line."""
    shown = [figures.resolution, figures.deployment, figures.site_count, figures.fatalities_in_attacks,
             *figures.ceilings.values(), *figures.strength.values(), *figures.patrols.values(),
             *figures.top_contributors.values()]
    shown += [part for training in figures.trainings for part in (training.trained, training.women)]
    keys = {item.source for figure in shown for item in figure.provenance}
    return tuple(
        SourceReference(source.key, source.title, source.publisher)
        for source in Source.objects.filter(key__in=keys).order_by("key")
    )
