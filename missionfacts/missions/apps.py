from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "missionfacts.missions"
    label = "missions"

    def ready(self) -> None:
        from missionfacts.missions.versions import connect_record_signals

        # Every write to the records changes the data version that cached pages are keyed by.
        connect_record_signals()
