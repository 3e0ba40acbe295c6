from huifang.customers.management.commands._report import EXIT_CODES, ImportCommand
from huifang.customers.sales import import_sales


class Command(ImportCommand):
    kind = "sales"
    help = (
        "Import dealer sales counts 销量 per quarter, the denominator of the submission "
        "rate 提报率: columns dealer 经销商, quarter 季度 (2026Q3), sales_count 销量. "
        "A re-import replaces a dealer's count for the quarter. " + EXIT_CODES
    )

    def load(self, file, progress, **_):
        return import_sales(file, progress=progress)
