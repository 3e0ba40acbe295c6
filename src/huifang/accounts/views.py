from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from huifang.accounts.roles import role_of


@login_required
def home(request):
    """Each role lands on the page it works from."""
    role = role_of(request.user)
    if role == "agent":
        return redirect("next_call")
    if role in {"supervisor", "admin", "qa"}:
        return redirect("campaign_list")
    if role == "dept":
        return redirect("tickets:inbox")
    return redirect("password_change")
