from tests.calls.centre import NOW, centre, client_for, hand_to, make_centre  # noqa: F401
