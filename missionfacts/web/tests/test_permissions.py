"""Who may open which page: every page against every actor, as one table.

Actors (access.testing): anonymous; rokia, reader of MINUSMA; amadou, editor of MINUSMA; bintou, editor of
MINUDRAFT, a draft mission; admin, an administrator. The API's own matrix is in api/tests/test_permissions.
"""

from django.urls import reverse

from missionfacts.access.testing import ACTORS
from missionfacts.web.tests.base import WebTestCase

OK = "ok"  # 200
LOGIN = "sent to sign in"  # 302 to the site's sign-in page
ADMIN_LOGIN = "sent to the admin's sign-in"  # 302 to the admin's own sign-in page
DENIED = "forbidden"  # 403
MISSING = "not found"  # 404: a draft is as if it did not exist
SHOWN = "lists MINUSMA's record"  # 200, the record's change link on the page
HIDDEN = "lists no MINUSMA record"  # 200, the record's change link absent
GONE = "sent away: no such record for this user"  # 302, the admin's answer for a record not in the user's list


class PagePermissionsTests(WebTestCase):
    def pages(self) -> list[tuple]:
        minusma, draft = "MINUSMA", self.draft_mission.acronym
        strength_change = reverse("admin:personnel_strength_change", args=[self.strength.pk])
        patrol_change = reverse("admin:activities_patrol_change", args=[self.patrol.pk])
        # page, URL, the link a list must show (or not), then: anonymous, reader, editor, other editor, admin
        return [
            ("missions", reverse("web:missions"), None, OK, OK, OK, OK, OK),
            ("facts", reverse("web:factsheet", args=[minusma]), None, OK, OK, OK, OK, OK),
            ("facts of a draft", reverse("web:factsheet", args=[draft]), None, MISSING, MISSING, MISSING, OK, OK),
            ("sheet as HTML", reverse("web:factsheet-file", args=[minusma, "html"]), None, OK, OK, OK, OK, OK),
            ("sheet of a draft", reverse("web:factsheet-file", args=[draft, "json"]), None,
             MISSING, MISSING, MISSING, OK, OK),
            ("contributors CSV", reverse("web:contributors-csv", args=[minusma, "military"]), None,
             OK, OK, OK, OK, OK),
            ("dashboards", reverse("web:dashboards", args=[minusma]), None, OK, OK, OK, OK, OK),
            ("dashboards of a draft", reverse("web:dashboards", args=[draft]), None, MISSING, MISSING, MISSING, OK, OK),
            ("chart CSV", reverse("web:chart-csv", args=[minusma, "patrols"]), None, OK, OK, OK, OK, OK),
            ("chart CSV of a draft", reverse("web:chart-csv", args=[draft, "contributors"]), None,
             MISSING, MISSING, MISSING, OK, OK),
            ("editions", reverse("web:editions", args=[minusma]), None, OK, OK, OK, OK, OK),
            ("edition PDF", reverse("web:edition-document", args=[minusma, 1, "fr", "pdf"]), None,
             OK, OK, OK, OK, OK),
            ("what changed", reverse("web:changes", args=[minusma]) + "?old=1&new=2", None, OK, OK, OK, OK, OK),
            ("staff home", reverse("web:staff"), None, LOGIN, OK, OK, OK, OK),
            ("import upload", reverse("web:import"), None, LOGIN, DENIED, OK, OK, OK),
            ("checks", reverse("web:checks", args=[minusma]), None, LOGIN, OK, OK, DENIED, OK),
            ("checks of a draft", reverse("web:checks", args=[draft]), None, LOGIN, DENIED, DENIED, OK, OK),
            ("draft preview", reverse("web:preview", args=[minusma]), None, LOGIN, OK, OK, DENIED, OK),
            ("draft sheet", reverse("web:preview-sheet", args=[minusma, "html"]), None, LOGIN, OK, OK, DENIED, OK),
            ("publish", reverse("web:publish", args=[minusma]), None, LOGIN, DENIED, OK, DENIED, OK),
            ("history", reverse("web:history", args=[minusma]), None, LOGIN, OK, OK, DENIED, OK),
            ("admin: strength", reverse("admin:personnel_strength_changelist"), strength_change,
             ADMIN_LOGIN, SHOWN, SHOWN, HIDDEN, SHOWN),
            ("admin: patrols", reverse("admin:activities_patrol_changelist"), patrol_change,
             ADMIN_LOGIN, SHOWN, SHOWN, HIDDEN, SHOWN),
            ("admin: missions", reverse("admin:missions_mission_changelist"),
             reverse("admin:missions_mission_change", args=[self.minusma.pk]), ADMIN_LOGIN, SHOWN, SHOWN, HIDDEN,
             SHOWN),
            ("admin: a strength row", strength_change, None, ADMIN_LOGIN, OK, OK, GONE, OK),
            ("admin: its history", reverse("admin:personnel_strength_history", args=[self.strength.pk]), None,
             ADMIN_LOGIN, OK, OK, DENIED, OK),
        ]

    def outcome(self, response, link: str | None) -> str:
        location = response.get("Location", "")
        if response.status_code == 302:
            if location.startswith(reverse("admin:login")):
                return ADMIN_LOGIN
            if location.startswith(reverse("web:login")):
                return LOGIN
            return GONE
        if response.status_code == 200 and link is not None:
            return SHOWN if link in response.content.decode() else HIDDEN
        return {200: OK, 403: DENIED, 404: MISSING}.get(response.status_code, str(response.status_code))

    def test_every_actor_meets_every_page_as_the_table_says(self):
        for name, url, link, *expected in self.pages():
            for actor, outcome in zip(ACTORS, expected, strict=True):
                with self.subTest(page=name, actor=actor):
                    self.act_as(actor)
                    self.assertEqual(self.outcome(self.client.get(url), link), outcome)
