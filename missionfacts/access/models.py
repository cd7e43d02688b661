"""Who may do what with a mission's records: roles held per mission, on top of Django's users."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from missionfacts.missions.models import Mission


class MissionRole(models.Model):
    """One row: a user's role in one mission, reader (sees drafts and individual records) or editor (also writes).

    Administrators are Django superusers and need no row here.
    """

    class Role(models.TextChoices):
        READER = "reader", _("reader")
        EDITOR = "editor", _("editor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mission_roles", verbose_name=_("user")
    )
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="roles", verbose_name=_("mission"))
    role = models.CharField(pgettext_lazy("access", "role"), max_length=10, choices=Role.choices)

    class Meta:
        ordering = ["mission", "user"]
        verbose_name = _("mission role")
        verbose_name_plural = _("mission roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "mission"],
                name="unique_role_per_mission",
                violation_error_message=_("This user already has a role in this mission."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.mission})"
