"""The per-row rules are defined once: the models' clean() and the importers give the same answer."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from missionfacts.casualties import rules as casualty_rules
from missionfacts.casualties.models import Fatality
from missionfacts.imports.tests.helpers import in_english  # noqa: F401 (a fixture)
from missionfacts.personnel import rules
from missionfacts.personnel.models import ComponentStrength, Strength
from missionfacts.testing import a_mission, a_source

TOMORROW = date.today() + timedelta(days=1)


def test_the_strength_rules_name_the_field_they_concern():
    assert rules.strength_messages(reported_on=date(2020, 11, 30), country="TCD", personnel_type="troops",
                                   men=10, women=2) == {}
    found = rules.strength_messages(reported_on=TOMORROW, country="tcd", personnel_type="sailors", men=-1,
                                    women=5, total=4)
    assert sorted(found) == ["country", "men", "personnel_type", "reported_on", "women"]
    assert [str(message) for message in found["women"]] == ["Women cannot outnumber the total."]


def test_men_and_women_must_make_the_total_when_one_is_given():
    assert rules.parts_make_total_messages(3, 2, 5) == {}
    assert [str(text) for text in rules.parts_make_total_messages(3, 2, 6)["total"]] == [
        "Men and women add up to 5, not to the total of 6."]


@pytest.mark.django_db
def test_a_component_total_rejects_more_women_than_its_total_through_the_shared_rule():
    strength = ComponentStrength(mission=a_mission(), source=a_source(), reported_on=date(2020, 11, 30),
                                 component="military", total=10, women=11)
    with pytest.raises(ValidationError) as error:
        strength.full_clean()
    assert error.value.message_dict == {"women": ["Women cannot outnumber the total."]}


@pytest.mark.django_db
def test_a_strength_row_rejects_a_future_date_once():
    strength = Strength(mission=a_mission(), source=a_source(), reported_on=TOMORROW, country="TCD",
                        personnel_type="troops", men=10, women=1)
    with pytest.raises(ValidationError) as error:
        strength.full_clean()
    assert error.value.message_dict == {"reported_on": ["A reporting date cannot be in the future."]}


@pytest.mark.django_db
def test_a_fatality_rejects_an_unknown_sex_and_a_date_before_the_un():
    fatality = Fatality(mission=a_mission(), source=a_source(), died_on=date(1940, 1, 1), casualty_id="X",
                        personnel_category="military", incident_type="accident", sex="U")
    with pytest.raises(ValidationError) as error:
        fatality.full_clean()
    assert sorted(error.value.message_dict) == ["died_on", "sex"]


def test_the_fatality_rules_include_the_field_level_ones_for_importers():
    found = casualty_rules.fatality_messages(died_on=date(2014, 2, 8), nationality="XXX", sex="M",
                                             personnel_category="sailor", incident_type="accident")
    assert sorted(found) == ["nationality", "personnel_category"]
    assert casualty_rules.nationality_messages("") == {}
