from django.contrib import admin

from missionfacts.personnel.models import CivilianStaffing, ComponentStrength, Strength


@admin.register(Strength)
class StrengthAdmin(admin.ModelAdmin):
    list_display = ["mission", "reported_on", "country", "personnel_type", "men", "women"]
    list_filter = ["mission", "personnel_type"]
    search_fields = ["country"]
    date_hierarchy = "reported_on"


for model in (ComponentStrength, CivilianStaffing):
    admin.site.register(model, list_display=["mission", "reported_on", "total", "women"], list_filter=["mission"])
