"""Who may see which customer (A5): supervisors see the archive; an agent sees only
the customers of her own tasks and of the calls she answered; a department handler
sees no customer list."""

from django.db.models import Q, QuerySet

from huifang.customers.models import Customer


def visible_customers(user) -> QuerySet[Customer]:
    if user.has_perm("customers.view_customer"):
        return Customer.objects.all()
    if user.has_perm("campaigns.claim_task"):
        return Customer.objects.filter(
            Q(tasks__agent=user) | Q(attempts__agent=user) | Q(inbound_calls__agent=user)
        ).distinct()
    return Customer.objects.none()
