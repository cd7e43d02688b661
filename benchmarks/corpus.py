"""A large, realistic corpus: many missions over many years, generated from a seed, loaded through the importers.

    python benchmarks/corpus.py generate DIR [--seed 2026] [--missions 15] [--years 10] [--countries 150]
                                            [--patrols 10000000] [--participations 1000000] [--fatalities 20000]
    python benchmarks/corpus.py load DIR     # into the database of MISSIONFACTS_HOME / MISSIONFACTS_DATABASE_URL

`generate` writes, the same for the same arguments, in the formats the importers read:
- missions/ACRONYM.yaml: one mission file each (format: docs/mission-file.md): a resolution a year with its
  ceilings and mandate, four sectors, sites that open and close over the years, two training programmes;
- contributions.csv: the UN's monthly contributions (DPO-UCHISTORICAL columns) for every month-end of every
  mission, from a pool of about 60 of --countries countries per mission, 5 personnel types, men and women;
- fatalities.csv: the UN's fatalities file (DPPADPOSS-FATALITIES columns);
- patrols/ACRONYM.csv: the `patrols` import's one-row-per-patrol format, at a site in service that day;
- trainings/ACRONYM.xlsx: the `trainings` import's workbook, a sessions sheet and a participants sheet.
The defaults (15 missions × 10 years, 10 million patrols, a million participations) take about 2 GB of
files and fit a machine of 2 cores and 24 GB; every size is a parameter.

`load` imports the files through `missionfacts.imports` (the importers a user runs), in dependency order, and
prints each kind's time and rows per second. `load_corpus()` does the same from Python.
"""

import argparse
import calendar
import csv
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MISSION_NAMES = ["MINUSMA", "MONUSCO", "UNMISS", "UNIFIL", "MINUSCA", "UNISFA", "UNFICYP", "UNDOF", "MINURSO",
                 "UNMIK", "UNTSO", "UNMOGIP", "UNAMID", "MINUSTAH", "UNMIL", "UNOCI", "UNMIT", "ONUB", "UNMEE",
                 "UNOMIG"]
HOSTS = ["MLI", "COD", "SSD", "LBN", "CAF", "SDN", "CYP", "SYR", "MAR", "SRB", "ISR", "IND", "SDN", "HTI", "LBR",
         "CIV", "TLS", "BDI", "ERI", "GEO"]
UN_TYPES = {  # UN label: (men range, women range, share of countries that send this type)
    "Troops": ((80, 900), (0, 60), 0.5),
    "Staff Officer": ((1, 25), (0, 6), 0.9),
    "Experts on Mission": ((1, 15), (0, 4), 0.6),
    "Formed Police Units": ((100, 160), (0, 30), 0.15),
    "Individual Police": ((1, 60), (0, 20), 0.6),
}
INCIDENTS = ["Malicious Act", "Accident", "Illness", "Self-Inflicted", "To Be Determined", "Other"]
CATEGORIES = ["Military", "Police", "Military Observer", "International Civilian", "Local", "Other"]
PATROL_TYPES = ["foot", "mobile", "long-range", "joint", "air", "river", "night"]
SECTORS = [("nord", "Nord", "North"), ("sud", "Sud", "South"), ("est", "Est", "East"), ("ouest", "Ouest", "West")]


@dataclass(frozen=True)
class Sizes:
    missions: int = 15
    years: int = 10
    countries: int = 150
    patrols: int = 10_000_000
    participations: int = 1_000_000
    fatalities: int = 20_000
    first_year: int = 2015


@dataclass(frozen=True)
class SiteSpec:
    sector: str
    name: str
    latitude: float
    longitude: float
    valid_from: date
    valid_to: date | None


def month_ends(first_year: int, years: int) -> list[date]:
    return [date(year, month, calendar.monthrange(year, month)[1])
            for year in range(first_year, first_year + years) for month in range(1, 13)]


def sites_of(acronym: str, sizes: Sizes, rng: random.Random) -> list[SiteSpec]:
    """Twelve sites per mission: eight open from the start, four open later; a quarter close before the end."""
    start, end = date(sizes.first_year, 1, 1), date(sizes.first_year + sizes.years - 1, 12, 31)
    span = (end - start).days
    sites = []
    for index in range(12):
        opened = start if index < 8 else start + timedelta(days=rng.randint(90, span // 2))
        closed = opened + timedelta(days=rng.randint(365, span)) if index % 4 == 3 else None
        closed = closed if closed is not None and closed < end else None
        sector = SECTORS[index % len(SECTORS)][0]
        sites.append(SiteSpec(sector, f"{acronym.title()} site {index + 1}", round(rng.uniform(-10, 30), 5),
                              round(rng.uniform(-15, 40), 5), opened, closed))
    return sites


def mission_file(acronym: str, host: str, sizes: Sizes, sites: list[SiteSpec]) -> dict:
    first, last = sizes.first_year, sizes.first_year + sizes.years - 1
    source = f"{acronym.lower()}-reports"
    return {
        "format": "missionfacts/mission-1",
        "default_source": source,
        "sources": [{"key": source, "kind": "document", "title": f"{acronym} reports (generated corpus)"}],
        "mission": {"acronym": acronym, "name": {"fr": f"Mission {acronym}", "en": f"{acronym} mission"},
                    "host_country": host, "started_on": date(first, 1, 1)},
        "resolutions": [{
            "number": 3000 + 20 * MISSION_NAMES.index(acronym) + year - first,
            "adopted_on": date(year - 1, 12, 15), "mandate_ends_on": date(year, 12, 31),
            "ceilings": {"military": 12000 + 100 * (year - first), "police": 1900},
            "priorities": [{"text": {"fr": "Protéger les civils.", "en": "Protect civilians."}}],
            "tasks": [{"title": {"fr": "Protection", "en": "Protection"},
                       "text": {"fr": "Patrouiller.", "en": "Patrol."}}],
        } for year in range(first, last + 1)],
        "sectors": [{
            "key": key, "name": {"fr": f"Secteur {french}", "en": f"Sector {english}"}, "valid_from": date(first, 1, 1),
            "sites": [{"name": site.name, "latitude": site.latitude, "longitude": site.longitude,
                       "valid_from": site.valid_from, **({"valid_to": site.valid_to} if site.valid_to else {})}
                      for site in sites if site.sector == key],
        } for key, french, english in SECTORS],
        "training_programmes": [
            {"key": "unpol", "audience": {"fr": "policiers", "en": "police officers"},
             "subject": {"fr": "droits humains", "en": "human rights"}, "counts": "persons"},
            {"key": "mdsf", "audience": {"fr": "forces maliennes", "en": "national forces"},
             "subject": {"fr": "menaces explosives", "en": "explosive threats"}, "counts": "participations"},
        ],
    }


def generate(folder: Path, sizes: Sizes, seed: int) -> dict:
    """Write the corpus into `folder`; returns the number of rows of each kind."""
    import pycountry
    import yaml

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for part in ("missions", "patrols", "trainings"):
        (folder / part).mkdir(exist_ok=True)
    acronyms = MISSION_NAMES[:sizes.missions]
    countries = rng.sample(sorted(country.alpha_3 for country in pycountry.countries), sizes.countries)
    sites = {acronym: sites_of(acronym, sizes, rng) for acronym in acronyms}
    for acronym, host in zip(acronyms, HOSTS, strict=False):
        text = yaml.safe_dump(mission_file(acronym, host, sizes, sites[acronym]), allow_unicode=True, sort_keys=False)
        (folder / "missions" / f"{acronym}.yaml").write_text(text, encoding="utf-8")
    counts = {"missions": len(acronyms)}
    counts["contributions"] = _contributions(folder / "contributions.csv", acronyms, countries, sizes, rng)
    counts["fatalities"] = _fatalities(folder / "fatalities.csv", acronyms, countries, sizes, rng)
    counts["patrols"] = sum(_patrols(folder / "patrols" / f"{acronym}.csv", acronym, sites[acronym],
                                     _share(sizes.patrols, len(acronyms), index), sizes, rng)
                            for index, acronym in enumerate(acronyms))
    counts["participations"] = sum(_trainings(folder / "trainings" / f"{acronym}.xlsx", acronym, sites[acronym],
                                              _share(sizes.participations, len(acronyms), index), sizes, rng)
                                   for index, acronym in enumerate(acronyms))
    (folder / "corpus.json").write_text(json.dumps({"seed": seed, "sizes": sizes.__dict__, "rows": counts}, indent=1))
    return counts


def _share(total: int, parts: int, index: int) -> int:
    return total // parts + (1 if index < total % parts else 0)


def _contributions(path: Path, acronyms, countries, sizes: Sizes, rng: random.Random) -> int:
    rows = 0
    pools = {acronym: rng.sample(countries, min(60, len(countries))) for acronym in acronyms}
    sent = {(acronym, country, label): rng.random() < share
            for acronym in acronyms for country in pools[acronym] for label, (_, _, share) in UN_TYPES.items()}
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["contributing_country", "isocode3", "last_reporting_date", "male_personnel",
                         "female_personnel", "mission_acronym", "personnel_type"])
        for day in month_ends(sizes.first_year, sizes.years):
            for acronym in acronyms:
                for country in pools[acronym]:
                    for label, (men, women, _) in UN_TYPES.items():
                        if sent[(acronym, country, label)]:
                            female = rng.randint(*women)
                            writer.writerow([country, country, day.isoformat(), rng.randint(*men), female or "",
                                             acronym, label])
                            rows += 1
    return rows


def _fatalities(path: Path, acronyms, countries, sizes: Sizes, rng: random.Random) -> int:
    start = date(sizes.first_year, 1, 1)
    span = (date(sizes.first_year + sizes.years - 1, 12, 31) - start).days
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["incident_date", "casualty_id", "mission_acronym", "type_of_casualty", "gender",
                         "casualty_personnel_type", "type_of_incident", "isocode3"])
        for index in range(sizes.fatalities):
            writer.writerow([(start + timedelta(days=rng.randint(0, span))).isoformat(), f"GEN-{index:07d}",
                             rng.choice(acronyms), "Fatality", rng.choice("MMMMF"), rng.choice(CATEGORIES),
                             rng.choice(INCIDENTS), rng.choice(countries)])
    return sizes.fatalities


def _in_service(sites: list[SiteSpec], day: date) -> list[SiteSpec]:
    return [site for site in sites if site.valid_from <= day and (site.valid_to is None or day <= site.valid_to)]


def _patrols(path: Path, acronym: str, sites: list[SiteSpec], rows: int, sizes: Sizes, rng: random.Random) -> int:
    start = date(sizes.first_year, 1, 1)
    days = (date(sizes.first_year + sizes.years - 1, 12, 31) - start).days + 1
    # Sites in service change rarely: one list per month is exact enough when sites open and close on the 1st.
    by_day = [_in_service(sites, start + timedelta(days=offset)) for offset in range(days)]
    isoformat = [(start + timedelta(days=offset)).isoformat() for offset in range(days)]
    randrange, choice, random_ = rng.randrange, rng.choice, rng.random
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["reference", "date", "component", "site", "type"])
        batch = []
        for index in range(rows):
            offset = randrange(days)
            batch.append((f"{acronym}-P{index:08d}", isoformat[offset],
                          "military" if random_() < 0.7 else "police", choice(by_day[offset]).name,
                          choice(PATROL_TYPES)))
            if len(batch) == 100_000:
                writer.writerows(sorted(batch, key=lambda row: row[1]))
                batch = []
        writer.writerows(sorted(batch, key=lambda row: row[1]))
    return rows


def _trainings(path: Path, acronym: str, sites: list[SiteSpec], participations: int, sizes: Sizes,
               rng: random.Random) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sessions, participants = workbook.create_sheet("sessions"), workbook.create_sheet("participants")
    sessions.append(["date", "programme", "site", "reference"])
    participants.append(["session", "participant", "sex"])
    start = date(sizes.first_year, 1, 1)
    days = (date(sizes.first_year + sizes.years - 1, 12, 31) - start).days + 1
    people = max(participations // 4, 1)
    sex_of = [rng.choice("MMF") for _ in range(people)]
    written, session = 0, 0
    while written < participations:
        day = start + timedelta(days=rng.randrange(days))
        reference = f"{acronym}-S{session:06d}"
        sessions.append([day, rng.choice(["unpol", "mdsf"]), rng.choice(_in_service(sites, day)).name, reference])
        size = min(rng.randint(10, 40), participations - written)
        for person in rng.sample(range(people), min(size, people)):
            participants.append([reference, f"{acronym}-{person:07d}", sex_of[person]])
            written += 1
        session += 1
    workbook.save(path)
    return written


# Loading ----------------------------------------------------------------------------------------------------------


def load_corpus(folder: Path, report=print, patrols_by_sql: bool = False) -> dict[str, float]:
    """Import the corpus through the importers, in dependency order; returns the seconds each kind took.

    With `patrols_by_sql`, patrols are written with bulk SQL (see load_patrols_by_sql) instead of the `patrols`
    importer, whose speed makes ten million rows a matter of the better part of an hour."""
    from missionfacts.imports.registry import IMPORTERS
    from missionfacts.missions.models import Mission

    timings: dict[str, float] = {}
    rows: dict[str, int] = {}

    def run(kind: str, path: Path, mission=None) -> None:
        started = time.perf_counter()
        result = IMPORTERS[kind](path, mission=mission, user=None, dry_run=False, progress=None)
        if not result.ok:
            raise SystemExit(f"{path.name} did not import: " + "; ".join(map(str, result.problems[:10])))
        timings[kind] = timings.get(kind, 0.0) + time.perf_counter() - started
        rows[kind] = rows.get(kind, 0) + result.rows_read

    for path in sorted((folder / "missions").glob("*.yaml")):
        run("mission", path)
    run("un-contributions", folder / "contributions.csv")
    run("un-fatalities", folder / "fatalities.csv")
    for kind, pattern in (("patrols", "*.csv"), ("trainings", "*.xlsx")):
        for path in sorted((folder / kind).glob(pattern)):
            if kind == "patrols" and patrols_by_sql:
                started = time.perf_counter()
                rows["patrols (bulk SQL)"] = rows.get("patrols (bulk SQL)", 0) + load_patrols_by_sql(path)
                timings["patrols (bulk SQL)"] = timings.get("patrols (bulk SQL)", 0) + time.perf_counter() - started
            else:
                run(kind, path, Mission.objects.get(acronym=path.stem))
    for kind, seconds in timings.items():
        report(f"  {kind:<18}{rows[kind]:>12,} rows {seconds:>9.1f} s {rows[kind] / seconds:>12,.0f} rows/s")
    return timings


def load_patrols_by_sql(path: Path) -> int:
    """Write a patrols file of the corpus straight into the patrols table, with an import batch for provenance.

    No validation beyond what the corpus guarantees (sites in service, unique references): this is how a
    benchmark gets ten million rows in minutes, not a way to import real files.
    """
    import hashlib

    from django.db import connection, transaction

    from missionfacts.activities.models import Patrol
    from missionfacts.activities.summary import refresh_patrol_days
    from missionfacts.imports.models import ImportBatch, Source
    from missionfacts.missions.models import Mission, Site

    mission = Mission.objects.get(acronym=path.stem)
    sites = {name: (pk, sector) for name, pk, sector in Site.objects.filter(mission=mission)
             .values_list("name", "pk", "sector_id")}
    with transaction.atomic():
        source, _ = Source.objects.get_or_create(key=f"{mission.acronym.lower()}-patrols-corpus",
                                                 defaults={"kind": "dataset", "title": f"{mission} patrols (corpus)"})
        batch = ImportBatch.objects.create(kind="patrols", file_name=path.name, source=source,
                                           checksum=hashlib.sha256(path.name.encode()).hexdigest())
        table = connection.ops.quote_name(Patrol._meta.db_table)
        columns = "mission_id, patrolled_on, component, sector_id, site_id, patrol_type, reference, source_id, " \
                  "import_batch_id"
        rows = 0
        with open(path, encoding="utf-8", newline="") as stream, connection.cursor() as cursor:
            reader = csv.reader(stream)
            next(reader)
            chunk = []
            for reference, day, component, site, patrol_type in reader:
                site_id, sector_id = sites[site]
                chunk.append((mission.pk, day, component, sector_id, site_id, patrol_type, reference, source.pk,
                              batch.pk))
                if len(chunk) == 50_000:
                    rows += _insert(cursor, table, columns, chunk)
                    chunk = []
            rows += _insert(cursor, table, columns, chunk)
        # Raw SQL sends no signal: the daily summary the figures read is summed here, in the same transaction,
        # as an importer does (over the whole mission: the file holds all of its patrols).
        refresh_patrol_days(mission.pk, date.min, date.max)
        batch.rows_read = batch.rows_added = rows
        batch.save()
    return rows


def _insert(cursor, table: str, columns: str, chunk: list[tuple]) -> int:
    if not chunk:
        return 0
    if cursor.db.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in chunk:
                copy.write_row(row)
    else:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 9)})", chunk)
    return len(chunk)


def prepare_database() -> None:
    """Create the SQLite file's folder if need be, and migrate."""
    from django.conf import settings
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0, interactive=False)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionfacts.settings")
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="write the corpus files")
    make.add_argument("folder", type=Path)
    make.add_argument("--seed", type=int, default=2026)
    for name, default in Sizes().__dict__.items():
        make.add_argument(f"--{name.replace('_', '-')}", type=int, default=default)
    load = commands.add_parser("load", help="import the corpus into the configured database")
    load.add_argument("folder", type=Path)
    load.add_argument("--patrols-by-sql", action="store_true", help="bulk SQL for patrols instead of the importer")
    arguments = parser.parse_args()
    if arguments.command == "generate":
        sizes = Sizes(**{name: getattr(arguments, name) for name in Sizes().__dict__})
        started = time.perf_counter()
        counts = generate(arguments.folder, sizes, arguments.seed)
        print(f"Generated in {time.perf_counter() - started:.0f} s: "
              + ", ".join(f"{count:,} {kind}" for kind, count in counts.items()))
    else:
        setup_django()
        prepare_database()
        load_corpus(arguments.folder, patrols_by_sql=arguments.patrols_by_sql)


if __name__ == "__main__":
    main()
