from django.contrib import admin

from missionfacts.activities.models import (
    Patrol,
    PatrolCount,
    Training,
    TrainingCount,
    TrainingParticipation,
    TrainingProgramme,
)
from missionfacts.web.scoped_admin import MISSION_FILTER, MissionScopedAdmin


class TrainingParticipationInline(admin.TabularInline):
    model = TrainingParticipation
    extra = 0


@admin.register(Training)
class TrainingAdmin(MissionScopedAdmin):
    list_display = ["mission", "programme", "held_on", "trained", "women"]
    list_filter = [MISSION_FILTER, ("programme", admin.RelatedOnlyFieldListFilter)]
    inlines = [TrainingParticipationInline]


@admin.register(Patrol)
class PatrolAdmin(MissionScopedAdmin):
    list_display = ["mission", "patrolled_on", "component", "sector", "site", "patrol_type"]
    list_filter = [MISSION_FILTER, "component"]
    date_hierarchy = "patrolled_on"


for model in (PatrolCount, TrainingCount, TrainingProgramme):
    admin.site.register(model, MissionScopedAdmin, list_filter=[MISSION_FILTER])
