from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactsheetsConfig(AppConfig):
    name = "missionfacts.factsheets"
    label = "factsheets"
    verbose_name = _("Fact sheets")
