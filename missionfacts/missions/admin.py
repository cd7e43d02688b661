from django.contrib import admin

from missionfacts.missions.models import (
    Budget,
    Ceiling,
    FinancialFigure,
    KeyFigure,
    Leadership,
    MandateItem,
    Mission,
    Resolution,
    Sector,
    Site,
    StatedSiteCount,
)
from missionfacts.web.scoped_admin import MISSION_FILTER, MissionScopedAdmin, ScopedMissionAdmin


@admin.register(Mission)
class MissionAdmin(ScopedMissionAdmin):
    list_display = ["acronym", "name_en", "host_country", "started_on", "ended_on", "text_language", "is_provisional"]
    list_filter = ["is_provisional"]
    search_fields = ["acronym", "name_fr", "name_en"]


class CeilingInline(admin.TabularInline):
    model = Ceiling
    extra = 0


class MandateItemInline(admin.StackedInline):
    model = MandateItem
    extra = 0


@admin.register(Resolution)
class ResolutionAdmin(MissionScopedAdmin):
    list_display = ["__str__", "mission", "adopted_on", "adopted_on_precision", "mandate_ends_on"]
    list_filter = [MISSION_FILTER]
    inlines = [CeilingInline, MandateItemInline]


@admin.register(Sector)
class SectorAdmin(MissionScopedAdmin):
    list_display = ["name_fr", "name_en", "mission", "position", "valid_from", "valid_to"]
    list_filter = [MISSION_FILTER]


@admin.register(Site)
class SiteAdmin(MissionScopedAdmin):
    list_display = ["name", "sector", "mission", "latitude", "longitude", "valid_from", "valid_to"]
    list_filter = [MISSION_FILTER, ("sector", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "places"]


@admin.register(Leadership)
class LeadershipAdmin(MissionScopedAdmin):
    list_display = ["name", "__str__", "mission", "role", "rank_en", "nationality", "started_on",
                    "started_on_precision", "ended_on", "ended_on_precision", "until_present", "acting", "in_post_on"]
    list_filter = [MISSION_FILTER, "role"]
    search_fields = ["name", "title_fr", "title_en"]


@admin.register(FinancialFigure)
class FinancialFigureAdmin(MissionScopedAdmin):
    list_display = ["mission", "kind", "period_start", "period_end", "period_precision", "amount", "currency",
                    "source", "wording_en"]
    list_filter = [MISSION_FILTER, "kind", "currency"]


@admin.register(KeyFigure)
class KeyFigureAdmin(MissionScopedAdmin):
    list_display = ["mission", "key", "label_en", "label_fr", "qualifier", "value", "percent", "period_start",
                    "period_end", "period_precision", "as_of", "source"]
    list_filter = [MISSION_FILTER, "qualifier"]
    search_fields = ["key", "label_fr", "label_en"]


for model in (StatedSiteCount, Budget):
    admin.site.register(model, MissionScopedAdmin, list_filter=[MISSION_FILTER])
