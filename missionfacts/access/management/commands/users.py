"""`missionfacts users add NAME --role reader|editor|admin --mission ACRONYM [--email E] [--password-stdin]`,
`users list` and `users grant NAME --role ROLE --mission ACRONYM`: staff users without the admin's pages.
"""

import getpass
import sys

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from missionfacts.access.models import MissionRole
from missionfacts.access.staff_users import (
    ADMIN,
    ROLES,
    StaffUserError,
    add_user,
    check_new_name,
    checked_role,
    grant,
    staff_users,
)
from missionfacts.commands import MissionfactsCommand, UsageError, find_mission, output_width

# Wide enough for any row: written to a pipe, the table keeps one line a user (Rich trims it to its content).
UNBOUNDED = 10_000


class Command(MissionfactsCommand):
    help = "Create staff users, give them a role in a mission, and list them."
    # Tests hand the command the text a script would pipe in.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="add|grant|list")
        add = actions.add_parser("add", help="Create a user with a role (asks for the password).")
        add.add_argument("name", help="The user's sign-in name.")
        add.add_argument("--email", default="", help="The user's e-mail address.")
        add.add_argument("--password-stdin", action="store_true",
                         help="Read the password from the first line of standard input (for scripts).")
        granted = actions.add_parser("grant", help="Give an existing user a role in missions, or make them admin.")
        granted.add_argument("name", help="The user's sign-in name.")
        for subparser in (add, granted):
            subparser.add_argument("--role", required=True, help=f"One of: {', '.join(ROLES)}.")
            subparser.add_argument("--mission", action="append", default=[], metavar="ACRONYM",
                                   help="A mission the role covers (repeat for several; none for admin).")
        actions.add_parser("list", help="List the staff users and their roles.")
        for subparser in (add, granted, actions.choices["list"]):
            # Mistakes in a subcommand's arguments get the same one-line error as the command's own.
            # (looked up when called: MissionfactsCommand.create_parser replaces parser.error after this method).
            subparser.error = lambda message: parser.error(message)

    def handle(self, *args, action, **options):
        try:
            if action == "add":
                self.add(options)
            elif action == "grant":
                self.grant(options)
            else:
                self.list()
        except StaffUserError as refusal:
            raise UsageError(str(refusal)) from None

    def add(self, options) -> None:
        missions = [find_mission(acronym) for acronym in options["mission"]]
        # The role is checked before the password is asked for, so that a mistake costs no typing.
        checked_role(options["role"], missions)
        check_new_name(options["name"])
        password = self.password(options)
        user = add_user(options["name"], role=options["role"], missions=missions, password=password,
                        email=options["email"])
        self.stdout.write(self.granted_line(_("Created {name}").format(name=user.username), options["role"],
                                            missions))

    def grant(self, options) -> None:
        user = get_user_model().objects.filter(username=options["name"]).first()
        if user is None:
            raise UsageError(_("no user named {name!r}; `missionfacts users add` creates one.").format(
                name=options["name"]))
        missions = [find_mission(acronym) for acronym in options["mission"]]
        grant(user, role=options["role"], missions=missions)
        self.stdout.write(self.granted_line(user.username, options["role"], missions))

    @staticmethod
    def granted_line(who: str, role: str, missions) -> str:
        if role == ADMIN:
            return _("{who}: administrator of every mission.").format(who=who)
        return _("{who}: {role} of {missions}.").format(who=who, role=MissionRole.Role(role).label,
                                                       missions=", ".join(m.acronym for m in missions))

    def password(self, options) -> str:
        if options["password_stdin"]:
            stdin = options.get("stdin") or sys.stdin
            password = stdin.readline().rstrip("\r\n")
            if not password:
                raise UsageError(_("--password-stdin: standard input gave no password."))
            return password
        if not sys.stdin.isatty():
            raise UsageError(_("no terminal to ask the password on; pipe it in with --password-stdin."))
        password = getpass.getpass(_("Password: "))
        if password != getpass.getpass(_("Password (again): ")):
            raise UsageError(_("the two passwords differ; nothing was created."))
        return password

    def list(self) -> None:
        table = Table(_("name"), _("e-mail"), _("roles"), box=None, pad_edge=False)
        for user in staff_users():
            roles = [_("administrator")] if user.is_admin else []
            roles += [f"{MissionRole.Role(role).label}: {', '.join(acronyms)}"
                      for role, acronyms in sorted(user.roles.items())]
            name = user.username if user.is_active else _("{name} (inactive)").format(name=user.username)
            table.add_row(name, user.email, "; ".join(roles))
        if not table.row_count:
            self.stdout.write(_("No staff user yet: `missionfacts users add NAME --role editor --mission ACRONYM` "
                                "creates one."))
            return
        console = Console(width=output_width(self.stdout) or UNBOUNDED, highlight=False)
        with console.capture() as captured:
            console.print(table)
        self.stdout.write("\n".join(line.rstrip() for line in captured.get().splitlines()))
