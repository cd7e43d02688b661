"""Back up a large database and restore it into an empty one: time, size, and the same figures after.

    python benchmarks/scale_backup.py HOME [--samples 20] [--seed 3]

HOME is a folder holding a missionfacts SQLite database, e.g. one kept by `scale_figures.py --keep`. The
script runs `missionfacts backup` on it, `missionfacts restore` into a fresh database in a temporary folder,
then computes the figures JSON of --samples random (mission, date) sheets on both and compares them.
With MISSIONFACTS_DATABASE_URL set (scripts/postgres-throwaway run ...), the restore goes into PostgreSQL.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SHEETS = """
import json, random, sys
from datetime import date
import django; django.setup()
from missionfacts.factsheets.json_output import sheet_as_json
from missionfacts.figures.sheet import compute_sheet
from missionfacts.missions.models import Mission
rng = random.Random(int(sys.argv[1]))
missions = list(Mission.objects.exclude(started_on=None).order_by("acronym"))
sheets = []
for _ in range(int(sys.argv[2])):
    mission = rng.choice(missions)
    day = date.fromordinal(mission.started_on.toordinal() + rng.randint(30, 3500))
    sheets.append(sheet_as_json(compute_sheet(mission, day), "fr"))
print(json.dumps(sheets, sort_keys=True, default=str))
"""


def command(home: Path, *arguments: str, database_url: str | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "MISSIONFACTS_HOME": str(home), "DJANGO_SETTINGS_MODULE": "missionfacts.settings"}
    environment.pop("MISSIONFACTS_DATABASE_URL", None)
    if database_url:
        environment["MISSIONFACTS_DATABASE_URL"] = database_url
    completed = subprocess.run([sys.executable, *arguments], cwd=ROOT, env=environment, capture_output=True,
                               text=True)
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(arguments[:3])} failed:\n{completed.stderr[-2000:]}")
    return completed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=3)
    arguments = parser.parse_args()
    target_url = os.environ.get("MISSIONFACTS_DATABASE_URL")
    folder = Path(tempfile.mkdtemp(prefix="missionfacts-backup-bench-"))
    try:
        archive = folder / "corpus.zip"
        # An archive restores into the schema it was made with: bring the source up to date first.
        command(arguments.home, "-m", "missionfacts.cli", "migrate", "--verbosity", "0")
        started = time.perf_counter()
        command(arguments.home, "-m", "missionfacts.cli", "backup", "--output", str(archive))
        backed_up = time.perf_counter() - started
        started = time.perf_counter()
        restored_home = folder / "restored"
        restored_home.mkdir()
        command(restored_home, "-m", "missionfacts.cli", "restore", str(archive), database_url=target_url)
        restored = time.perf_counter() - started
        sample = [str(arguments.seed), str(arguments.samples)]
        before = command(arguments.home, "-c", SHEETS, *sample).stdout
        after = command(restored_home, "-c", SHEETS, *sample, database_url=target_url).stdout
        manifest = json.loads(subprocess.run([sys.executable, "-c", "import sys, zipfile; "
                                              "print(zipfile.ZipFile(sys.argv[1]).read('manifest.json').decode())",
                                              str(archive)], capture_output=True, text=True, check=True).stdout)
        rows = sum(model["rows"] for model in manifest["models"])
        print(f"backup: {rows:,} rows of {len(manifest['models'])} models in {backed_up:.0f} s, "
              f"{archive.stat().st_size / 1e6:.0f} MB; restore into {'PostgreSQL' if target_url else 'SQLite'}: "
              f"{restored:.0f} s; {arguments.samples} sheets' figures JSON identical after: {before == after}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
