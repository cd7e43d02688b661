from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "missionfacts.api"
    label = "api"
