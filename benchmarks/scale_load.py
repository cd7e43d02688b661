"""The facts page and the figures endpoint under 32 concurrent clients, served by Gunicorn, loaded by wrk.

    python benchmarks/scale_load.py [--home FOLDER] [--duration 20] [--connections 32] [--workers 4]
    scripts/postgres-throwaway run python benchmarks/scale_load.py ...     # the same on PostgreSQL

The server is Gunicorn (pip install -e .[bench]) with missionfacts.settings_production (a random secret key;
MISSIONFACTS_BEHIND_PROXY, since wrk speaks plain HTTP on loopback and says X-Forwarded-Proto: https as a
TLS-terminating proxy would), listening on 127.0.0.1 only. The load generator is wrk (apt-get install wrk),
a separate process with 2 threads and --connections connections, for --duration seconds per URL. Without
--home, the database is a fresh SQLite file with the shipped reference data; with --home, the SQLite
database in that folder (e.g. a corpus kept by scale_figures.py --keep). A 5-second warm-up round per URL,
not reported, lets every worker import, compile and draw once. Everything stops by itself.

Prints per URL: requests per second, p50/p95/p99 latency, non-2xx answers and socket errors.
Target (issue 6): p95 under 150 ms with no errors.
"""

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_P95 = 0.150
URLS = ("/missions/MINUSMA/", "/api/missions/MINUSMA/figures/?as_of=2020-07-01&lang=fr")
# wrk reports mean and stdev by default; this prints the percentiles and the error counts on one line each.
WRK_SCRIPT = """
wrk.headers["X-Forwarded-Proto"] = "https"
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.3f p50=%d p95=%d p99=%d non2xx=%d connect=%d read=%d "
    .. "write=%d timeout=%d\\n", summary.requests, summary.duration / 1e6, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    arguments = parser.parse_args()
    for tool in ("wrk", "gunicorn"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed: apt-get install wrk; pip install -e .[bench]")
    home = arguments.home or Path(tempfile.mkdtemp(prefix="missionfacts-load-"))
    environment = {**os.environ, "MISSIONFACTS_HOME": str(home), "MISSIONFACTS_SECRET_KEY": secrets.token_urlsafe(64),
                   "MISSIONFACTS_BEHIND_PROXY": "true", "MISSIONFACTS_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    try:
        # The database is set up (migrated, reference data loaded) before the server starts.
        subprocess.run([sys.executable, "-c", "import django; django.setup(); "
                        "from missionfacts.imports.reference import ensure_database; ensure_database()"],
                       cwd=ROOT, env={**environment, "DJANGO_SETTINGS_MODULE": "missionfacts.settings_production"},
                       check=True)
        measure(arguments, environment)
    finally:
        if arguments.home is None:
            shutil.rmtree(home, ignore_errors=True)


def measure(arguments, environment: dict) -> None:
    port = free_port()
    server = subprocess.Popen(
        ["gunicorn", "missionfacts.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(arguments.workers),
         "--env", "DJANGO_SETTINGS_MODULE=missionfacts.settings_production", "--log-level", "warning"],
        cwd=ROOT, env=environment)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base, server)
        script = Path(tempfile.mkstemp(suffix=".lua")[1])
        script.write_text(WRK_SCRIPT)
        database = "PostgreSQL" if "postgres" in environment.get("MISSIONFACTS_DATABASE_URL", "") else "SQLite"
        print(f"Gunicorn, {arguments.workers} sync workers, {database}; wrk, 2 threads, {arguments.connections} "
              f"connections, {arguments.duration} s per URL, loopback")
        for url in URLS:
            # Every worker's first requests pay for imports, templates and drawing the charts: a warm-up
            # round, not reported, lets each worker pay once.
            subprocess.run(["wrk", "-t2", f"-c{arguments.workers}", "-d5s", "--timeout", "30s", "-s", str(script),
                            base + url], capture_output=True, timeout=120)
            completed = subprocess.run(
                ["wrk", "-t2", f"-c{arguments.connections}", f"-d{arguments.duration}s", "--timeout", "10s",
                 "-s", str(script), base + url], capture_output=True, text=True, timeout=arguments.duration + 60)
            report(url, completed.stdout)
        script.unlink()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def wait_until_serving(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before serving")
        try:
            urllib.request.urlopen(urllib.request.Request(base + "/", headers={"X-Forwarded-Proto": "https"}),
                                   timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s")


def report(url: str, output: str) -> None:
    line = next((line for line in output.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result for {url}:\n{output}")
    values = dict(part.split("=") for part in line.split()[1:])
    requests, seconds = int(values["requests"]), float(values["seconds"])
    errors = sum(int(values[name]) for name in ("connect", "read", "write", "timeout"))
    p95 = int(values["p95"]) / 1e6
    verdict = "met" if p95 < TARGET_P95 and errors == 0 and values["non2xx"] == "0" else "MISSED"
    print(f"{url}\n  {requests / seconds:7.1f} requests/s; p50 {int(values['p50']) / 1000:6.1f} ms, "
          f"p95 {p95 * 1000:6.1f} ms, p99 {int(values['p99']) / 1000:6.1f} ms; {values['non2xx']} non-2xx, "
          f"{errors} socket errors; target p95 < {TARGET_P95 * 1000:.0f} ms, no errors: {verdict}")


if __name__ == "__main__":
    main()
