"""A MINUSMA with at least one record of every kind, for the API's tests, and the named actors of access."""

from datetime import date
from decimal import Decimal

from missionfacts.access.testing import RolesTestCase
from missionfacts.activities.models import Patrol, Training, TrainingProgramme
from missionfacts.casualties.models import Fatality
from missionfacts.imports.models import ImportBatch
from missionfacts.missions.models import Budget, Resolution, Sector
from missionfacts.personnel.models import Strength
from missionfacts.testing import a_source


class ApiTestCase(RolesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        source = a_source()
        minusma = cls.minusma
        cls.resolution = Resolution.objects.get(mission=minusma, number=2531)
        cls.sector = Sector.objects.get(mission=minusma, key="nord")
        cls.site = cls.sector.sites.first()
        cls.programme = TrainingProgramme.objects.get(mission=minusma, key="unpol-trainings")
        cls.import_batch = ImportBatch.objects.first()
        cls.budget = Budget.objects.create(mission=minusma, period_start=date(2020, 7, 1), period_end=date(2021, 6, 30),
                                           approved_usd=Decimal("1183384700.00"), source=source)
        cls.strength = Strength.objects.create(mission=minusma, reported_on=date(2020, 5, 31), country="TCD",
                                               personnel_type="troops", men=1390, women=35, source=source)
        cls.patrol = Patrol.objects.create(mission=minusma, patrolled_on=date(2020, 5, 2), component="military",
                                           sector=cls.sector, reference="PAT-2020-0502-01", source=source)
        cls.training = Training.objects.create(mission=minusma, programme=cls.programme, held_on=date(2020, 3, 4),
                                               reference="UNPOL-2020-12", source=source)
        cls.training.participations.create(participant_ref="P-00017", sex="F")
        cls.fatality = Fatality.objects.create(mission=minusma, died_on=date(2020, 2, 10), casualty_id="MLI-2020-004",
                                               personnel_category="military", incident_type="malicious_act",
                                               nationality="TCD", source=source)
        cls.draft_strength = Strength.objects.create(
            mission=cls.draft_mission, reported_on=date(2020, 5, 31), country="SEN", personnel_type="troops",
            men=100, women=10, source=source,
        )
