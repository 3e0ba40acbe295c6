from huifang.customers.importing import import_customers
from huifang.customers.management.commands._report import EXIT_CODES, ImportCommand


class Command(ImportCommand):
    kind = "customers"
    help = (
        "Import customers 客户档案 from .xlsx (first sheet) or .csv (UTF-8, UTF-8 with BOM "
        "or GB18030), columns as in formats.md. Re-importing is safe: rows are matched by "
        "客户编号, else by phone number, and unchanged rows are counted as such. " + EXIT_CODES
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="rows stored per transaction"
        )

    def load(self, file, progress, batch_size=1000, **_):
        return import_customers(file, batch_size=max(batch_size, 1), progress=progress)
