"""All figures of a sheet, and a dashboard's data, over a large corpus: missionfacts against a pandas notebook.

    python benchmarks/scale_figures.py CORPUS_DIR [--samples 60] [--seed 7] [--patrols-by-sql] [--keep]
    python benchmarks/scale_figures.py CORPUS_DIR --loaded KEPT_DIR      # again on a database kept by --keep
    scripts/postgres-throwaway run python benchmarks/scale_figures.py CORPUS_DIR ...     # the same on PostgreSQL

CORPUS_DIR is made by `benchmarks/corpus.py generate`. The script loads it into a fresh database (a SQLite file
in a temporary folder, or the PostgreSQL database of MISSIONFACTS_DATABASE_URL), timing each import, then for
--samples random (mission, date) pairs of the corpus, drawn from --seed:

- missionfacts: `figures.sheet.compute_sheet(mission, date)`, every figure of the sheet with its provenance,
  over the sheet's default period (the mission's start to the end of the mandate in force);
- the named baseline, "pandas notebook": the same figures (resolution and ceilings in force, strength per
  component, top contributors, patrols, fatalities in attacks, trainings, sites in service) computed with
  pandas from the raw tables, loaded into memory once beforehand (the load is reported apart, not counted);
  the numbers are compared with missionfacts' on every sample, so that the two do the same work;
- a dashboard's data, when `figures.dashboards` exists: strength against ceilings over the years and patrols
  per month, for each mission.

It prints the median and 95th percentile of each, the ratio baseline / missionfacts, and the targets
(sheet < 50 ms and at least 20 times the baseline; dashboard < 100 ms). pandas comes with `pip install -e .[bench]`.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SHEET_TARGET, RATIO_TARGET, DASHBOARD_TARGET = 0.050, 20, 0.100


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:8.1f} ms   p95 {percentile(values, 0.95) * 1000:8.1f} ms"


# The baseline ------------------------------------------------------------------------------------------------------


class PandasNotebook:
    """The raw tables in memory, and the sheet's figures computed from them as an analyst's notebook would."""

    TABLES = {
        "missions": "SELECT id, acronym, started_on FROM missions_mission",
        "resolutions": "SELECT id, mission_id, number, adopted_on, mandate_ends_on FROM missions_resolution",
        "ceilings": "SELECT resolution_id, scope, authorised FROM missions_ceiling",
        "strength": "SELECT mission_id, reported_on, country, personnel_type, men, women FROM personnel_strength",
        "stated": "SELECT mission_id, reported_on, component, total FROM personnel_componentstrength",
        "patrols": "SELECT mission_id, patrolled_on, component FROM activities_patrol",
        "patrol_counts": "SELECT mission_id, component, period_start, period_end, count FROM activities_patrolcount",
        "fatalities": "SELECT mission_id, died_on, incident_type FROM casualties_fatality",
        "programmes": "SELECT id, mission_id, key, counts FROM activities_trainingprogramme",
        "trainings": "SELECT id, mission_id, programme_id, held_on, trained, women FROM activities_training",
        "participations": "SELECT training_id, participant_ref, sex FROM activities_trainingparticipation",
        "sites": "SELECT mission_id, valid_from, valid_to FROM missions_site",
    }
    DATES = ("started_on", "adopted_on", "mandate_ends_on", "reported_on", "patrolled_on", "period_start",
             "period_end", "died_on", "held_on", "valid_from", "valid_to")
    TYPES = {"military": ["troops", "staff_officer", "expert_on_mission"],
             "police": ["formed_police_unit", "individual_police"]}

    def __init__(self, connection):
        import pandas as pd

        self.pd = pd
        self.frames = {}
        with connection.cursor() as cursor:
            for name, query in self.TABLES.items():
                cursor.execute(query)
                frame = pd.DataFrame(cursor.fetchall(), columns=[column[0] for column in cursor.description])
                for column in frame.columns.intersection(self.DATES):
                    frame[column] = pd.to_datetime(frame[column])
                self.frames[name] = frame

    def sheet(self, mission_id: int, as_of: date) -> dict:
        pd, frames = self.pd, self.frames
        day = pd.Timestamp(as_of)
        mission = frames["missions"].set_index("id").loc[mission_id]
        resolutions = frames["resolutions"]
        adopted = resolutions[(resolutions.mission_id == mission_id) & (resolutions.adopted_on <= day)]
        adopted = adopted.sort_values(["adopted_on", "number"])
        in_force = adopted.iloc[-1] if len(adopted) else None
        end = in_force.mandate_ends_on if in_force is not None and pd.notna(in_force.mandate_ends_on) else day
        start, end = mission.started_on, max(end, mission.started_on)
        known_end = min(end, day)
        figures = {"resolution": None if in_force is None else int(in_force.number)}
        ceilings = frames["ceilings"].merge(adopted[["id", "adopted_on"]], left_on="resolution_id", right_on="id")
        for scope in ("military", "police"):
            scoped = ceilings[ceilings.scope == scope].sort_values("adopted_on")
            figures[f"ceiling {scope}"] = int(scoped.authorised.iloc[-1]) if len(scoped) else None
        strength, stated = frames["strength"], frames["stated"]
        for component, types in self.TYPES.items():
            rows = strength[(strength.mission_id == mission_id) & strength.personnel_type.isin(types)
                            & (strength.reported_on <= day)]
            totals = stated[(stated.mission_id == mission_id) & (stated.component == component)
                            & (stated.reported_on <= day)]
            rows_day = rows.reported_on.max() if len(rows) else None
            total_day = totals.reported_on.max() if len(totals) else None
            if total_day is not None and (rows_day is None or total_day >= rows_day):
                figures[f"strength {component}"] = int(totals[totals.reported_on == total_day].total.iloc[0])
            elif rows_day is not None:
                on_day = rows[rows.reported_on == rows_day]
                figures[f"strength {component}"] = int(on_day.men.sum() + on_day.women.sum())
            else:
                figures[f"strength {component}"] = None
            if rows_day is not None:
                on_day = rows[rows.reported_on == rows_day]
                by_country = (on_day.men + on_day.women).groupby(on_day.country).sum()
                ranked = by_country.reset_index(name="total").sort_values(["total", "country"],
                                                                         ascending=[False, True])
                figures[f"top {component}"] = list(ranked.country.head(10))
        patrols = frames["patrols"]
        for component in ("military", "police"):
            chosen = patrols[(patrols.mission_id == mission_id) & (patrols.component == component)
                             & (patrols.patrolled_on >= start) & (patrols.patrolled_on <= known_end)]
            figures[f"patrols {component}"] = len(chosen) or None
        fatalities = frames["fatalities"]
        figures["fatalities in attacks"] = int(((fatalities.mission_id == mission_id)
                                                & (fatalities.incident_type == "malicious_act")
                                                & (fatalities.died_on >= start)
                                                & (fatalities.died_on <= known_end)).sum()) or None
        trainings, participations = frames["trainings"], frames["participations"]
        for programme in frames["programmes"][frames["programmes"].mission_id == mission_id].itertuples():
            sessions = trainings[(trainings.programme_id == programme.id) & (trainings.held_on >= start)
                                 & (trainings.held_on <= known_end)]
            listed = participations[participations.training_id.isin(sessions.id)]
            women = listed[listed.sex == "F"]
            if programme.counts == "persons":
                figures[f"trained {programme.key}"] = listed.participant_ref.nunique()
                figures[f"women {programme.key}"] = women.participant_ref.nunique()
            else:
                figures[f"trained {programme.key}"] = len(listed)
                figures[f"women {programme.key}"] = len(women)
        sites = frames["sites"]
        figures["sites in service"] = int(((sites.mission_id == mission_id)
                                           & ((sites.valid_from <= day) | sites.valid_from.isna())
                                           & ((sites.valid_to >= day) | sites.valid_to.isna())).sum())
        return figures


def figures_of(sheet) -> dict:
    """The same numbers from missionfacts' SheetFigures, to compare with the baseline's."""
    figures = {"resolution": sheet.resolution.value.number if sheet.resolution.available else None}
    for component in ("military", "police"):
        figures[f"ceiling {component}"] = sheet.ceilings[component].value
        figures[f"strength {component}"] = sheet.strength[component].value
        top = sheet.top_contributors[component]
        if top.available:
            figures[f"top {component}"] = [rank.country for rank in top.value][:10]
        figures[f"patrols {component}"] = sheet.patrols[component].value
    figures["fatalities in attacks"] = sheet.fatalities_in_attacks.value
    for training in sheet.trainings:
        figures[f"trained {training.programme_key}"] = training.trained.value
        figures[f"women {training.programme_key}"] = training.women.value
    deployment = sheet.deployment
    figures["sites in service"] = sum(len(sector.sites) for sector in deployment.value) if deployment.available else 0
    return figures


# The run -----------------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--patrols-by-sql", action="store_true", help="load patrols with bulk SQL (see corpus.py)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite database (its folder is printed)")
    parser.add_argument("--loaded", type=Path, default=None,
                        help="measure the SQLite database kept by an earlier --keep run in this folder (migrated "
                             "to the current code, not loaded again)")
    arguments = parser.parse_args()
    home = str(arguments.loaded) if arguments.loaded else tempfile.mkdtemp(prefix="missionfacts-scale-")
    os.environ["MISSIONFACTS_HOME"] = home
    try:
        run(arguments, home)
    finally:
        if arguments.keep or arguments.loaded:
            print(f"database kept in {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)


def run(arguments, home: str) -> None:
    from corpus import load_corpus, prepare_database, setup_django

    setup_django()
    from django.db import connection
    from django.db.models import Max

    from missionfacts.figures.sheet import compute_sheet
    from missionfacts.missions.models import Mission
    from missionfacts.personnel.models import Strength

    engine = f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}"
    print(f"Database: {engine.strip()}; corpus {arguments.corpus}")
    if arguments.loaded:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(f"  the corpus was loaded earlier, in {arguments.loaded}")
    else:
        prepare_database()
        started = time.perf_counter()
        load_corpus(arguments.corpus, patrols_by_sql=arguments.patrols_by_sql)
        print(f"  loaded in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    rng = random.Random(arguments.seed)
    missions = list(Mission.objects.exclude(started_on=None).order_by("acronym"))
    last_day = Strength.objects.aggregate(last=Max("reported_on"))["last"]
    samples = []
    for _ in range(arguments.samples):
        mission = rng.choice(missions)
        span = (last_day - mission.started_on).days
        samples.append((mission, date.fromordinal(mission.started_on.toordinal() + rng.randint(30, span))))

    compute_sheet(*samples[0])  # imports and first queries, not what a user waits for twice
    ours, computed = [], []
    for mission, day in samples:
        begun = time.perf_counter()
        computed.append(compute_sheet(mission, day))
        ours.append(time.perf_counter() - begun)

    begun = time.perf_counter()
    notebook = PandasNotebook(connection)
    print(f"  pandas: raw tables loaded into memory in {time.perf_counter() - begun:.1f} s (not counted below)")
    theirs, disagreements = [], 0
    for (mission, day), sheet in zip(samples, computed, strict=True):
        begun = time.perf_counter()
        expected = notebook.sheet(mission.pk, day)
        theirs.append(time.perf_counter() - begun)
        got = figures_of(sheet)
        if expected != {key: got.get(key) for key in expected}:
            disagreements += 1
            if disagreements <= 3:
                differing = {key: (got.get(key), value) for key, value in expected.items() if got.get(key) != value}
                print(f"  ! {mission} {day}: missionfacts vs pandas differ: {differing}")

    ratio = statistics.median(theirs) / statistics.median(ours)
    print(f"\nAll figures of one sheet, {len(samples)} random (mission, date), {connection.vendor}:")
    print(f"  missionfacts (compute_sheet)    {summary(ours)}")
    print(f"  baseline: pandas notebook       {summary(theirs)}")
    met = statistics.median(ours) < SHEET_TARGET and ratio >= RATIO_TARGET
    print(f"  ratio baseline/missionfacts at the median: {ratio:.1f}x; target < {SHEET_TARGET * 1000:.0f} ms and "
          f">= {RATIO_TARGET}x: {'met' if met else 'MISSED'}; samples where the numbers differ: {disagreements}")
    dashboards(missions)


def dashboards(missions) -> None:
    try:
        from missionfacts.figures import dashboards as data
    except ImportError:
        print("\nDashboards: missionfacts.figures.dashboards does not exist yet; not measured.")
        return
    for name in ("strength_against_ceilings", "patrols_per_month"):
        function = getattr(data, name)
        function(missions[0])
        timings = []
        for mission in missions:
            begun = time.perf_counter()
            function(mission)
            timings.append(time.perf_counter() - begun)
        verdict = "met" if percentile(timings, 0.95) < DASHBOARD_TARGET else "MISSED"
        print(f"\nDashboard data {name}, each of {len(missions)} missions:  {summary(timings)}   "
              f"target p95 < {DASHBOARD_TARGET * 1000:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
