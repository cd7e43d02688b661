"""`missionfacts users`: staff users made, given roles and listed from the command line, as an administrator does."""

import io
import os
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from missionfacts.access.models import MissionRole
from missionfacts.factsheets.tests.test_factsheet_command import run
from missionfacts.imports.reference import load_reference_data, load_shipped_fatalities
from missionfacts.web.roles import EDITORS, READERS

PASSWORD = "a-long-password-1\n"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")


@pytest.fixture
def missions(db):
    # As the first use leaves the database, so that the command has nothing to set up and announce.
    load_reference_data()
    load_shipped_fatalities()


def users(*arguments: str, password: str = PASSWORD) -> str:
    """Run `missionfacts users ...` with the password a script would pipe in; what it printed."""
    out = io.StringIO()
    call_command("users", *arguments, stdin=io.StringIO(password), stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.usefixtures("missions")
class TestUsersCommand:
    def test_add_makes_an_editor_of_a_mission_who_can_enter_the_admin(self):
        out = users("add", "amina", "--role", "editor", "--mission", "MINUSMA", "--email", "amina@un.org",
                    "--password-stdin")
        assert out.strip() == "Created amina: editor of MINUSMA."
        amina = User.objects.get(username="amina")
        assert amina.check_password("a-long-password-1") and amina.email == "amina@un.org"
        assert amina.is_staff and not amina.is_superuser
        assert list(MissionRole.objects.filter(user=amina).values_list("mission__acronym", "role")) == [
            ("MINUSMA", "editor")]
        assert set(amina.groups.values_list("name", flat=True)) == {READERS, EDITORS}

    def test_an_admin_needs_no_mission_and_is_a_superuser(self):
        assert users("add", "chef", "--role", "admin", "--password-stdin").strip() == (
            "Created chef: administrator of every mission.")
        chef = User.objects.get(username="chef")
        assert chef.is_superuser and chef.is_staff

    def test_grant_gives_a_role_in_more_missions_and_changes_one_held(self):
        users("add", "amina", "--role", "reader", "--mission", "MINUSMA", "--password-stdin")
        assert users("grant", "amina", "--role", "editor", "--mission", "MINUSMA", "--mission", "ONUB").strip() == (
            "amina: editor of MINUSMA, ONUB.")
        assert set(MissionRole.objects.values_list("mission__acronym", "role")) == {("MINUSMA", "editor"),
                                                                                    ("ONUB", "editor")}

    def test_list_names_each_user_with_roles_and_missions(self):
        users("add", "amina", "--role", "editor", "--mission", "MINUSMA", "--password-stdin")
        users("grant", "amina", "--role", "reader", "--mission", "UNMIL")
        users("add", "chef", "--role", "admin", "--password-stdin")
        lines = users("list").splitlines()
        assert lines[0].split() == ["name", "e-mail", "roles"]
        assert lines[1].split(maxsplit=1) == ["amina", "editor: MINUSMA; reader: UNMIL"]
        assert lines[2].split() == ["chef", "administrator"]

    @pytest.mark.parametrize("arguments, message", [
        (["add", "amina", "--role", "boss", "--mission", "MINUSMA"],
         "unknown role 'boss'; use one of: reader, editor, admin."),
        (["add", "amina", "--role", "editor"], "the role 'editor' needs at least one mission: --mission ACRONYM."),
        (["add", "amina", "--role", "admin", "--mission", "MINUSMA"],
         "an admin may act on every mission; leave out --mission."),
        (["add", "amina", "--role", "editor", "--mission", "MINUSMAX"], "unknown mission 'MINUSMAX'. Did you mean: "),
        (["add", "taken", "--role", "editor", "--mission", "MINUSMA"],
         "a user named 'taken' already exists; `missionfacts users grant` gives them a role."),
        (["grant", "nobody", "--role", "editor", "--mission", "MINUSMA"],
         "no user named 'nobody'; `missionfacts users add` creates one."),
        (["add", "amina", "--role", "editor", "--mission", "MINUSMA", "--password-stdin"],
         "password refused: This password is too short."),
        (["add", "amina"], "the following arguments are required: --role"),
    ])
    def test_a_mistake_is_one_line_exit_2_and_changes_nothing(self, arguments, message, capsys):
        User.objects.create_user("taken", "", "another-long-password-2")
        with mock.patch("sys.stdin", io.StringIO("short\n")):
            status, out, err = run(["users", *arguments], capsys)
        assert (status, out) == (2, "")
        [line] = err.strip().splitlines()
        assert line.startswith("missionfacts users: error: ") and message in line, line
        assert list(User.objects.values_list("username", flat=True)) == ["taken"]
        assert not MissionRole.objects.exists()

    def test_without_a_terminal_it_asks_for_password_stdin_rather_than_hang(self, capsys):
        with mock.patch("sys.stdin", io.StringIO("")):
            status, _, err = run(["users", "add", "amina", "--role", "editor", "--mission", "MINUSMA"], capsys)
        assert status == 2
        assert "no terminal to ask the password on; pipe it in with --password-stdin." in err
        assert not User.objects.filter(username="amina").exists()


@pytest.mark.usefixtures("missions")
def test_the_messages_follow_the_locale(capsys):
    with mock.patch.dict(os.environ, {"LC_ALL": "fr_FR.UTF-8"}):
        status, _, err = run(["users", "add", "amina", "--role", "boss", "--mission", "MINUSMA"], capsys)
    assert status == 2
    assert err.strip() == ("missionfacts users\u202f: erreur\u202f: rôle inconnu «\u202fboss\u202f»\u202f; utilisez "
                           "l’un de ceux-ci\u202f: reader, editor, admin.")
