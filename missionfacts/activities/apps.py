from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "missionfacts.activities"
    label = "activities"
