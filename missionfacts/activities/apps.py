from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "missionfacts.activities"
    label = "activities"

    def ready(self) -> None:
        from missionfacts.activities import signals  # noqa: F401  (connects the daily summary's receivers)
