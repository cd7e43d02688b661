"""First use: `missionfacts missions` in a fresh empty home, the shipped database against the old set-up.

Each run starts a new process in a new empty MISSIONFACTS_HOME and times it from start to the first line it
prints (stdout or stderr, whichever comes first) and to its end. The runs alternate between the prebuilt copy
(the default) and the old path (MISSIONFACTS_PREBUILT_DATABASE=false: 49 migrations, then the loaders), so
that a busy machine weighs on both alike. The load average is printed before and after: on a loaded machine
the times are noisy, and a target is met only by a run on a quiet one.

    python benchmarks/first_use.py [--runs 3] [--command missions]
"""

import argparse
import os
import selectors
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 3.0


def one_run(command: list[str], prebuilt: bool) -> tuple[float, float, float]:
    """Seconds to the first printed line (progress included), to the first line of the result, and to the end.

    The first printed line can be a progress line of the set-up: the first line of the result (stdout) is
    what the user waits for.
    """
    with tempfile.TemporaryDirectory(prefix="missionfacts-first-use-") as home:
        environment = {**os.environ, "MISSIONFACTS_HOME": home, "PYTHONPATH": str(ROOT),
                       "MISSIONFACTS_PREBUILT_DATABASE": "true" if prebuilt else "false"}
        environment.pop("MISSIONFACTS_DATABASE_URL", None)
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "missionfacts.cli", *command], cwd=ROOT, env=environment,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first_line = first_result = None
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            selector.register(process.stderr, selectors.EVENT_READ)
            while selector.get_map():
                for key, _ in selector.select():
                    if not key.fileobj.readline():
                        selector.unregister(key.fileobj)
                        continue
                    elapsed = time.perf_counter() - started
                    first_line = first_line if first_line is not None else elapsed
                    if key.fileobj is process.stdout and first_result is None:
                        first_result = elapsed
        if process.wait() != 0:
            raise SystemExit(f"{' '.join(command)} failed (exit {process.returncode}).")
        total = time.perf_counter() - started
        return first_line or total, first_result or total, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each path (default 3)")
    parser.add_argument("--command", default="missions", help="the missionfacts command line (default: missions)")
    arguments = parser.parse_args()
    command = arguments.command.split()
    print(f"load average before: {' '.join(f'{load:.2f}' for load in os.getloadavg())} ({os.cpu_count()} cores)")
    times: dict[str, list[tuple[float, float, float]]] = {"prebuilt": [], "old path": []}
    for run in range(1, arguments.runs + 1):
        for name, prebuilt in (("prebuilt", True), ("old path", False)):
            measured = one_run(command, prebuilt)
            times[name].append(measured)
            print(f"run {run} {name:8}: " + _line(measured))
    print(f"load average after:  {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    medians = {name: tuple(statistics.median(measured[index] for measured in runs) for index in range(3))
               for name, runs in times.items()}
    for name, measured in medians.items():
        print(f"median {name:8}: " + _line(measured))
    old, new = medians["old path"], medians["prebuilt"]
    print(f"old path / prebuilt: first result line {old[1] / new[1]:.1f}x, whole command {old[2] / new[2]:.1f}x")
    print(f"target: first result line under {TARGET_SECONDS:.0f} s on a quiet machine; this run "
          f"{'met it' if new[1] < TARGET_SECONDS else 'did not meet it'} ({new[1]:.2f} s; see the load average)")


def _line(measured: tuple[float, float, float]) -> str:
    first_line, first_result, total = measured
    return (f"first line {first_line:6.2f} s, first result line {first_result:6.2f} s, "
            f"whole command {total:6.2f} s")


if __name__ == "__main__":
    main()
