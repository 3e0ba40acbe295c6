import sqlite3
from pathlib import Path

from django.db import connection

from huifang.commands import BadInput, HuifangCommand


class Command(HuifangCommand):
    help = "Write a consistent copy of the SQLite database, even while the system runs."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def run(self, file, **_):
        if connection.vendor != "sqlite":
            raise BadInput(f"backup: the database is {connection.vendor}; use pg_dump for it")
        target = Path(file)
        if target.exists() and target.is_dir():
            raise BadInput(f"{file}: is a folder")
        source = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            dest = sqlite3.connect(target)
        except sqlite3.Error as exc:
            raise BadInput(f"{file}: cannot write ({exc})") from None
        with dest:
            source.backup(dest, pages=1024)  # the online backup API: a consistent snapshot
        dest.close()
        source.close()
        size = target.stat().st_size
        self.say(f"备份完成：{target}（{size // 1024} KB）")
        return {"file": str(target), "bytes": size}
