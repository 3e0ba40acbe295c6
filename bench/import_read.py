"""Reading a 100,000-row customer .xlsx: python-calamine (what the import uses) against
openpyxl in read-only mode (the pure-Python streaming reader), so the choice is
measured. Prints rows/s of each, the ratio, and each reader's peak memory above its
starting point (each reader runs in its own process; Linux only for the memory).

    uv run python bench/import_read.py [ROWS]
"""

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 100_000
HEADER = ["客户编号", "姓名", "性别", "电话", "经销商", "车型", "VIN", "车牌", "购买日期", "保险到期",
          "地址", "标签"]  # fmt: skip


def generate(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("客户")
    sheet.append(HEADER)
    bought = dt.date(2026, 3, 1)
    for i in range(rows):
        sheet.append([
            f"C{i:07d}", f"客户{i}", "男女"[i % 2], 13800000000 + i, f"D{i % 50:03d}", "哈弗H6",
            f"LGW{i:014d}", f"京A{i % 100000:05d}", bought, bought + dt.timedelta(days=365),
            "北京市朝阳区建国路100号", "VIP;老客户",
        ])  # fmt: skip
    workbook.save(path)


def read_calamine(path: str) -> int:
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(path) as workbook:
        return sum(1 for _ in workbook.get_sheet_by_index(0).iter_rows())


def read_openpyxl(path: str) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def load_number_data() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huifang.settings")
    from huifang.customers.phones import normalise_phone

    normalise_phone("13800138000")  # phonenumbers' region data: a fixed ~170 MB


def read_and_check(path: str) -> int:
    """The import's own first two steps: calamine, header mapping, row checks."""
    from huifang.customers.reading import Table
    from huifang.customers.rows import check_customer

    table = Table(path)
    return 1 + sum(1 for row in table if not isinstance(check_customer(row, table.layout), list))


# name → (set-up outside the measure, the reader)
READERS = {
    "calamine": (None, read_calamine),
    "openpyxl": (None, read_openpyxl),
    "calamine+checks": (load_number_data, read_and_check),
}


def _status(key: str) -> int:
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) * 1024 for line in lines if line.startswith(key + ":"))


def child(name: str, path: str) -> None:
    """Run one reader and print its rows, seconds and peak memory growth as JSON."""
    prepare, read = READERS[name]
    if prepare:
        prepare()
    memory = os.path.exists("/proc/self/clear_refs")
    if memory:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # the peak (VmHWM) starts again from here
        before = _status("VmRSS")
    started = time.perf_counter()
    rows = read(path)
    seconds = time.perf_counter() - started
    growth = _status("VmHWM") - before if memory else None
    print(json.dumps({"rows": rows, "seconds": seconds, "growth": growth}))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="huifang-bench-") as folder:
        path = Path(folder) / "customers.xlsx"
        start = time.perf_counter()
        generate(path, ROWS)
        size = path.stat().st_size / 1e6
        print(f"{ROWS:,} rows × {len(HEADER)} columns, {size:.1f} MB "
              f"(written in {time.perf_counter() - start:.1f} s)")  # fmt: skip
        results = {}
        for name in READERS:
            env = {**os.environ, "HUIFANG_HOME": folder}
            out = subprocess.run(
                [sys.executable, __file__, "--child", name, str(path)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(out.stdout)
            results[name] = result
            rate = result["rows"] / result["seconds"]
            memory = f"{result['growth'] / 1e6:7.1f} MB" if result["growth"] is not None else "n/a"
            print(f"  {name:<16} {rate:10,.0f} rows/s  {result['seconds']:6.2f} s  peak +{memory}")
        ratio = results["openpyxl"]["seconds"] / results["calamine"]["seconds"]
        print(f"calamine reads {ratio:.1f}× as fast as openpyxl read-only")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main()
