from django.contrib import admin

from missionfacts.casualties.models import Fatality, FatalityCount


@admin.register(Fatality)
class FatalityAdmin(admin.ModelAdmin):
    list_display = ["mission", "died_on", "personnel_category", "incident_type", "nationality"]
    list_filter = ["mission", "incident_type", "personnel_category"]
    date_hierarchy = "died_on"


admin.site.register(FatalityCount, list_filter=["mission"])
