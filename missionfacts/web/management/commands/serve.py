"""`missionfacts serve`: the web pages on a local server, for one person's use.

It runs with DEBUG off unless MISSIONFACTS_DEBUG=true (missionfacts.cli sets that default before Django
starts), so that a mistyped address or a crash shows the site's own 404 and 500 pages, never Django's
technical pages with the settings in them; the secret key is generated once (settings.stored_secret_key).
"""

from django.core.management import call_command

from missionfacts.commands import MissionfactsCommand


class Command(MissionfactsCommand):
    help = "Serve the fact sheets as web pages on this computer (http://127.0.0.1:8000/ by default)."

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000", help="host:port to listen on")

    def handle(self, *args, address, **options):
        # Django's development server serves the static files (styles, scripts, the charts' vega bundle) only
        # with DEBUG on, unless told to: this server is one person's, with no web server in front to do it.
        call_command("runserver", address, use_reloader=False, insecure_serving=True)
