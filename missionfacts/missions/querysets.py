"""Reusable queries on mission records."""

from datetime import date

from django.db import models
from django.db.models import Q


class ValidityQuerySet(models.QuerySet):
    """Records that are valid from one date to another (inclusive); an empty end means still valid."""

    def in_service_on(self, day: date) -> "ValidityQuerySet":
        return self.filter(Q(valid_from__lte=day) | Q(valid_from__isnull=True)).filter(
            Q(valid_to__gte=day) | Q(valid_to__isnull=True)
        )


class ResolutionQuerySet(models.QuerySet):
    def for_mission(self, mission) -> "ResolutionQuerySet":
        return self.filter(mission=mission)

    def adopted_by(self, day: date) -> "ResolutionQuerySet":
        return self.filter(adopted_on__lte=day)


class CeilingQuerySet(models.QuerySet):
    def for_mission(self, mission) -> "CeilingQuerySet":
        return self.filter(resolution__mission=mission)

    def in_force_on(self, day: date) -> "CeilingQuerySet":
        """The ceilings set by resolutions adopted on or before the day, newest resolution first."""
        return self.filter(resolution__adopted_on__lte=day).order_by("-resolution__adopted_on")
