"""`missionfacts serve`: the web pages on a local server, for one person's use."""

from django.core.management import call_command

from missionfacts.commands import MissionfactsCommand


class Command(MissionfactsCommand):
    help = "Serve the fact sheets as web pages on this computer (http://127.0.0.1:8000/ by default)."

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000", help="host:port to listen on")

    def handle(self, *args, address, **options):
        call_command("runserver", address, use_reloader=False)
