"""A mission's dates in the API come with their precision, so a client can write "March 2018" and not 31 March."""

from missionfacts.api.tests.base import ApiTestCase


class MissionDatesTests(ApiTestCase):
    def mission(self, acronym: str) -> dict:
        self.act_as("anonymous")
        return self.client.get(f"/api/missions/{acronym}/").json()

    def test_a_month_of_the_data_hub_is_given_as_its_last_day_with_month_precision(self):
        unef = self.mission("UNEF I")
        self.assertEqual((unef["started_on"], unef["started_on_precision"], unef["ended_on"],
                          unef["ended_on_precision"]), ("1956-11-01", "month", "1967-06-30", "month"))

    def test_a_day_from_the_uns_page_has_day_precision(self):
        unmil = self.mission("UNMIL")
        self.assertEqual((unmil["started_on"], unmil["started_on_precision"], unmil["ended_on"],
                          unmil["ended_on_precision"]), ("2003-09-19", "day", "2018-03-30", "day"))
