"""A mission's dates wherever they are shown or checked: as precisely as they are known, in the page's language."""

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from missionfacts.activities.rules import activity_date_messages
from missionfacts.figures.sheet import SheetRequestError, compute_sheet
from missionfacts.missions.catalogue import load_catalogue
from missionfacts.missions.models import DatePrecision, Mission

pytestmark = pytest.mark.django_db

MONTH = DatePrecision.MONTH


@pytest.fixture(autouse=True)
def english():
    """Messages are read in English unless a test asks for French, whatever an earlier test left active."""
    with translation.override("en"):
        yield


def meta(language: str, **dates) -> str:
    mission = Mission(acronym="UNXX", host_country="EGY", **dates)
    with translation.override(language):
        html = render_to_string("web/includes/mission_meta.html", {"mission": mission}).strip()
    # A no-break space binds each day to its month (typography); the words are what is compared here.
    return html.replace("\xa0", " ")


def test_months_are_shown_as_months_in_both_languages():
    dates = {"started_on": date(1956, 11, 1), "started_on_precision": MONTH,
             "ended_on": date(1967, 6, 30), "ended_on_precision": MONTH}
    assert meta("en", **dates).endswith("November 1956 to June 1967")
    assert meta("fr", **dates).endswith("de novembre 1956 à juin 1967")


def test_days_are_shown_as_days():
    dates = {"started_on": date(2003, 9, 19), "ended_on": date(2018, 3, 30)}
    assert meta("en", **dates).endswith("19 September 2003 to 30 March 2018")
    assert meta("fr", **dates).endswith("du 19 septembre 2003 au 30 mars 2018")


def test_a_mission_under_way_since_a_month_is_not_given_a_day():
    assert meta("en", started_on=date(1948, 5, 1), started_on_precision=MONTH).endswith("since May 1948")
    assert meta("en", started_on=date(1948, 5, 29)).endswith("since 29 May 1948")


def test_the_list_of_missions_gives_years_and_invents_no_day(client):
    load_catalogue()
    page = client.get(reverse("web:missions"), {"lang": "en"}).content.decode()
    assert "1956–1967" in page
    assert "1 November 1956" not in page


def test_a_sheet_date_before_a_month_start_names_the_month(client):
    load_catalogue()
    response = client.get(reverse("web:factsheet", args=["UNEF I"]), {"as_of": "1956-10-15", "lang": "en"})
    assert response.status_code == 400
    assert "UNEF I began in November 1956: choose a later date." in response.content.decode()
    with pytest.raises(SheetRequestError, match=r"before UNEF I began \(1956-11\)"):
        compute_sheet(Mission.objects.get(acronym="UNEF I"), date(1956, 10, 15))


def test_an_activity_in_the_month_a_mission_ended_is_accepted_and_a_later_one_names_the_month():
    mission = Mission(acronym="UNXX", started_on=date(2003, 9, 19), ended_on=date(2018, 3, 31),
                      ended_on_precision=MONTH)
    assert activity_date_messages(date(2018, 3, 4), "patrolled_on", mission) == {}
    assert activity_date_messages(date(2018, 4, 2), "patrolled_on", mission) == {
        "patrolled_on": ["The mission ended in 2018-03: it had no activities after."]}
