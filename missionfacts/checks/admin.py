from django.contrib import admin

from missionfacts.checks.models import RuleSetting


@admin.register(RuleSetting)
class RuleSettingAdmin(admin.ModelAdmin):
    list_display = ["mission", "rule_id", "enabled", "severity", "parameters", "import_batch"]
    list_filter = ["mission", "enabled"]
    search_fields = ["rule_id"]
