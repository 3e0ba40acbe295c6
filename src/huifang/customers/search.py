"""Finding a customer as an agent asks for him: by a part of his name, his id in the
dealer's system, or the last digits (four or more) of one of his numbers."""

from django.db.models import Q, QuerySet

from huifang.customers.models import Customer


def matching(customers: QuerySet[Customer], text: str) -> QuerySet[Customer]:
    digits = "".join(ch for ch in text if ch.isdigit())
    where = Q(name__contains=text) | Q(external_id=text)
    if len(digits) >= 4:
        where |= Q(phones__e164__endswith=digits[-11:])
    return customers.filter(where).distinct()
