"""Importing dealer sales counts per quarter (`huifang import sales FILE`): the
denominator of the submission rate 提报率 (A3).

Columns dealer 经销商, quarter 季度 (2026Q3) and sales_count 销量. One row per dealer and
quarter is kept: a re-import replaces the count, and within one file the later row
wins. An unknown dealer is created, as in the customer import, so that a dealer who
reported sales but submitted no archive shows up with a submission rate of 0.
"""

from pathlib import Path

from django.db import transaction
from django.db.models import Q

from huifang.customers.dealers import created_notice, find_dealers, unknown_dealer
from huifang.customers.importing import ImportResult, checked_rows, open_import
from huifang.customers.models import SalesReport
from huifang.customers.reading import SALES_COLUMNS, SourceRow
from huifang.customers.rows import RowError, SalesRow, check_sales
from huifang.progress import Silent


def import_sales(path: str | Path, *, batch_size: int = 1000, progress=None) -> ImportResult:
    """Import a sales file; like `import_customers`, bad rows come back in the result
    and `reading.ImportFileError` means the file could not be used at all."""
    progress = progress or Silent()
    table, result = open_import(path, SALES_COLUMNS, progress)
    dealers, created = {}, []
    batch: dict[tuple[str, str], tuple[SalesRow, SourceRow]] = {}
    for checked, source in checked_rows(table, check_sales, result, progress):
        key = (checked.dealer, checked.quarter)
        if len(batch) >= batch_size or key in batch:
            _save(list(batch.values()), table.layout.columns["dealer"], dealers, created, result)
            progress.advance(len(batch))
            batch = {}
        batch[key] = (checked, source)
    _save(list(batch.values()), table.layout.columns["dealer"], dealers, created, result)
    progress.advance(len(batch))
    if created:
        result.notices.append(created_notice(created))
    result.finish()
    return result


def _save(rows, dealer_column, dealers, created, result: ImportResult) -> None:
    if not rows:
        return
    with transaction.atomic():
        find_dealers((row.dealer for row, _source in rows), dealers, created)
        wanted = Q()
        for row, _source in rows:
            if dealers[row.dealer] is not None:
                wanted |= Q(dealer=dealers[row.dealer], quarter=row.quarter)
        stored = (
            {(s.dealer_id, s.quarter): s for s in SalesReport.objects.filter(wanted)}
            if wanted
            else {}
        )
        new, changed = [], []
        for row, source in rows:
            dealer = dealers[row.dealer]
            if dealer is None:
                reason = unknown_dealer(row.dealer)
                result.reject(
                    source.number, source.cells, [RowError(row.row, dealer_column, reason)]
                )
                continue
            report = stored.get((dealer.id, row.quarter))
            if report is None:
                new.append(
                    SalesReport(dealer=dealer, quarter=row.quarter, sales_count=row.sales_count)
                )
                result.imported += 1
            elif report.sales_count != row.sales_count:
                report.sales_count = row.sales_count
                changed.append(report)
                result.updated += 1
            else:
                result.unchanged += 1
        SalesReport.objects.bulk_create(new)
        SalesReport.objects.bulk_update(changed, ["sales_count"])
