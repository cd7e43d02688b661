from django.apps import AppConfig


class FactsheetsConfig(AppConfig):
    name = "missionfacts.factsheets"
    label = "factsheets"
