"""The import upload page: the importers of `missionfacts import`, with their report of bad input."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from missionfacts.access.rules import is_administrator, is_editor, missions_editable_by
from missionfacts.imports.limits import too_big_to_upload_reason
from missionfacts.imports.models import ImportBatch
from missionfacts.missions.models import Mission
from missionfacts.web.forms import KIND_NAMES, ImportForm
from missionfacts.web.uploads import run_upload
from missionfacts.web.views.common import csv_response

# The last report is kept in the session, so that it can be downloaded as CSV after the page shows it.
REPORT_KEY = "missionfacts-import-report"
IMPORTS_PAGE_SIZE = 20


@login_required
def upload(request):
    if not is_editor(request.user):
        raise PermissionDenied
    administrator = is_administrator(request.user)
    missions = missions_editable_by(request.user).order_by("acronym")
    # The form offers the operations; the UN's other entities keep their records but are not offered.
    form = ImportForm(request.POST or None, request.FILES or None,
                      missions=missions.filter(kind=Mission.Kind.PEACEKEEPING), mission_required=not administrator)
    result = None
    if getattr(request, "upload_too_big", None) and not form.is_valid():
        form.errors["file"] = form.error_class([f"{request.upload_too_big}: {too_big_to_upload_reason()}"])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = run_upload(data["kind"], data["file"], data["mission"], user=request.user,
                            dry_run=data["dry_run"], allowed=None if administrator else missions)
        request.session[REPORT_KEY] = {"file": result.file, "problems": [
            [problem.file, problem.row if problem.row is not None else "", problem.column, problem.value,
             problem.reason] for problem in result.problems]}
        if result.ok and not result.dry_run and result.batch_id:
            messages.success(request, _("%(file)s is imported (import #%(number)s).") % {
                "file": result.file, "number": result.batch_id})
    status = 200 if result is None or result.ok else 422
    if request.method == "POST" and not form.is_valid():
        status = 400
    search = request.GET.get("q", "")[:100]
    imports = Paginator(earlier_imports(request.user, search), IMPORTS_PAGE_SIZE).get_page(request.GET.get("page"))
    for batch in imports:
        batch.kind_name = KIND_NAMES.get(batch.kind, batch.kind)
    return render(request, "web/staff/import.html", {
        "form": form, "result": result, "tab": "import", "search": search, "imports": imports,
        "administrator": administrator,
    }, status=status)


def earlier_imports(user, search: str = "") -> QuerySet[ImportBatch]:
    """The imports an administrator may review (all), or an editor's own, newest first, whose file name, kind
    or importer holds every word of `search`."""
    batches = ImportBatch.objects.order_by("-imported_at", "-pk")
    if not is_administrator(user):
        batches = batches.filter(imported_by=user)
    for word in search.split():
        batches = batches.filter(Q(file_name__icontains=word) | Q(kind__icontains=word)
                                 | Q(imported_by_name__icontains=word))
    return batches


@login_required
def problems_csv(request):
    """The problems of the user's last import: file, row, column, value, reason."""
    report = request.session.get(REPORT_KEY)
    if not is_editor(request.user) or report is None:
        raise Http404("No import report.")
    header = [_("File"), _("Row"), _("Column"), _("Value"), _("Reason")]
    return csv_response(f"{report['file']}-problems.csv", [header, *report["problems"]])
