from django.contrib import admin

from missionfacts.activities.models import (
    Patrol,
    PatrolCount,
    Training,
    TrainingCount,
    TrainingParticipation,
    TrainingProgramme,
)


class TrainingParticipationInline(admin.TabularInline):
    model = TrainingParticipation
    extra = 0


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["mission", "programme", "held_on", "trained", "women"]
    list_filter = ["mission", "programme"]
    inlines = [TrainingParticipationInline]


@admin.register(Patrol)
class PatrolAdmin(admin.ModelAdmin):
    list_display = ["mission", "patrolled_on", "component", "sector", "site", "patrol_type"]
    list_filter = ["mission", "component"]
    date_hierarchy = "patrolled_on"


for model in (PatrolCount, TrainingCount, TrainingProgramme):
    admin.site.register(model, list_filter=["mission"])
