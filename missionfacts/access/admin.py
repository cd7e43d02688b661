from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from missionfacts.access.models import MissionRole

# The admin is where staff enter a mission's records: it says so, rather than "Django administration".
admin.site.site_header = _("missionfacts records")
admin.site.site_title = _("missionfacts records")
admin.site.index_title = _("Records of the missions")


@admin.register(MissionRole)
class MissionRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "mission", "role"]
    list_filter = ["role", "mission"]
    search_fields = ["user__username", "mission__acronym"]
    autocomplete_fields = ["user"]


class MissionRoleInline(admin.TabularInline):
    model = MissionRole
    extra = 0


class UserWithRolesAdmin(UserAdmin):
    """Django's user admin, with the user's roles in missions on the same page."""

    inlines = [*UserAdmin.inlines, MissionRoleInline]


admin.site.unregister(User)
admin.site.register(User, UserWithRolesAdmin)
