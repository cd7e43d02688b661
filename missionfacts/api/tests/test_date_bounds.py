"""A client asking the figures of a date no sheet can be made for gets a 400 naming the parameter, never a 500."""

from missionfacts.api.tests.base import ApiTestCase
from missionfacts.factsheets.formatting import long_date
from missionfacts.figures.dates import computable_dates

FIGURES_URL = "/api/missions/MINUSMA/figures/"
# Each date parameter of the figures, with a usable value for the others.
QUERIES = (
    lambda day: {"as_of": day},
    lambda day: {"as_of": "2020-07-01", "period_start": day, "period_end": "2020-06-30"},
    lambda day: {"as_of": "2020-07-01", "period_start": "2019-07-01", "period_end": day},
)
# Past Python's calendar once a day is added, before year 1900, not a month, not a day (hour 25).
REFUSED_DATES = ("9999-12-31", "0001-01-01", "2020-13-01", "2020-02-29T25:00")


class FiguresDateBoundsTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.act_as("anonymous")

    def test_each_date_parameter_refuses_a_date_no_sheet_is_made_for(self):
        for query in QUERIES:
            for day in REFUSED_DATES:
                params = query(day)
                wrong = next(name for name, value in params.items() if value == day)
                with self.subTest(**params):
                    response = self.client.get(FIGURES_URL, params, HTTP_ACCEPT_LANGUAGE="en")
                    self.assertEqual(response.status_code, 400)
                    self.assertEqual(list(response.json()), [wrong])

    def test_the_error_names_the_dates_figures_are_computed_for(self):
        response = self.client.get(FIGURES_URL, {"as_of": "9999-12-31"}, HTTP_ACCEPT_LANGUAGE="en")
        latest = computable_dates().end
        self.assertEqual(response.json(), {"as_of": [
            f"Figures are computed for dates from 1 January 1900 to {long_date(latest, 'en')}: "
            "choose a date between them."]})

    def test_a_period_running_past_the_bounds_is_refused_by_its_end(self):
        response = self.client.get(FIGURES_URL, {"period_start": "2020-01-01", "period_end": "9999-12-31"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("period_end", response.json())

    def test_a_normal_date_still_gives_the_figures(self):
        response = self.client.get(FIGURES_URL, {"as_of": "2020-07-01", "period_start": "2019-07-01",
                                                 "period_end": "2020-06-30"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["period"], {"start": "2019-07-01", "end": "2020-06-30"})
