from django.contrib import admin

from missionfacts.personnel.models import (
    CivilianStaffing,
    ComponentStrength,
    ContributingCountry,
    StatedStrength,
    StatedStrengthPart,
    Strength,
)
from missionfacts.web.scoped_admin import MISSION_FILTER, MissionScopedAdmin


@admin.register(Strength)
class StrengthAdmin(MissionScopedAdmin):
    list_display = ["mission", "reported_on", "country", "personnel_type", "men", "women"]
    list_filter = [MISSION_FILTER, "personnel_type"]
    search_fields = ["country"]
    date_hierarchy = "reported_on"


for model in (ComponentStrength, CivilianStaffing):
    admin.site.register(model, MissionScopedAdmin, list_display=["mission", "reported_on", "total", "women"],
                        list_filter=[MISSION_FILTER])


class StatedStrengthPartInline(admin.TabularInline):
    model = StatedStrengthPart
    extra = 0


@admin.register(StatedStrength)
class StatedStrengthAdmin(MissionScopedAdmin):
    list_display = ["mission", "kind", "reported_on", "reported_on_precision", "total", "women", "total_covers",
                    "uniformed", "source"]
    list_filter = [MISSION_FILTER, "kind"]
    inlines = [StatedStrengthPartInline]


@admin.register(ContributingCountry)
class ContributingCountryAdmin(MissionScopedAdmin):
    list_display = ["mission", "personnel", "position", "country", "name_as_published", "listed_on"]
    list_filter = [MISSION_FILTER, "personnel"]
    search_fields = ["country", "name_as_published"]
