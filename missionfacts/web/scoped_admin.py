"""The admin of a mission's records, each staff member in their own missions (access.rules).

Django's model permissions (which the editors' and readers' groups hold, see web.roles) say what kind of
change a user may make at all; the roles held per mission say where. An editor of MINUSMA sees and changes
MINUSMA's records only, and can pick only MINUSMA (or its sectors, sites, programmes…) in a form; a reader
sees them without changing them; an administrator sees everything. Data entry keeps the models' own
validation (`full_clean` through the admin's forms), the same rules the importers apply.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from missionfacts.access.rules import (
    can_edit,
    can_read_drafts,
    is_administrator,
    mission_of,
    missions_editable_by,
    missions_readable_by,
)
from missionfacts.web.records import mission_lookup, mission_path

# A mission filter that lists only the missions whose rows the user sees, not every mission's acronym.
MISSION_FILTER = ("mission", admin.RelatedOnlyFieldListFilter)


class MissionScopedMixin:
    """Querysets, permissions and choices of a ModelAdmin restricted to the user's missions."""

    mission_path = "mission"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_administrator(request.user):
            return queryset
        readable = missions_readable_by(request.user).values("pk")
        return queryset.filter(**{mission_lookup(self.mission_path, "in"): readable})

    def _in_missions(self, user, obj, rule, missions) -> bool:
        if is_administrator(user):
            return True
        if obj is None:
            return missions(user).exists()
        mission = mission_of(obj, self.mission_path)
        return mission is not None and rule(user, mission)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_missions(
            request.user, obj, can_read_drafts, missions_readable_by)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_missions(
            request.user, obj, can_edit, missions_editable_by)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_missions(
            request.user, obj, can_edit, missions_editable_by)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and (
            is_administrator(request.user) or missions_editable_by(request.user).exists())

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not is_administrator(request.user):
            editable = missions_editable_by(request.user).values("pk")
            related = db_field.related_model
            path = mission_path(related)
            if path is not None:
                kwargs["queryset"] = related._default_manager.filter(**{mission_lookup(path, "in"): editable})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MissionScopedAdmin(MissionScopedMixin, SimpleHistoryAdmin):
    """For records whose changes are kept: the admin's History button lists them (django-simple-history)."""


class ScopedMissionAdmin(MissionScopedAdmin):
    """Missions themselves: staff see and edit their own; only administrators create or delete one."""

    mission_path = ""

    def has_add_permission(self, request, *args):
        return is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user)

