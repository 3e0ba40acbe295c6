import pytest


@pytest.fixture(autouse=True)
def _fresh_library():
    """Each test starts from the files, not a library another test left in memory."""
    from huifang.scripts import store

    store.forget(files=True)
    yield
    store.forget(files=True)


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """The persona tests make five users each; a fast hasher keeps them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
