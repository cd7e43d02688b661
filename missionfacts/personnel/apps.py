from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "missionfacts.personnel"
    label = "personnel"
