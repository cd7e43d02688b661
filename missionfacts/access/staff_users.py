"""Staff users as an administrator makes them from the command line: a name, a role, the missions it covers.

A reader or an editor holds the role per mission (MissionRole, whose saving gives the admin access the role
calls for); an administrator is a Django superuser and needs no mission.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from missionfacts.access.models import MissionRole
from missionfacts.missions.models import Mission

ADMIN = "admin"
ROLES = (MissionRole.Role.READER.value, MissionRole.Role.EDITOR.value, ADMIN)


class StaffUserError(ValueError):
    """A request the administrator can fix: an unknown role, a user who exists, a password refused…"""


@dataclass(frozen=True)
class StaffUser:
    """One user as `users list` shows them: name, e-mail, and each role with its missions."""

    username: str
    email: str
    is_admin: bool
    is_active: bool
    roles: dict[str, list[str]]


def checked_role(role: str, missions: list[Mission]) -> str:
    if role not in ROLES:
        raise StaffUserError(_("unknown role {role!r}; use one of: {roles}.").format(role=role,
                                                                                 roles=", ".join(ROLES)))
    if role == ADMIN and missions:
        raise StaffUserError(_("an admin may act on every mission; leave out --mission."))
    if role != ADMIN and not missions:
        raise StaffUserError(_("the role {role!r} needs at least one mission: --mission ACRONYM.").format(
            role=role))
    return role


def check_new_name(username: str) -> None:
    """Refuse a name that is taken, whatever its case (Amina and amina would be two people to the admin)."""
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise StaffUserError(_("a user named {name!r} already exists; `missionfacts users grant` gives them a "
                               "role.").format(name=username))


def add_user(username: str, *, role: str, missions: list[Mission], password: str, email: str = ""):
    """Create the user with the role in each mission (or as an administrator); nothing is created on refusal."""
    user_model = get_user_model()
    checked_role(role, missions)
    check_new_name(username)
    candidate = user_model(username=username, email=email)
    try:
        validate_password(password, candidate)
    except ValidationError as refusal:
        raise StaffUserError(_("password refused: {reasons}").format(reasons=" ".join(refusal.messages))) from None
    with transaction.atomic():
        if role == ADMIN:
            return user_model.objects.create_superuser(username, email, password)
        user = user_model.objects.create_user(username, email, password)
        grant(user, role=role, missions=missions)
        user.refresh_from_db()
        return user


def grant(user, *, role: str, missions: list[Mission]) -> None:
    """Give the user the role in each mission (replacing a role they held there), or make them administrator."""
    checked_role(role, missions)
    if role == ADMIN:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
        return
    for mission in missions:
        MissionRole.objects.update_or_create(user=user, mission=mission, defaults={"role": role})


def staff_users() -> list[StaffUser]:
    """Every user who holds a role or is an administrator, by name."""
    user_model = get_user_model()
    users = user_model.objects.filter(is_superuser=True) | user_model.objects.filter(mission_roles__isnull=False)
    listed = []
    for user in users.distinct().order_by("username").prefetch_related("mission_roles__mission"):
        roles: dict[str, list[str]] = {}
        for mission_role in user.mission_roles.all():
            roles.setdefault(mission_role.role, []).append(mission_role.mission.acronym)
        listed.append(StaffUser(user.username, user.email, user.is_superuser, user.is_active,
                                {role: sorted(acronyms) for role, acronyms in roles.items()}))
    return listed
