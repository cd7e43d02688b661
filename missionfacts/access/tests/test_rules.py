"""The role rules as plain functions, before any endpoint uses them."""

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError

from missionfacts.access.models import MissionRole
from missionfacts.access.rules import (
    can_edit,
    can_read_drafts,
    is_staff_member,
    missions_editable_by,
    missions_readable_by,
    published,
    visible_to,
)
from missionfacts.access.testing import RolesTestCase
from missionfacts.activities.models import Patrol
from missionfacts.imports.models import ImportBatch
from missionfacts.missions.models import Ceiling, Mission
from missionfacts.personnel.models import ComponentStrength
from missionfacts.testing import a_source


class RoleRulesTests(RolesTestCase):
    def test_a_reader_reads_the_drafts_of_their_mission_but_cannot_edit_it(self):
        self.assertTrue(can_read_drafts(self.reader, self.minusma))
        self.assertFalse(can_edit(self.reader, self.minusma))

    def test_an_editor_edits_their_mission_only(self):
        self.assertTrue(can_edit(self.editor, self.minusma))
        self.assertFalse(can_edit(self.editor, self.draft_mission))
        self.assertFalse(can_read_drafts(self.editor, self.draft_mission))

    def test_an_administrator_reads_and_edits_every_mission(self):
        self.assertQuerySetEqual(missions_editable_by(self.administrator), Mission.objects.all(), ordered=False)
        self.assertTrue(can_read_drafts(self.administrator, self.draft_mission))

    def test_an_anonymous_visitor_or_a_user_without_role_has_no_mission(self):
        nobody = User.objects.create_user("nobody")
        for user in (AnonymousUser(), nobody):
            with self.subTest(user=str(user)):
                self.assertFalse(missions_readable_by(user).exists())
                self.assertFalse(is_staff_member(user))

    def test_a_deactivated_editor_loses_their_rights(self):
        self.editor.is_active = False
        self.editor.save()
        self.assertFalse(can_edit(self.editor, self.minusma))
        self.assertFalse(can_read_drafts(self.editor, self.minusma))

    def test_a_user_holds_one_role_per_mission(self):
        with self.assertRaises(IntegrityError):
            MissionRole.objects.create(user=self.reader, mission=self.minusma, role=MissionRole.Role.EDITOR)


class PublishedTests(RolesTestCase):
    def test_the_public_sees_published_missions_and_not_drafts(self):
        public = published(Mission.objects.all(), "")
        self.assertIn(self.minusma, public)
        self.assertNotIn(self.draft_mission, public)

    def test_records_reached_through_a_resolution_follow_their_mission(self):
        resolution = self.draft_mission.resolutions.create(number=9999, adopted_on="2020-01-01", source=a_source())
        Ceiling.objects.create(resolution=resolution, scope="military", authorised=10)
        scopes = published(Ceiling.objects.all(), "resolution__mission")
        missions = {ceiling.resolution.mission for ceiling in scopes}
        self.assertIn(self.minusma, missions)
        self.assertNotIn(self.draft_mission, missions)
        # Every published mission with ceilings (the reference pages' missions among them), and only those.
        with_ceilings = Mission.objects.filter(is_provisional=False, resolutions__ceilings__isnull=False)
        self.assertEqual(missions, set(with_ceilings))

    def test_individual_records_and_imports_are_never_public(self):
        Patrol.objects.create(mission=self.minusma, patrolled_on="2020-05-01", component="military",
                              source=a_source())
        self.assertFalse(published(Patrol.objects.all(), "mission").exists())
        self.assertFalse(published(ImportBatch.objects.all(), None).exists())

    def test_staff_see_the_public_rows_and_all_rows_of_their_missions(self):
        ComponentStrength.objects.create(mission=self.draft_mission, reported_on="2020-01-01", component="military",
                                         total=10, source=a_source())
        seen_by_reader = visible_to(self.reader, ComponentStrength.objects.all(), "mission")
        seen_by_other_editor = visible_to(self.other_editor, ComponentStrength.objects.all(), "mission")
        self.assertEqual({row.mission for row in seen_by_reader}, {self.minusma})
        self.assertEqual({row.mission for row in seen_by_other_editor}, {self.minusma, self.draft_mission})
