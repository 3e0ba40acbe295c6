import os
import tempfile

import pytest

# Every test run gets its own data folder, so nothing touches the user's real one.
os.environ.setdefault("HUIFANG_HOME", tempfile.mkdtemp(prefix="huifang-test-"))


@pytest.fixture(autouse=True)
def _default_language():
    """A test that speaks English leaves the thread in English; the next one starts
    in the default language again."""
    yield
    from django.utils import translation

    translation.deactivate()


def pytest_configure(config):
    """Passwords hashed the fast way in tests: the strength of the hash is Django's
    concern, and the slow hasher costs a third of a second per user made."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
