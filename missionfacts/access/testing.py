"""Named actors for tests of who may do what (as Healthchecks' BaseTestCase has them).

MINUSMA is loaded from the shipped reference data; MINUDRAFT is a provisional mission, a draft.
- anonymous: no credentials
- rokia: reader of MINUSMA
- amadou: editor of MINUSMA
- bintou: editor of another mission, MINUDRAFT
- admin: administrator (superuser)
"""

from django.contrib.auth.models import User
from django.test import TestCase
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from missionfacts.access.models import MissionRole
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import Mission
from missionfacts.testing import a_mission

ACTORS = ("anonymous", "reader", "editor", "other_editor", "administrator")


class RolesTestCase(TestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.minusma = Mission.objects.get(acronym="MINUSMA")
        cls.draft_mission = a_mission("MINUDRAFT", is_provisional=True)
        cls.reader = cls.a_user("rokia", cls.minusma, MissionRole.Role.READER)
        cls.editor = cls.a_user("amadou", cls.minusma, MissionRole.Role.EDITOR)
        cls.other_editor = cls.a_user("bintou", cls.draft_mission, MissionRole.Role.EDITOR)
        cls.administrator = User.objects.create_superuser("admin", "admin@example.org", "a-long-password-1")
        cls.tokens = {user.username: Token.objects.create(user=user).key
                      for user in (cls.reader, cls.editor, cls.other_editor, cls.administrator)}

    @staticmethod
    def a_user(username: str, mission: Mission, role: str) -> User:
        user = User.objects.create_user(username, f"{username}@example.org", "a-long-password-1")
        MissionRole.objects.create(user=user, mission=mission, role=role)
        return user

    def act_as(self, actor: str) -> None:
        """Send the following requests with the actor's token (none for "anonymous")."""
        user = None if actor == "anonymous" else getattr(self, actor)
        if user is None:
            self.client.credentials()
        else:
            self.client.credentials(HTTP_AUTHORIZATION=f"Token {self.tokens[user.username]}")
