from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "missionfacts.missions"
    label = "missions"
