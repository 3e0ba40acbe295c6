"""Who sees which ticket and who may take which action 工单权限 (F3).

- The customer-relations supervisors (`view_all_tickets`) see every ticket.
- A department's handlers 处理部门 (`handle_ticket`, a `DepartmentMember`) see only the
  tickets now with their department, and take the department's part: start, wait and
  resume, return the result, comment; its head also assigns the handler. They never see a full phone number (the masking
  of accounts/masking.py applies to them like everyone without `reveal_number`).
- An agent sees the tickets she took down or was assigned, and takes the customer's
  side of the loop: route, the follow-up call, close or reopen, escalate, correct."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from huifang.tickets.models import DepartmentMember, Ticket
from huifang.tickets.routing import default_table
from huifang.tickets.statuses import ASSIGN

DEPARTMENT_ACTIONS = frozenset({"start", "wait", "resume", "return_result", "comment"})
CENTRE_ACTIONS = frozenset(
    {"route", "start_feedback", "close", "reopen", "escalate", "close_by_policy", "comment", "edit",
     "wait", "resume"}
)  # fmt: skip


def department_of(user) -> str | None:
    """The user's department, read once per request (a page asks for each action)."""
    if not hasattr(user, "_department_key"):
        member = DepartmentMember.objects.filter(user=user).first()
        user._department_key = member.department if member else None
    return user._department_key


def visible(user) -> QuerySet[Ticket]:
    """The tickets `user` may see."""
    tickets = Ticket.objects.all()
    if not user.is_authenticated:
        return tickets.none()
    if user.has_perm("tickets.view_all_tickets"):
        return tickets
    if user.has_perm("tickets.handle_ticket"):
        department = department_of(user)
        return tickets.filter(department=department) if department else tickets.none()
    return tickets.filter(Q(created_by=user) | Q(assignee=user))


def is_head(user, department: str) -> bool:
    """Whether `user` is the head of `department` (its `head` in routing.yaml)."""
    found = default_table().departments.get(department)
    return found is not None and found.head == user.username


def may_take(user, ticket: Ticket, action: str) -> bool:
    """Whether `user`, who can see `ticket`, may take `action` on it. Only the
    department's head (or a supervisor) assigns its handler."""
    if user.has_perm("tickets.view_all_tickets"):
        return True
    if user.has_perm("tickets.handle_ticket"):
        if ticket.department != department_of(user):
            return False
        return action in DEPARTMENT_ACTIONS or (
            action == ASSIGN and is_head(user, ticket.department)
        )
    return action in CENTRE_ACTIONS and (
        ticket.created_by_id == user.pk or ticket.assignee_id == user.pk
    )
