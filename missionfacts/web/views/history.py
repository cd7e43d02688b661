"""The history of a mission's records: who changed what, when, before and after, and every import."""

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from missionfacts.web.access import staff_mission
from missionfacts.web.history import PAGE_SIZE, mission_history
from missionfacts.web.views.common import page_language


@login_required
def mission_history_page(request, acronym: str):
    mission = staff_mission(request, acronym)
    try:
        before = datetime.fromisoformat(request.GET["before"]) if request.GET.get("before") else None
    except ValueError:
        before = None
    entries = mission_history(mission, page_language(request), before)
    older = entries[-1].when.isoformat() if len(entries) == PAGE_SIZE else None
    return render(request, "web/staff/history.html", {
        "mission": mission, "tab": "history", "entries": entries, "older": older, "paged": before is not None,
    })
