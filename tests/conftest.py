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
