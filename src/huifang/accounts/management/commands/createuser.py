from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from huifang.accounts.models import Profile, Team
from huifang.accounts.roles import ROLES
from huifang.commands import BadInput, HuifangCommand


class Command(HuifangCommand):
    help = "Add a user with a role, or update an existing one's role and password."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--password", help="default: asked for on the terminal")
        parser.add_argument("--agent-no", default="", help="工号, said in the opening line")
        parser.add_argument("--team", default="", help="坐席组 the agent belongs to")
        parser.add_argument("--name", default="", help="display name")

    def run(self, username, role, password, agent_no, team, name, **_):
        return create_user(username, role, password or _ask_password(), agent_no, team, name)


def _ask_password() -> str:
    import getpass
    import sys

    if not sys.stdin.isatty():
        raise BadInput("--password: required when not run on a terminal")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        raise BadInput("password: the two entries differ")
    return first


def create_user(username, role, password, agent_no="", team="", name=""):
    if not username.strip():
        raise BadInput("username: empty")
    if len(password) < 8:
        raise BadInput("--password: at least 8 characters")
    user, created = get_user_model().objects.get_or_create(username=username)
    user.set_password(password)
    user.first_name = name or user.first_name
    user.is_staff = role in {"admin", "supervisor"}
    user.is_superuser = role == "admin"
    user.save()
    user.groups.set([Group.objects.get(name=ROLES[role].group)])
    Profile.objects.update_or_create(user=user, defaults={"agent_no": agent_no})
    if team:
        Team.objects.get_or_create(name=team)[0].members.add(user)
    return {"username": username, "role": role, "created": created}
