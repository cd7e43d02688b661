"""Which missions a page may show to whom, by the rules of missionfacts.access.

The public/draft rule of the web pages: a mission's published figures and aggregates are public unless the
mission itself is a draft (`rules.is_draft`: a provisional mission an import created), which only its staff
see. The checks, the draft preview, publishing, imports and the history are staff pages. Individual records
(patrols, training participants) are never listed on a page: the public sees them only as counts.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from missionfacts.access.rules import can_edit, can_read_drafts, visible_to
from missionfacts.missions.models import Mission
from missionfacts.missions.versions import with_data_version


def visible_missions(user) -> QuerySet[Mission]:
    """The published missions, and the drafts the user may read."""
    return visible_to(user, Mission.objects.all(), "")


def public_mission(request, acronym: str, *, with_version: bool = False) -> Mission:
    """The mission, or 404 for a draft the visitor may not read (as if it did not exist); `with_version` reads
    the data version in the same query, for a page cached under it (missions.versions)."""
    missions = visible_missions(request.user)
    return get_object_or_404(with_data_version(missions) if with_version else missions, acronym__iexact=acronym)


def staff_mission(request, acronym: str, *, edit: bool = False) -> Mission:
    """The mission for a staff page: 403 unless the user reads (or, with `edit`, edits) it."""
    mission = get_object_or_404(Mission, acronym__iexact=acronym)
    allowed = can_edit(request.user, mission) if edit else can_read_drafts(request.user, mission)
    if not allowed:
        raise PermissionDenied
    return mission

