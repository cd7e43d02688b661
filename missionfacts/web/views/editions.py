"""Published editions of a mission's sheet, their frozen files, and what changed from one to another."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from missionfacts.access.rules import can_read_drafts
from missionfacts.checks.sheet_figures import FIGURE_NAMES
from missionfacts.factsheets.diff import compare, edition_version
from missionfacts.factsheets.management.commands.diff import import_label, shown, version_label
from missionfacts.factsheets.models import Edition, EditionDocument
from missionfacts.web.access import public_mission
from missionfacts.web.forms import CompareForm
from missionfacts.web.views.common import page_language

CONTENT_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
                 "json": "application/json; charset=utf-8"}


def edition_list(request, acronym: str):
    mission = public_mission(request, acronym)
    editions = list(mission.editions.order_by("-number"))
    numbers = [edition.number for edition in reversed(editions)]
    form = CompareForm(numbers=numbers, initial={"old": numbers[-2] if len(numbers) > 1 else None,
                                                 "new": numbers[-1] if numbers else None})
    # Who published each edition is for the mission's staff: the public page names no one's account.
    return render(request, "web/editions.html", {
        "mission": mission, "tab": "editions", "editions": editions, "form": form,
        "show_publisher": can_read_drafts(request.user, mission)})


def edition_document(request, acronym: str, number: int, language: str, extension: str):
    """A file exactly as it was published (EditionDocument), whatever the records say now."""
    mission = public_mission(request, acronym)
    if extension not in CONTENT_TYPES:
        raise Http404("Unknown format.")
    document = get_object_or_404(EditionDocument, edition__mission=mission, edition__number=number,
                                 language=language, format=extension)
    response = HttpResponse(bytes(document.content), content_type=CONTENT_TYPES[extension])
    disposition = "inline" if extension != "json" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{mission.acronym}-{number}-{language}.{extension}"'
    return response


def changes(request, acronym: str):
    """Every figure that differs between two editions, with the imports that brought the new value."""
    mission = public_mission(request, acronym)
    language = page_language(request)
    numbers = list(mission.editions.order_by("number").values_list("number", flat=True))
    form = CompareForm(request.GET or None, numbers=numbers)
    context = {"mission": mission, "tab": "editions", "form": form}
    if form.is_valid():
        old = edition_version(Edition.objects.get(mission=mission, number=form.cleaned_data["old"]), language)
        new = edition_version(Edition.objects.get(mission=mission, number=form.cleaned_data["new"]), language)
        imports = {**old.imports, **new.imports}
        context.update({
            "old_label": version_label(old).render(language), "new_label": version_label(new).render(language),
            "changes": [{
                "figure": str(FIGURE_NAMES.get(change.figure, change.figure or change.path)),
                "path": change.path, "old": shown(change.old, language), "new": shown(change.new, language),
                "imports": [import_label(imports.get(pk) if pk is not None else None, pk).render(language)
                            for pk in change.imports],
            } for change in compare(old, new)],
        })
    return render(request, "web/changes.html", context, status=200 if form.is_valid() or not request.GET else 400)
