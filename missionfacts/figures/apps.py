from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "missionfacts.figures"
    label = "figures"
