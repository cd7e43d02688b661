"""The staff home's list of missions: found by acronym, name or country, filtered, the user's own first, by pages.

After the UN's files are imported the staff see every operation since 1948 and the UN's other entities (over a
hundred rows): the list opens on the operations, the missions the user holds a role in first, 25 to a page,
and a search box and filters narrow it. Searching is done in Python over that short list, without case and
accents ("minurca" finds MINURCAT, "cote d'ivoire" finds Côte d’Ivoire), the same on SQLite and PostgreSQL.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from missionfacts.access.models import MissionRole
from missionfacts.access.rules import missions_readable_by
from missionfacts.factsheets.formatting import LANGUAGES, country
from missionfacts.factsheets.models import Edition
from missionfacts.missions.models import Mission
from missionfacts.web.records import mission_lookup, record_models

PAGE_SIZE = 25


class MissionListForm(forms.Form):
    """The search box and filters of the staff home, read from the address (GET)."""

    q = forms.CharField(label=_("Find"), required=False, max_length=100, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("Acronym, name or country")}))
    period = forms.ChoiceField(label=_("When"), required=False, choices=[
        ("", _("current and past")), ("current", _("current")), ("past", _("past"))])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("any")), ("draft", _("draft: not public")), ("changed", _("changed since its last edition")),
        ("published", _("with a published edition")), ("never", _("never published"))])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[
        ("", _("peacekeeping operations")), ("other", _("the UN's other entities")), ("all", _("all"))])
    mine = forms.BooleanField(label=_("Only the missions I hold a role in"), required=False)


@dataclass
class MissionRow:
    mission: Mission
    role: MissionRole | None
    latest_edition: Edition | None = None
    changed_since_edition: bool = False


def folded(text: str) -> str:
    """Text without case or accents, and with one kind of apostrophe, for searching."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _matches(mission: Mission, words: list[str]) -> bool:
    names = [mission.acronym, mission.name_fr, mission.name_en]
    for code in [mission.host_country, *mission.other_host_countries.replace(",", " ").split()]:
        if code:
            names += [country(code, language) for language in LANGUAGES]
    haystack = folded(" ".join(name for name in names if name))
    return all(word in haystack for word in words)


def last_changes(mission_ids: list[int]) -> dict[int, datetime]:
    """When each mission's records last changed: a record saved with its history, or a row an import wrote."""
    latest: dict[int, datetime] = {}

    def keep(rows, key: str, moment: str) -> None:
        for row in rows:
            if row[moment] is not None and (row[key] not in latest or row[moment] > latest[row[key]]):
                latest[row[key]] = row[moment]

    for model, path in record_models():
        key = mission_lookup(path) if path else "id"
        history = model.history.filter(**{f"{key}__in": mission_ids})
        keep(history.order_by().values(key).annotate(moment=Max("history_date")), key, "moment")
        if any(item.name == "import_batch" for item in model._meta.fields):
            rows = model.objects.filter(**{mission_lookup(path, "in"): mission_ids}).exclude(import_batch=None)
            key = mission_lookup(path)
            keep(rows.order_by().values(key).annotate(moment=Max("import_batch__imported_at")), key, "moment")
    return latest


def _with_editions(rows: list[MissionRow]) -> None:
    ids = [row.mission.pk for row in rows]
    editions = {}
    for edition in Edition.objects.filter(mission__in=ids).order_by("mission", "number"):
        editions[edition.mission_id] = edition  # the last one of each mission stays
    changes = last_changes([pk for pk in ids if pk in editions]) if editions else {}
    for row in rows:
        row.latest_edition = editions.get(row.mission.pk)
        changed = changes.get(row.mission.pk)
        row.changed_since_edition = bool(row.latest_edition and changed and changed > row.latest_edition.published_at)


def staff_missions(user, query: dict, today: date | None = None) -> list[MissionRow]:
    """The missions the user works on that the search and filters keep, the user's own first, then by acronym."""
    today = today or date.today()
    roles = {role.mission_id: role for role in MissionRole.objects.filter(user=user)}
    missions = missions_readable_by(user)
    kind = query.get("kind") or Mission.Kind.PEACEKEEPING
    if kind != "all":
        missions = missions.filter(kind=kind)
    if query.get("mine"):
        missions = missions.filter(pk__in=roles)
    if query.get("period") == "current":
        missions = [mission for mission in missions if mission.ended_on is None or mission.ended_on >= today]
    elif query.get("period") == "past":
        missions = [mission for mission in missions if mission.ended_on is not None and mission.ended_on < today]
    words = folded(query.get("q") or "").split()
    rows = [MissionRow(mission, roles.get(mission.pk)) for mission in missions if _matches(mission, words)]
    status = query.get("status")
    if status == "draft":
        rows = [row for row in rows if row.mission.is_provisional]
    elif status in ("changed", "published", "never"):
        _with_editions(rows)
        keep = {"changed": lambda row: row.changed_since_edition, "published": lambda row: row.latest_edition,
                "never": lambda row: row.latest_edition is None}[status]
        rows = [row for row in rows if keep(row)]
    rows.sort(key=lambda row: (row.role is None, row.mission.acronym))
    return rows


def page_of(rows: list[MissionRow], number) -> Page:
    """One page of the list, with each shown mission's latest edition and whether it changed since."""
    page = Paginator(rows, PAGE_SIZE).get_page(number)
    _with_editions(list(page.object_list))
    return page
