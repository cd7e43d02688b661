"""Records for every dashboard of a mission: monthly strength by country and type, patrols, trainings, deaths.

Small and regular, so a test can state the figures it expects: six month-end reports in 2020 (January to
June), a few patrols a month in three sectors, two training sessions with listed participants, fatalities
of three types in 2019 and 2020.
"""

from datetime import date

from missionfacts.activities.models import Patrol, Training, TrainingProgramme
from missionfacts.casualties.models import Fatality
from missionfacts.missions.models import Mission, Sector
from missionfacts.personnel.models import Strength
from missionfacts.testing import a_source

REPORTING_DATES = [date(2020, 1, 31), date(2020, 2, 29), date(2020, 3, 31), date(2020, 4, 30), date(2020, 5, 31),
                   date(2020, 6, 30)]
# Troops (men, women) in January; each later month adds ten men per country.
TROOPS = {"TCD": (1390, 35), "BGD": (1300, 20), "EGY": (1070, 0), "SEN": (900, 40), "TGO": (880, 30),
          "BFA": (850, 25), "NER": (840, 5), "CHN": (400, 20), "GIN": (860, 10), "RWA": (300, 0),
          "CIV": (600, 10), "BEN": (250, 6)}
POLICE = {"SEN": (280, 40), "TGO": (270, 30), "BFA": (200, 20), "NER": (150, 10), "EGY": (140, 0)}


def add_dashboard_records(mission: Mission) -> None:
    source = a_source("dashboard-test-records")
    strength = []
    for month, day in enumerate(REPORTING_DATES):
        for country, (men, women) in TROOPS.items():
            strength.append(Strength(mission=mission, reported_on=day, country=country, personnel_type="troops",
                                     men=men + 10 * month, women=women, source=source))
        for country, (men, women) in POLICE.items():
            strength.append(Strength(mission=mission, reported_on=day, country=country,
                                     personnel_type="formed_police_unit", men=men, women=women, source=source))
    Strength.objects.bulk_create(strength)

    sectors = list(Sector.objects.filter(mission=mission, key__in=["nord", "est", "ouest"]).order_by("position"))
    patrols = []
    for month in range(1, 7):
        for position, sector in enumerate(sectors):
            for number in range(month + position):
                patrols.append(Patrol(mission=mission, patrolled_on=date(2020, month, 1 + number), component="military",
                                      sector=sector, reference=f"PAT-{month}-{sector.key}-{number}", source=source))
        patrols.append(Patrol(mission=mission, patrolled_on=date(2020, month, 15), component="police",
                              reference=f"POL-{month}", source=source))
    Patrol.objects.bulk_create(patrols)

    programme = TrainingProgramme.objects.get(mission=mission, key="unpol-trainings")
    for held_on, women, men in ((date(2019, 11, 5), 3, 9), (date(2020, 3, 4), 5, 7)):
        session = Training.objects.create(mission=mission, programme=programme, held_on=held_on,
                                          reference=f"UNPOL-{held_on:%Y%m%d}", source=source)
        for number in range(women + men):
            session.participations.create(participant_ref=f"P-{held_on:%Y}-{number:03}",
                                          sex="F" if number < women else "M")

    fatalities = [(date(2019, 4, 2), "malicious_act"), (date(2019, 4, 2), "malicious_act"),
                  (date(2019, 8, 9), "accident"), (date(2020, 1, 20), "malicious_act"), (date(2020, 2, 11), "illness")]
    Fatality.objects.bulk_create(
        Fatality(mission=mission, died_on=died_on, casualty_id=f"MLI-T-{number}", personnel_category="military",
                 incident_type=incident_type, nationality="TCD", source=source)
        for number, (died_on, incident_type) in enumerate(fatalities)
    )
