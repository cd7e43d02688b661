"""The mission itself: identity, Security Council resolutions, ceilings, mandate, deployment, leadership, money.

One module per concept; every model is importable from here, as `from missionfacts.missions.models import X`.
"""

from missionfacts.missions.models.data_version import DataVersion
from missionfacts.missions.models.deployment import Sector, Site, StatedSiteCount, ValidityPeriod
from missionfacts.missions.models.key_figure import KeyFigure
from missionfacts.missions.models.leadership import Leadership
from missionfacts.missions.models.mandate import PARTS_OF_COMPONENT, Ceiling, CeilingScope, MandateItem, Resolution
from missionfacts.missions.models.mission import DatePrecision, Language, Mission, PeriodPrecision
from missionfacts.missions.models.money import Budget, FinancialFigure

__all__ = [
    "PARTS_OF_COMPONENT",
    "Budget",
    "Ceiling",
    "CeilingScope",
    "DataVersion",
    "DatePrecision",
    "FinancialFigure",
    "KeyFigure",
    "Language",
    "Leadership",
    "MandateItem",
    "Mission",
    "PeriodPrecision",
    "Resolution",
    "Sector",
    "Site",
    "StatedSiteCount",
    "ValidityPeriod",
]
