"""The date a mission's page opens on when no date is asked for: the latest date its records speak of.

A sheet dated later than the last record would repeat that record under a date it does not know; a sheet
dated before the mission began cannot be made at all. So the page opens on the latest date that some record
is dated (a strength reported, a page's stated figure, a resolution adopted, a peacekeeper's death, a patrol),
kept within the mission's life and not after today.

Counts over a period (fatalities, patrols or trainings a page totals, budgets) and leadership terms do not date
the sheet: they cover a span, which the sheet's reporting period takes in (figures.sheet.default_period),
and their ends often lie past the last report (MINUSMA's counts run to the end of its mandate, 30 June 2021,
while its last strength report is of 1 July 2020).
"""

from datetime import date

from django.db.models import Max

from missionfacts.activities.models import Patrol, Training
from missionfacts.casualties.models import Fatality
from missionfacts.missions.models import KeyFigure, Mission, Resolution, StatedSiteCount
from missionfacts.personnel.models import CivilianStaffing, ComponentStrength, StatedStrength, Strength

# Each kind of dated record, and the field that dates it.
DATED_RECORDS = (
    (Strength, "reported_on"),
    (ComponentStrength, "reported_on"),
    (CivilianStaffing, "reported_on"),
    (StatedStrength, "reported_on"),
    (StatedSiteCount, "stated_on"),
    (KeyFigure, "as_of"),
    (Resolution, "adopted_on"),
    (Fatality, "died_on"),
    (Patrol, "patrolled_on"),
    (Training, "held_on"),
)


def latest_data_date(mission: Mission, today: date) -> date:
    """The latest date a record of the mission is dated, within its life and not after today.

    With no dated record, a past mission opens on its last day and a current one on today; never on a day
    before the mission began.
    """
    last_day = min(mission.ended_on, today) if mission.ended_on else today
    dates = [_latest(model, field, mission, last_day) for model, field in DATED_RECORDS]
    found = [day for day in dates if day is not None]
    day = max(found) if found else last_day
    if mission.started_on:
        # A resolution adopted before the mission began (the one that set it up) dates no sheet before it.
        day = max(day, mission.started_on)
    return day


def _latest(model, field: str, mission: Mission, last_day: date) -> date | None:
    return model.objects.filter(mission=mission, **{f"{field}__lte": last_day}).aggregate(day=Max(field))["day"]
