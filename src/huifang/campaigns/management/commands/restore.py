import sqlite3
from pathlib import Path

from django.db import connection, connections

from huifang.commands import BadInput, CheckFailed, HuifangCommand


class Command(HuifangCommand):
    help = "Replace the SQLite database with a backup; refuses a non-empty one without --force."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--force", action="store_true", help="overwrite a non-empty database")

    def run(self, file, force, **_):
        if connection.vendor != "sqlite":
            raise BadInput(f"restore: the database is {connection.vendor}; use pg_restore for it")
        source_path = Path(file)
        if not source_path.is_file():
            raise BadInput(f"{file}: no such file")
        try:
            source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
            source.execute("SELECT count(*) FROM django_migrations").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BadInput(f"{file}: not a huifang backup ({exc})") from None
        if not force and _holds_data():
            raise CheckFailed(
                f"{connection.settings_dict['NAME']}: the database holds data; "
                "add --force to overwrite it"
            )
        connections.close_all()
        dest = sqlite3.connect(connection.settings_dict["NAME"])
        with dest:
            source.backup(dest)
        dest.close()
        source.close()
        self.say(f"已从 {file} 恢复")
        return {"restored": str(source_path)}


def _holds_data() -> bool:
    from django.contrib.auth import get_user_model

    from huifang.customers.models import Customer

    try:
        return get_user_model().objects.exists() or Customer.objects.exists()
    except Exception:  # no tables yet: an empty database
        return False
