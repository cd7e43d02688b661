"""The permission rules of missionfacts, as plain functions of a user and a mission.

Three roles: a reader of a mission sees everything of it, drafts and individual records included; an editor
of a mission also changes its records; an administrator (a Django superuser) does everything everywhere.
Roles are held per mission (MissionRole), so the editor of one mission neither sees the drafts of another
nor changes it. Everybody, signed in or not, sees what `published` lets through.

A record reaches its mission through a *mission path*: "mission" for most records, "resolution__mission"
for a ceiling, "" for a Mission itself, and None for records that belong to no mission (sources, imports).
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, QuerySet

from missionfacts.access.models import MissionRole
from missionfacts.missions.models import Mission

AnyUser = User | AnonymousUser

# Records about individual people or single operations, and the bookkeeping of imports: only the staff of
# the mission (or, for imports, any staff member) may see them, whatever the publication state.
NEVER_PUBLIC = frozenset(
    {"activities.Patrol", "activities.Training", "activities.TrainingParticipation", "imports.ImportBatch"}
)


def is_administrator(user: AnyUser) -> bool:
    return bool(user.is_active and user.is_superuser)


def is_staff_member(user: AnyUser) -> bool:
    """An administrator, or a user with a role in at least one mission."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_administrator(user) or MissionRole.objects.filter(user=user).exists()


def is_editor(user: AnyUser) -> bool:
    """An administrator, or the editor of at least one mission: someone who may write at all."""
    return is_administrator(user) or missions_editable_by(user).exists()


def missions_readable_by(user: AnyUser) -> QuerySet[Mission]:
    """The missions whose drafts and individual records the user may read."""
    if is_administrator(user):
        return Mission.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Mission.objects.none()
    return Mission.objects.filter(roles__user=user)


def missions_editable_by(user: AnyUser) -> QuerySet[Mission]:
    if is_administrator(user):
        return Mission.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Mission.objects.none()
    return Mission.objects.filter(roles__user=user, roles__role=MissionRole.Role.EDITOR)


def can_read_drafts(user: AnyUser, mission: Mission) -> bool:
    return missions_readable_by(user).filter(pk=mission.pk).exists()


def can_edit(user: AnyUser, mission: Mission) -> bool:
    return missions_editable_by(user).filter(pk=mission.pk).exists()


def is_draft(mission: Mission) -> bool:
    """A provisional mission (created from its acronym alone by an import) has not been published yet."""
    return mission.is_provisional


def published(queryset: QuerySet, mission_path: str | None) -> QuerySet:
    """The rows of the queryset that anyone, signed in or not, may see: the one rule of what is public.

    For now everything is public except individual records and imports (NEVER_PUBLIC) and the records of
    draft missions (`is_draft`). When published editions exist, this is the function to tighten.
    """
    if queryset.model._meta.label in NEVER_PUBLIC:
        return queryset.none()
    if mission_path is None:
        return queryset
    return queryset.filter(**{_join(mission_path, "is_provisional"): False})


def visible_to(user: AnyUser, queryset: QuerySet, mission_path: str | None) -> QuerySet:
    """The rows the user may see: the public ones, and every row of the missions the user may read."""
    if is_administrator(user):
        return queryset
    public = published(queryset, mission_path)
    if mission_path is None:
        return queryset if is_staff_member(user) else public
    readable = missions_readable_by(user).values("pk")
    return public | queryset.filter(**{_join(mission_path, "pk__in"): readable})


def mission_of(record: Model, mission_path: str | None) -> Mission | None:
    """Follow the mission path from a record to its mission."""
    if mission_path is None:
        return None
    for name in filter(None, mission_path.split("__")):
        record = getattr(record, name)
    return record


def _join(mission_path: str, lookup: str) -> str:
    return f"{mission_path}__{lookup}" if mission_path else lookup
