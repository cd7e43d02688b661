"""What a role in a mission gives in Django's terms: access to the admin and the model permissions it needs.

Roles are held per mission (access.MissionRole); the admin also asks for Django's model permissions. Holding
a role makes a user staff (is_staff, to enter the admin) and a member of the readers' or editors' group,
which are created on first use with the permissions of their kind. The missions themselves are then chosen
by the roles (web.scoped_admin). This runs when a role is saved or deleted, and when a user signs in.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from missionfacts.access.models import MissionRole
from missionfacts.web.records import RECORD_APPS

READERS = "mission readers"
EDITORS = "mission editors"


def _record_permissions(actions: tuple[str, ...]):
    codenames = Q()
    for action in actions:
        codenames |= Q(codename__startswith=f"{action}_")
    records = Q(content_type__app_label__in=RECORD_APPS) | Q(content_type__app_label="checks",
                                                             content_type__model="rulesetting")
    published = Q(content_type__app_label="factsheets") | Q(content_type__app_label="imports")
    return Permission.objects.filter((records & codenames) | (published & Q(codename__startswith="view_")))


def group_of(name: str) -> Group:
    """The readers' group (view) or the editors' group (view, add, change, delete), with its permissions."""
    group, _ = Group.objects.get_or_create(name=name)
    actions = ("view",) if name == READERS else ("view", "add", "change", "delete")
    permissions = _record_permissions(actions)
    if name == EDITORS:
        # Editors may cite a new source for the records they enter.
        permissions = permissions | Permission.objects.filter(content_type__app_label="imports",
                                                              codename="add_source")
    group.permissions.set(permissions)
    return group


def sync_staff_access(user) -> None:
    """Give the user the admin access and groups that their roles call for, and no other of these groups."""
    roles = set(MissionRole.objects.filter(user=user).values_list("role", flat=True))
    wanted = {READERS} if roles else set()
    if MissionRole.Role.EDITOR in roles:
        wanted.add(EDITORS)
    for name in (READERS, EDITORS):
        if name in wanted:
            user.groups.add(group_of(name))
        else:
            user.groups.remove(*Group.objects.filter(name=name))
    if roles and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def role_changed(sender, instance: MissionRole, **kwargs) -> None:
    user_model = type(instance.user)
    if user_model.objects.filter(pk=instance.user_id).exists():
        sync_staff_access(instance.user)


def signed_in(sender, user, **kwargs) -> None:
    sync_staff_access(user)
