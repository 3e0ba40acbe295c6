from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from huifang.accounts.audit import audit
from huifang.accounts.models import AuditEntry
from huifang.customers.access import visible_customers
from huifang.customers.models import Phone


@login_required
@permission_required("customers.view_customer", raise_exception=True)
def customer_list(request):
    query = request.GET.get("q", "").strip()
    customers = visible_customers(request.user).select_related("dealer").prefetch_related("phones")
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        where = Q(name__contains=query) | Q(external_id=query)
        if len(digits) >= 4:
            where |= Q(phones__e164__endswith=digits[-11:])
        customers = customers.filter(where).distinct()
    page = Paginator(customers.order_by("-id"), 50).get_page(request.GET.get("page"))
    return render(request, "customers/customer_list.html", {"page": page, "q": query})


@login_required
def customer_detail(request, pk):
    customer = get_object_or_404(
        visible_customers(request.user).select_related("dealer").prefetch_related(
            "phones", "vehicles"
        ),
        pk=pk,
    )
    attempts = customer.attempts.select_related("task__campaign", "agent").order_by("-at")[:100]
    return render(
        request,
        "customers/customer_detail.html",
        {"customer": customer, "attempts": attempts, "notes": customer.notes.all()[:50]},
    )


@require_POST
@login_required
@permission_required("customers.reveal_number", raise_exception=True)
def reveal_number(request, pk):
    """Show one full number, once, and keep the audit record of who saw it."""
    phone = get_object_or_404(
        Phone.objects.filter(customer__in=visible_customers(request.user)), pk=pk
    )
    audit(request.user, AuditEntry.REVEAL_NUMBER, f"customer {phone.customer_id}", str(phone))
    return HttpResponse(f'<span class="phone">{phone.e164}</span>')
