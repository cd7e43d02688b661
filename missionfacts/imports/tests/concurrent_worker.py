"""A child process for the concurrency tests: it imports files or reads pages, one request a line of stdin.

    python -m missionfacts.imports.tests.concurrent_worker import   # a line: a contributions file to import
    python -m missionfacts.imports.tests.concurrent_worker read     # a line: a page's path to read

It answers each line with one line of JSON on stdout: {"ok": true, "output": ...} or {"ok": false, "error": ...}
for an import, {"status": 200} for a page. The database is the one MISSIONFACTS_HOME names, opened with the
settings' own options, so what the tests see is what two `missionfacts` processes would.
"""

import io
import json
import os
import sys


def main(role: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionfacts.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    # A server answers a failing request with a 500 page; the test client would raise instead.
    visitor = Client(raise_request_exception=False)
    # The database is opened, and so in the journal mode the settings ask for, before the first request.
    connection.ensure_connection()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = line.strip()
        if role == "import":
            output = io.StringIO()
            try:
                call_command("import", "un-contributions", request, stdout=output, stderr=output)
                answer = {"ok": True, "output": output.getvalue()}
            except BaseException as error:  # noqa: B036 - a failed import is the answer, whatever ended it
                answer = {"ok": False, "error": f"{type(error).__name__}: {error} {output.getvalue()}"}
        else:
            answer = {"status": visitor.get(request).status_code}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
