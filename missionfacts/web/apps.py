from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "missionfacts.web"
    label = "web"
