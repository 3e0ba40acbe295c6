"""Importing the customer archive 客户档案 from dealer spreadsheets (A1, A2).

A pipeline of small steps: `reading.Table` gives raw rows, `rows.check_customer` makes
each a typed `CustomerRow` or its errors, and `CustomerStore` writes the good rows in
batches — one transaction per batch, looked up and written with a fixed number of
queries, so a file of any length runs in bounded memory.

The rules a re-import follows:

- A row is matched to a stored customer by 客户编号 (external_id) when it has one;
  when no customer has that id yet, a customer of the same name, without any id, who
  owns one of the row's numbers is taken (an archive first imported without ids gets
  its id); else the row is a new customer.
  A row without an id matches a customer owning one of its numbers — the one with the
  same name when there are several, else the owner of the row's first number.
- Cells fill in and correct what is stored; an empty cell leaves the stored value as
  it is (an import never erases). Numbers and tags are added, never removed (A2).
- A vehicle is matched by VIN; without a VIN, by the customer's vehicle of the same
  product. A VIN already on another customer's vehicle rejects the row.
- A row that would change nothing counts as unchanged, so importing the same file
  twice leaves everything unchanged the second time.
- When a file names the same customer (same id, number or VIN) twice, the rows are
  applied in order: the later row wins, and is counted as an update of the earlier.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DataError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from huifang.customers.dealers import created_notice, find_dealers, unknown_dealer
from huifang.customers.error_workbook import write_error_workbook  # noqa: F401  (re-exported)
from huifang.customers.models import Customer, Dealer, Phone, Vehicle
from huifang.customers.reading import CUSTOMER_COLUMNS, Layout, SourceRow, Table
from huifang.customers.rows import CustomerRow, RowError, check_customer
from huifang.progress import Silent

# Customer fields a row's non-empty cell sets.
CUSTOMER_FIELDS = (
    "name",
    "gender",
    "birthday",
    "address",
    "province",
    "purchase_date",
    "last_visit_date",
    "licence_due",
)
VEHICLE_FIELDS = ("product", "vin", "plate", "purchase_date", "insurance_due", "inspection_due")


@dataclass
class RejectedRow:
    """A refused row with its original cells, kept to write the error workbook."""

    number: int
    cells: list[Any]
    errors: list[RowError]


@dataclass
class ImportResult:
    """What an import did. `rejected` lists every error; a refused row may have
    several. `header` is the file's header row, for the error workbook."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowError] = field(default_factory=list)
    rejected_rows: list[RejectedRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)

    def reject(self, number: int, cells: list[Any], errors: list[RowError]) -> None:
        self.rejected.extend(errors)
        self.rejected_rows.append(RejectedRow(number, cells, errors))

    def finish(self) -> None:
        self.rejected.sort(key=lambda e: e.row)
        self.rejected_rows.sort(key=lambda r: r.number)

    def summary(self) -> str:
        """The counts in one line, for the audit record (kept in English whatever the
        language of whoever imported)."""
        return (
            f"imported {self.imported}, updated {self.updated}, unchanged {self.unchanged}, "
            f"rejected {len(self.rejected_rows)}"
        )

    def as_json(self) -> dict:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [e.as_dict() for e in self.rejected],
        }


def open_import(path: str | Path, columns, progress) -> tuple[Table, ImportResult]:
    """Open an import file (raising `ImportFileError` when it cannot be used) and the
    result its rows will be counted in."""
    table = Table(path, columns)
    progress.total(table.total)
    return table, ImportResult(header=table.layout.header, notices=list(table.notices))


def checked_rows(table: Table, check, result: ImportResult, progress):
    """The rows of `table` that pass `check`, with their source; the others are
    recorded in `result` as refused."""
    for source in table:
        checked = check(source, table.layout)
        if isinstance(checked, list):
            result.reject(source.number, source.cells, checked)
            progress.advance(1)
            continue
        yield checked, source


def import_customers(path: str | Path, *, batch_size: int = 1000, progress=None) -> ImportResult:
    """Import a customer file. Raises `reading.ImportFileError` when the file cannot be
    used at all (nothing is stored then); bad rows are returned in the result, the
    good ones are stored. `progress` has `total(n)` and `advance(n)`, as
    `huifang.progress.progress_bar` gives."""
    progress = progress or Silent()
    table, result = open_import(path, CUSTOMER_COLUMNS, progress)
    store = CustomerStore(table.layout, result)
    batch = _Batch()
    for checked, source in checked_rows(table, check_customer, result, progress):
        if len(batch) >= batch_size or batch.clashes(checked):
            store.save(batch.rows)
            progress.advance(len(batch))
            batch = _Batch()
        batch.add(checked, source)
    store.save(batch.rows)
    progress.advance(len(batch))
    if store.created_dealers:
        result.notices.append(created_notice(store.created_dealers))
    result.finish()
    return result


class _Batch:
    """Rows stored together. A row that names a customer, number or VIN already in the
    batch starts the next batch, so the earlier row is stored first and the later one
    sees it."""

    def __init__(self):
        self.rows: list[tuple[CustomerRow, SourceRow]] = []
        self._keys: set[tuple[str, str]] = set()

    def __len__(self) -> int:
        return len(self.rows)

    @staticmethod
    def keys(row: CustomerRow) -> set[tuple[str, str]]:
        keys = {("tel", p.e164) for p in row.phones}
        if row.external_id:
            keys.add(("id", row.external_id))
        if row.vin:
            keys.add(("vin", row.vin))
        return keys

    def clashes(self, row: CustomerRow) -> bool:
        return not self._keys.isdisjoint(self.keys(row))

    def add(self, row: CustomerRow, source: SourceRow) -> None:
        self.rows.append((row, source))
        self._keys |= self.keys(row)


class CustomerStore:
    """Writes checked rows batch by batch and counts what happened to each."""

    def __init__(self, layout: Layout, result: ImportResult):
        self.layout = layout
        self.result = result
        self.dealers: dict[str, Dealer | None] = {}
        self.created_dealers: list[str] = []

    def save(self, rows: list[tuple[CustomerRow, SourceRow]]) -> None:
        if not rows:
            return
        dealers, created = dict(self.dealers), len(self.created_dealers)
        try:
            with transaction.atomic():
                outcomes = _BatchWrite(self, rows).run()
        except (IntegrityError, DataError):
            # Something the checks did not foresee (or a concurrent writer): store the
            # rows one by one so that only the guilty row is refused.
            self.dealers, self.created_dealers[created:] = dealers, []
            outcomes = [self._save_alone(one) for one in rows]
        for outcome in outcomes:
            if isinstance(outcome, str):
                setattr(self.result, outcome, getattr(self.result, outcome) + 1)
            else:
                source, errors = outcome
                self.result.reject(source.number, source.cells, errors)

    def _save_alone(self, one: tuple[CustomerRow, SourceRow]):
        dealers, created = dict(self.dealers), len(self.created_dealers)
        try:
            with transaction.atomic():
                return _BatchWrite(self, [one]).run()[0]
        except (IntegrityError, DataError) as exc:
            self.dealers, self.created_dealers[created:] = dealers, []
            row, source = one
            return source, [RowError(row.row, "", _("无法保存：%(reason)s") % {"reason": exc})]


class _BatchWrite:
    """One batch's lookups and writes: a fixed number of queries however many rows."""

    def __init__(self, store: CustomerStore, rows: list[tuple[CustomerRow, SourceRow]]):
        self.store = store
        self.rows = rows
        self.new_customers: list[Customer] = []
        self.changed_customers: dict[int, Customer] = {}
        self.new_phones: list[Phone] = []
        self.new_vehicles: list[Vehicle] = []
        self.changed_vehicles: dict[int, Vehicle] = {}
        # Per customer (by Python identity, so new customers count too): numbers and
        # vehicles, including those this batch is adding.
        self.numbers: dict[int, set[str]] = {}
        self.vehicles: dict[int, list[Vehicle]] = {}

    def run(self) -> list:
        checked = [row for row, _source in self.rows]
        dealers = find_dealers(
            (r.dealer for r in checked), self.store.dealers, self.store.created_dealers
        )
        by_id, by_ext, owners = self._customers(checked)
        by_vin = {
            v.vin: v for v in Vehicle.objects.filter(vin__in=[r.vin for r in checked if r.vin])
        }
        outcomes = []
        for row, source in self.rows:
            customer = self._match(row, by_id, by_ext, owners)
            errors = self._refusals(row, customer, dealers, by_vin)
            if errors:
                outcomes.append((source, errors))
                continue
            outcomes.append(self._apply(row, customer, dealers.get(row.dealer), by_vin))
        self._write()
        return outcomes

    # lookups ------------------------------------------------------------------------

    def _customers(self, rows: list[CustomerRow]):
        """Customers the rows may mean, by external id and by number."""
        ext_ids = {r.external_id for r in rows if r.external_id}
        numbers = {p.e164 for r in rows for p in r.phones}
        owners: dict[str, list[int]] = {}
        for e164, customer_id in (
            Phone.objects.filter(e164__in=numbers)
            .order_by("customer_id")
            .values_list("e164", "customer_id")
        ):
            owners.setdefault(e164, []).append(customer_id)
        ids = {i for found in owners.values() for i in found}
        customers = Customer.objects.filter(Q(id__in=ids) | Q(external_id__in=ext_ids))
        by_id = {c.id: c for c in customers}
        # Their numbers and vehicles, grouped by hand: two queries, no per-customer
        # querysets (prefetch_related costs more than the database here).
        numbers: dict[int, set[str]] = {i: set() for i in by_id}
        for customer_id, e164 in Phone.objects.filter(customer_id__in=by_id).values_list(
            "customer_id", "e164"
        ):
            numbers[customer_id].add(e164)
        vehicles: dict[int, list[Vehicle]] = {i: [] for i in by_id}
        for vehicle in Vehicle.objects.filter(customer_id__in=by_id).order_by("id"):
            vehicles[vehicle.customer_id].append(vehicle)
        for customer in by_id.values():
            self.numbers[id(customer)] = numbers[customer.id]
            self.vehicles[id(customer)] = vehicles[customer.id]
        by_ext = {c.external_id: c for c in by_id.values() if c.external_id}
        return by_id, by_ext, owners

    def _match(self, row: CustomerRow, by_id, by_ext, owners) -> Customer | None:
        if row.external_id in by_ext:
            return by_ext[row.external_id]
        candidates = [by_id[i] for p in row.phones for i in owners.get(p.e164, ())]
        same_name = [c for c in candidates if c.name == row.name]
        if row.external_id:
            # A new id binds only to the same person archived without an id.
            return next((c for c in same_name if not c.external_id), None)
        return (same_name or candidates or [None])[0]

    def _refusals(self, row, customer, dealers, by_vin) -> list[RowError]:
        errors = []
        columns = self.store.layout.columns
        if row.dealer and dealers.get(row.dealer) is None:
            errors.append(RowError(row.row, columns["dealer"], unknown_dealer(row.dealer)))
        vehicle = by_vin.get(row.vin) if row.vin else None
        if vehicle is not None and (customer is None or vehicle.customer_id != customer.id):
            errors.append(
                RowError(
                    row.row,
                    columns["vin"],
                    _("车架号 %(vin)s 已登记在另一位客户（#%(customer)s）的车辆上")
                    % {"vin": row.vin, "customer": vehicle.customer_id},
                )
            )
        return errors

    # changes ------------------------------------------------------------------------

    def _apply(self, row: CustomerRow, customer: Customer | None, dealer, by_vin) -> str:
        """Apply one row; the outcome is "imported", "updated" or "unchanged"."""
        if customer is None:
            customer = Customer(
                external_id=row.external_id or None,
                dealer=dealer,
                tags=row.tags,
                **{f: getattr(row, f) or _empty(f) for f in CUSTOMER_FIELDS},
            )
            self.new_customers.append(customer)
            self.numbers[id(customer)] = set()
            self.vehicles[id(customer)] = []
            self._add_phones(customer, row)
            self._apply_vehicle(customer, row, by_vin)
            return "imported"
        changed = self._update_customer(customer, row, dealer)
        changed |= self._add_phones(customer, row)
        changed |= self._apply_vehicle(customer, row, by_vin)
        return "updated" if changed else "unchanged"

    def _update_customer(self, customer: Customer, row: CustomerRow, dealer) -> bool:
        changed = _fill(customer, row, CUSTOMER_FIELDS)
        if dealer is not None and customer.dealer_id != dealer.id:
            customer.dealer = dealer
            changed = True
        if row.external_id and not customer.external_id:
            customer.external_id = row.external_id
            changed = True
        tags = list(customer.tags or [])
        merged = tags + [t for t in row.tags if t not in tags]
        if merged != tags:
            customer.tags = merged
            changed = True
        if changed:
            self.changed_customers[customer.id] = customer
        return changed

    def _add_phones(self, customer: Customer, row: CustomerRow) -> bool:
        known = self.numbers[id(customer)]
        added = False
        for info in row.phones:
            if info.e164 in known:
                continue
            known.add(info.e164)
            self.new_phones.append(Phone.of(customer, info, position=len(known) - 1))
            added = True
        return added

    def _apply_vehicle(self, customer: Customer, row: CustomerRow, by_vin) -> bool:
        if not row.has_vehicle:
            return False
        vehicles = self.vehicles[id(customer)]
        vehicle = by_vin.get(row.vin) if row.vin else None
        if vehicle is not None:  # the stored object may be another instance
            vehicle = next((v for v in vehicles if v.id == vehicle.id), vehicle)
        else:
            vehicle = _same_product(vehicles, row)
        if vehicle is None:
            vehicle = Vehicle(customer=customer, **{f: _empty(f) for f in VEHICLE_FIELDS})
            vehicles.append(vehicle)
            self.new_vehicles.append(vehicle)
            _fill(vehicle, row)
            return True
        changed = _fill(vehicle, row)
        if changed and vehicle.id is not None:
            self.changed_vehicles[vehicle.id] = vehicle
        return changed

    # writes -------------------------------------------------------------------------

    def _write(self) -> None:
        Customer.objects.bulk_create(self.new_customers)
        if self.changed_customers:
            now = timezone.now()
            for customer in self.changed_customers.values():
                customer.updated_at = now
            Customer.objects.bulk_update(
                list(self.changed_customers.values()),
                [*CUSTOMER_FIELDS, "dealer", "external_id", "tags", "updated_at"],
            )
        Phone.objects.bulk_create(self.new_phones)
        Vehicle.objects.bulk_create(self.new_vehicles)
        if self.changed_vehicles:
            Vehicle.objects.bulk_update(list(self.changed_vehicles.values()), VEHICLE_FIELDS)


def _empty(field_name: str):
    """What an unset field holds: None for dates, "" for text."""
    return None if field_name.endswith(("_date", "_due")) or field_name == "birthday" else ""


def _same_product(vehicles: list[Vehicle], row: CustomerRow) -> Vehicle | None:
    """The customer's vehicle this row speaks of when it gives no known VIN: one with
    the same product (and no other VIN), or the only vehicle when no product is given."""
    fits = [v for v in vehicles if not (row.vin and v.vin and v.vin != row.vin)]
    if row.product:
        return next((v for v in fits if v.product == row.product), None)
    if len(vehicles) == 1 and fits:
        return fits[0]
    return next((v for v in fits if not v.product), None)


def _fill(target, row: CustomerRow, names=VEHICLE_FIELDS) -> bool:
    """Copy the row's non-empty values onto `target`; whether anything changed. An
    empty cell never erases what is stored."""
    changed = False
    for name in names:
        value = getattr(row, name)
        if value and getattr(target, name) != value:
            setattr(target, name, value)
            changed = True
    return changed
