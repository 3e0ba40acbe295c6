"""Dealers 经销商/门店 named in imported files: found by code, else by name, and created
when unknown (the code is then the text the file gave)."""

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huifang.customers.models import Dealer
from huifang.customers.wording import listing

_CODE_LENGTH = Dealer._meta.get_field("code").max_length


def find_dealers(
    texts: Iterable[str], known: dict[str, Dealer], created: list[str]
) -> dict[str, Dealer | None]:
    """The dealer each text names, by code, else by name; a text naming no dealer
    creates one with that code (None when the text is too long to be a code).
    `known` caches answers across batches; new dealers' codes go to `created`."""
    wanted = {t for t in texts if t and t not in known}
    if wanted:
        found = Dealer.objects.filter(Q(code__in=wanted) | Q(name__in=wanted)).order_by("id")
        by_code, by_name = {}, {}
        for dealer in found:
            by_code[dealer.code] = dealer
            by_name.setdefault(dealer.name, dealer)
        new = []
        for text in sorted(wanted):
            dealer = by_code.get(text) or by_name.get(text)
            if dealer is None and len(text) <= _CODE_LENGTH:
                dealer = Dealer(code=text, name=text)
                new.append(dealer)
            known[text] = dealer
        Dealer.objects.bulk_create(new)
        created.extend(d.code for d in new)
    return known


def unknown_dealer(text: str) -> str:
    """Why a row naming no dealer, in words too long to be a new dealer's code, is
    refused."""
    return _(
        "找不到代码或名称为 %(value)s 的经销商；它有 %(length)d 个字符，"
        "超过 %(limit)d 个，不能作为新经销商的代码"
    ) % {"value": repr(text), "length": len(text), "limit": _CODE_LENGTH}


def created_notice(codes: list[str], shown: int = 10) -> str:
    """The notice naming the dealers an import created: the first `shown` of them."""
    more = len(codes) - shown
    if more > 0:
        return ngettext(
            "新建了经销商：%(codes)s，另有 %(more)d 家",
            "新建了经销商：%(codes)s，另有 %(more)d 家",
            more,
        ) % {"codes": listing(codes[:shown]), "more": more}
    return _("新建了经销商：%(codes)s") % {"codes": listing(codes)}
