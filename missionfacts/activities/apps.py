from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "missionfacts.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from missionfacts.activities import signals  # noqa: F401  (connects the daily summary's receivers)
