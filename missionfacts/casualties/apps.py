from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasualtiesConfig(AppConfig):
    name = "missionfacts.casualties"
    label = "casualties"
    verbose_name = _("Casualties")
