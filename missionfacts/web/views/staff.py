"""The staff's pages of a mission: the checks, a draft preview of the sheet, and publishing an edition."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from missionfacts.access.models import MissionRole
from missionfacts.access.rules import is_administrator, is_staff_member
from missionfacts.checks.engine import CheckReport, run_checks
from missionfacts.checks.report import record_line, summary
from missionfacts.factsheets.editions import PublicationRefused, publish
from missionfacts.factsheets.render import render_html, render_pdf
from missionfacts.figures.sheet import SheetRequestError, compute_sheet
from missionfacts.web.access import staff_mission
from missionfacts.web.forms import PublishForm
from missionfacts.web.staff_lists import MissionListForm, folded, page_of, staff_missions
from missionfacts.web.views.common import page_language, requested_day


@login_required
def staff_home(request):
    """The missions a staff member works on, found by a search and filters, the user's own first, 25 a page."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    form = MissionListForm(request.GET)
    query = form.cleaned_data if form.is_valid() else {}
    rows = staff_missions(request.user, query)
    roles = MissionRole.objects.filter(user=request.user)
    return render(request, "web/staff/home.html", {
        "form": form, "page": page_of(rows, request.GET.get("page")), "found": len(rows),
        "filtered": any(query.values()), "administrator": is_administrator(request.user),
        "editor": roles.filter(role=MissionRole.Role.EDITOR).exists(), "has_roles": roles.exists(),
        "query": _without_page(request.GET),
    }, status=200 if form.is_valid() else 400)


def _without_page(parameters) -> str:
    """The address's query without its page number, for the links to the other pages."""
    kept = parameters.copy()
    kept.pop("page", None)
    return kept.urlencode()


def _admin_url(model_label: str, pk: int) -> str | None:
    app_label, model_name = model_label.split(".")
    try:
        return reverse(f"admin:{app_label}_{model_name.lower()}_change", args=[pk])
    except NoReverseMatch:
        return None


def report_context(report: CheckReport, language: str, search: str = "") -> dict:
    """The findings as the page lists them, each record linked to its page in the admin; with `search`, only
    those whose rule, message or records hold all its words (without case or accents)."""
    words = folded(search).split()

    def findings(group):
        listed = [{
            "rule": finding.rule, "message": finding.message.render(language),
            "records": [{"label": record_line(record, language),
                         "links": [(pk, _admin_url(record.model, pk)) for pk in record.ids[:20]]}
                        for record in finding.records],
        } for finding in group]
        return [item for item in listed if _holds(item, words)]

    errors, warnings = findings(report.errors), findings(report.warnings)
    return {"summary": summary(report).render(language), "errors": errors, "warnings": warnings,
            "switched_off": report.switched_off, "search": search,
            "hidden": len(report.errors) + len(report.warnings) - len(errors) - len(warnings)}


def _holds(finding: dict, words: list[str]) -> bool:
    text = folded(" ".join([finding["rule"], finding["message"], *(record["label"] for record in finding["records"])]))
    return all(word in text for word in words)


@login_required
def checks(request, acronym: str):
    mission = staff_mission(request, acronym)
    form, day = requested_day(request, mission)
    context = {"mission": mission, "tab": "checks", "form": form, "day": day}
    if day is not None:
        try:
            search = request.GET.get("q", "")[:100]
            context["report"] = report_context(run_checks(mission, day), page_language(request), search)
        except SheetRequestError as error:
            context["sheet_error"] = str(error)
    return render(request, "web/staff/checks.html", context, status=400 if day is None else 200)


@login_required
def preview(request, acronym: str):
    """The sheet as it would be published now, marked as a draft, beside the checks' summary."""
    mission = staff_mission(request, acronym)
    form, day = requested_day(request, mission)
    context = {"mission": mission, "tab": "preview", "form": form, "day": day}
    if day is not None:
        try:
            report = run_checks(mission, day)
            context.update({"summary": summary(report).render(page_language(request)),
                            "errors": len(report.errors), "warnings": len(report.warnings),
                            "file_query": f"as_of={day.isoformat()}&lang={page_language(request)}"})
        except SheetRequestError as error:
            context["sheet_error"] = str(error)
    return render(request, "web/staff/preview.html", context, status=400 if day is None else 200)


@login_required
@xframe_options_sameorigin
def preview_sheet(request, acronym: str, extension: str):
    """The draft sheet itself (HTML, shown in the preview page's frame, or PDF), watermarked."""
    mission = staff_mission(request, acronym)
    if extension not in ("html", "pdf"):
        raise Http404("Unknown format.")
    form, day = requested_day(request, mission)
    if day is None:
        return HttpResponse(f"as_of: {' '.join(form.errors['as_of'])}", status=400,
                            content_type="text/plain; charset=utf-8")
    try:
        sheet = compute_sheet(mission, day)
    except SheetRequestError as error:
        return HttpResponse(str(error), status=404, content_type="text/plain; charset=utf-8")
    language = page_language(request)
    if extension == "pdf":
        response = HttpResponse(render_pdf(sheet, language, draft=True), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{mission.acronym}-{day}-{language}-draft.pdf"'
        return response
    return HttpResponse(render_html(sheet, language, draft=True))


@login_required
def publish_page(request, acronym: str):
    """Publish the sheet of a date as the next edition: refused on errors, and on warnings without a reason."""
    mission = staff_mission(request, acronym, edit=True)
    language = page_language(request)
    date_form, default_day = requested_day(request, mission)
    # A date refused in the address is shown refused on the form, rather than left out of it unsaid.
    form = PublishForm(request.POST or (request.GET if date_form.errors else None), initial={"as_of": default_day})
    context = {"mission": mission, "tab": "publish", "form": form}
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["as_of"]
        try:
            edition = publish(mission, day, reason=form.cleaned_data["reason"], published_by=request.user.username)
        except PublicationRefused as refusal:
            context["report"] = report_context(refusal.report, language)
            if refusal.report.errors:
                form.add_error(None, _("The checks found errors: fix them before publishing."))
            else:
                form.add_error("reason", _("The checks give warnings: say why the sheet may be published anyway."))
        except SheetRequestError as error:
            form.add_error("as_of", str(error))
        else:
            messages.success(request, _("Edition %(number)s of %(mission)s is published.") % {
                "number": edition.number, "mission": mission.acronym})
            return redirect("web:editions", mission.acronym)
    elif default_day is not None:
        try:
            context["report"] = report_context(run_checks(mission, default_day), language)
            context["checked_day"] = default_day
        except SheetRequestError as error:
            context["sheet_error"] = str(error)
    return render(request, "web/staff/publish.html", context, status=400 if form.errors else 200)
