"""Who may call which endpoint, by the rules of missionfacts.access.

Which rows a client sees is decided by the views' querysets (`visible_to`); these classes decide whether
a request may be made at all, and whether a client may change a given record.
"""

from rest_framework import permissions
from rest_framework.exceptions import NotAuthenticated, PermissionDenied

from missionfacts.access.rules import (
    NEVER_PUBLIC,
    can_edit,
    is_administrator,
    is_editor,
    is_staff_member,
    mission_of,
    missions_editable_by,
)
from missionfacts.imports.source_owners import refusal_to_change


class MissionRecordPermission(permissions.BasePermission):
    """Reading: public records for all, the others for staff. Writing: editors, in their own missions."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if request.method in permissions.SAFE_METHODS:
            model = getattr(getattr(view, "queryset", None), "model", None)
            if model is None or model._meta.label not in NEVER_PUBLIC:
                return True
            return self._staff(user)
        if not user.is_authenticated:
            raise NotAuthenticated
        return is_editor(user)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        mission = mission_of(obj, view.mission_path)
        if mission is None:
            return is_administrator(request.user)
        return can_edit(request.user, mission)

    @staticmethod
    def _staff(user) -> bool:
        if not user.is_authenticated:
            raise NotAuthenticated
        if not is_staff_member(user):
            raise PermissionDenied
        return True


class SourcePermission(MissionRecordPermission):
    """Sources belong to what cites them (imports.source_owners): an editor changes a source that only the missions
    they edit cite, or that nothing cites yet, and is told which other mission cites any other; an administrator
    changes any source, and alone deletes one."""

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS or is_administrator(request.user):
            return True
        if request.method == "DELETE":
            return False
        refusal = refusal_to_change(obj, missions_editable_by(request.user))
        if refusal:
            raise PermissionDenied(refusal)
        return True
