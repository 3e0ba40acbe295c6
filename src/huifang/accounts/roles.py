"""The roles of J1 as Django groups, each with its permissions. The groups are brought
up to date after every migrate, so a new permission reaches every installation."""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission


@dataclass(frozen=True)
class Role:
    key: str
    group: str
    permissions: tuple[str, ...]


ROLES = {
    "agent": Role(
        "agent",
        "坐席",
        ("campaigns.claim_task", "tickets.add_ticket", "calls.add_inboundcall"),
    ),
    "supervisor": Role(
        "supervisor",
        "主管",
        (
            "campaigns.view_campaign",
            "campaigns.add_campaign",
            "campaigns.change_campaign",
            "campaigns.launch_campaign",
            "campaigns.view_calltask",
            "campaigns.view_attempt",
            "customers.view_customer",
            "customers.add_customer",
            "customers.change_customer",
            "customers.reveal_number",
            "customers.export_customers",
            "customers.import_customers",
            "customers.view_dealer",
            "accounts.view_auditentry",
            "surveys.view_questionnaire",
            "surveys.add_questionnaire",
            "surveys.edit_questionnaire",
            "surveys.view_version",
            "surveys.view_response",
            "scripts.edit_script",
            "calls.view_call",
            "calls.view_inboundcall",
            "calls.reassign_appointment",
            "quality.view_calltranscript",
            "quality.add_calltranscript",
            "quality.view_rule_share",
            "tickets.view_ticket",
            "tickets.add_ticket",
            "tickets.change_ticket",
            "tickets.view_all_tickets",
        ),
    ),
    "qa": Role(
        "qa",
        "质检员",
        (
            "campaigns.view_campaign",
            "campaigns.view_attempt",
            "campaigns.view_calltask",
            "surveys.view_questionnaire",
            "surveys.view_version",
            "surveys.view_response",
            "quality.view_calltranscript",
            "quality.add_calltranscript",
            "quality.inspect_call",
            "quality.view_rule_share",
        ),
    ),
    "dept": Role("dept", "处理部门", ("tickets.handle_ticket",)),
    "admin": Role("admin", "管理员", ()),
}


def sync_groups(**kwargs) -> None:
    for role in ROLES.values():
        group, _ = Group.objects.get_or_create(name=role.group)
        perms = []
        for dotted in role.permissions:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)


def role_of(user) -> str | None:
    """The user's role key, the strongest first."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return "admin"
    names = {g.name for g in user.groups.all()}
    for key in ("supervisor", "qa", "dept", "agent"):
        if ROLES[key].group in names:
            return key
    return None
