from django.contrib import admin

from missionfacts.casualties.models import Fatality, FatalityCount
from missionfacts.web.scoped_admin import MISSION_FILTER, MissionScopedAdmin


@admin.register(Fatality)
class FatalityAdmin(MissionScopedAdmin):
    list_display = ["mission", "died_on", "personnel_category", "incident_type", "nationality"]
    list_filter = [MISSION_FILTER, "incident_type", "personnel_category"]
    date_hierarchy = "died_on"


admin.site.register(FatalityCount, MissionScopedAdmin, list_filter=[MISSION_FILTER],
                    list_display=["mission", "period_start", "period_end", "period_precision", "as_of_only",
                                  "personnel_category", "count", "source"])
