from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "missionfacts.checks"
    label = "checks"
