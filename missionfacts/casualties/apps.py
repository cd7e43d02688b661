from django.apps import AppConfig


class CasualtiesConfig(AppConfig):
    name = "missionfacts.casualties"
    label = "casualties"
