from pathlib import Path

from huifang.commands import HuifangCommand
from huifang.customers.management.commands._report import (
    EXIT_CODES,
    check_errors_path,
    finish,
    one_line_errors,
)
from huifang.customers.sales import import_sales


class Command(HuifangCommand):
    help = (
        "Import dealer sales counts 销量 per quarter, the denominator of the submission "
        "rate 提报率: columns dealer 经销商, quarter 季度 (2026Q3), sales_count 销量. "
        "A re-import replaces a dealer's count for the quarter. " + EXIT_CODES
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx or .csv")
        parser.add_argument(
            "--errors", metavar="FILE.xlsx", help="write the rejected rows, with 行号 and 原因"
        )

    def run(self, file, errors=None, **_):
        errors_path = check_errors_path(errors)
        with self.progress(None, f"导入 {Path(file).name}") as bar:
            with one_line_errors(file):
                result = import_sales(file, progress=bar)
        return finish(self, file, result, errors_path)
