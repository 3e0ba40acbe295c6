"""The one seam for a telephone system 电话系统. Until a centre connects one, the agent
dials by hand: the workspace shows her the full number for this one call. An adapter
for a real system dials instead and says so, and the number stays masked.

An adapter is a class with `dial(call, number) -> Dialled`, named by the setting
HUIFANG["TELEPHONY"] as "package.module.ClassName"."""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Dialled:
    show_number: bool  # the agent dials by hand and must see the number
    reference: str = ""  # the telephone system's id of the call, when it has one


class ManualDialling:
    """No telephone system: the agent dials the number she is shown."""

    def dial(self, call, number: str) -> Dialled:
        return Dialled(show_number=True)


@cache
def _adapter_class(path: str):
    return import_string(path)


def adapter():
    return _adapter_class(settings.HUIFANG["TELEPHONY"])()
