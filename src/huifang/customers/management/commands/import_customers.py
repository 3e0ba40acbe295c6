from pathlib import Path

from huifang.commands import HuifangCommand
from huifang.customers.importing import import_customers
from huifang.customers.management.commands._report import (
    EXIT_CODES,
    check_errors_path,
    finish,
    one_line_errors,
)


class Command(HuifangCommand):
    help = (
        "Import customers 客户档案 from .xlsx (first sheet) or .csv (UTF-8, UTF-8 with BOM "
        "or GB18030), columns as in formats.md. Re-importing is safe: rows are matched by "
        "客户编号, else by phone number, and unchanged rows are counted as such. " + EXIT_CODES
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx or .csv")
        parser.add_argument(
            "--errors", metavar="FILE.xlsx", help="write the rejected rows, with 行号 and 原因"
        )
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="rows stored per transaction"
        )

    def run(self, file, errors=None, batch_size=1000, **_):
        errors_path = check_errors_path(errors)
        with self.progress(None, f"导入 {Path(file).name}") as bar:
            with one_line_errors(file):
                result = import_customers(file, batch_size=max(batch_size, 1), progress=bar)
        return finish(self, file, result, errors_path)
