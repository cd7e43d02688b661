from django.contrib import admin

from missionfacts.checks.models import RuleSetting
from missionfacts.web.scoped_admin import MISSION_FILTER, MissionScopedMixin


@admin.register(RuleSetting)
class RuleSettingAdmin(MissionScopedMixin, admin.ModelAdmin):
    list_display = ["mission", "rule_id", "enabled", "severity", "parameters", "import_batch"]
    list_filter = [MISSION_FILTER, "enabled"]
    search_fields = ["rule_id"]
