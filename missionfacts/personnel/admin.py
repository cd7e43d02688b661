from django.contrib import admin

from missionfacts.personnel.models import CivilianStaffing, ComponentStrength, Strength
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
