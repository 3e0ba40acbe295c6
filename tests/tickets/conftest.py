from tests.calls.centre import centre  # noqa: F401
