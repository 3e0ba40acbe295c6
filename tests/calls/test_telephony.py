"""The telephony seam: a telephone system that dials by itself keeps the number masked
and its id of the call is kept; dialling by hand shows the number, audited."""

from django.urls import reverse

from huifang.accounts.models import AuditEntry
from huifang.calls.models import Call
from huifang.calls.telephony import Dialled
from tests.calls.centre import client_for, hand_to

HX = {"HTTP_HX_REQUEST": "true"}


class SystemDialling:
    """A telephone system that dials the number itself."""

    def dial(self, call, number: str) -> Dialled:
        return Dialled(show_number=False, reference="pbx-4711")


def test_a_telephone_system_that_dials_keeps_the_number_masked(centre, settings):
    settings.HUIFANG = {**settings.HUIFANG, "TELEPHONY": f"{__name__}.SystemDialling"}
    hand_to(centre["agent"])
    c = client_for(centre["agent"])
    c.get(reverse("next_call"))
    call = Call.objects.get()
    panel = c.post(reverse("call_dial", args=[call.pk]), **HX).content.decode()
    assert "13800138000" not in panel and "138****8000" in panel
    call = Call.objects.get()
    assert call.on_line and not call.show_number and not call.shows_number
    assert call.reference == "pbx-4711"
    assert "13800138000" not in c.get(reverse("next_call")).content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.REVEAL_NUMBER).exists()


def test_dialling_by_hand_shows_the_number_and_says_so_on_the_call(centre):
    hand_to(centre["agent"])
    c = client_for(centre["agent"])
    c.get(reverse("next_call"))
    call = Call.objects.get()
    panel = c.post(reverse("call_dial", args=[call.pk]), **HX).content.decode()
    assert "13800138000" in panel
    call = Call.objects.get()
    assert call.show_number and call.shows_number and call.reference == ""
