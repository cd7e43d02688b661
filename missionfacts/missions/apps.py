from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "missionfacts.missions"
    label = "missions"
    verbose_name = _("Missions")

    def ready(self) -> None:
        from missionfacts.missions.versions import connect_record_signals

        # Every write to the records changes the data version that cached pages are keyed by.
        connect_record_signals()
