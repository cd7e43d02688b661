"""Reusable queries on activities: always over a period, since patrols and trainings are flows."""

from datetime import date

from django.db import models


class DatedQuerySet(models.QuerySet):
    """Individual records dated by one field, named by the model as `date_field`."""

    def for_mission(self, mission) -> "DatedQuerySet":
        return self.filter(mission=mission)

    def between(self, start: date, end: date) -> "DatedQuerySet":
        field = self.model.date_field
        return self.filter(**{f"{field}__gte": start, f"{field}__lte": end})


class PeriodCountQuerySet(models.QuerySet):
    """Aggregate counts over periods."""

    def for_mission(self, mission) -> "PeriodCountQuerySet":
        return self.filter(mission=mission)

    def within(self, start: date, end: date) -> "PeriodCountQuerySet":
        """Counts whose whole period lies inside [start, end]: only those can be added up honestly."""
        return self.filter(period_start__gte=start, period_end__lte=end)
