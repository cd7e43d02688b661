from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "missionfacts.opendata"
    label = "opendata"
