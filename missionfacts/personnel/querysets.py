"""Reusable queries on strength records: always as of a date, since strength is a stock."""

from datetime import date

from django.db import models


class ReportedQuerySet(models.QuerySet):
    def for_mission(self, mission) -> "ReportedQuerySet":
        return self.filter(mission=mission)

    def latest_date_on_or_before(self, day: date) -> date | None:
        """The last reporting date on or before the day, the one whose figures are in force then."""
        return self.filter(reported_on__lte=day).aggregate(latest=models.Max("reported_on"))["latest"]


class StrengthQuerySet(ReportedQuerySet):
    def of_types(self, personnel_types) -> "StrengthQuerySet":
        return self.filter(personnel_type__in=list(personnel_types))
