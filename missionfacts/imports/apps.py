from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "missionfacts.imports"
    label = "imports"
