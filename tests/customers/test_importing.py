"""Importing the customer archive (A1, A2): what is stored, re-imports, the error
workbook."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from huifang.customers.dealers import created_notice
from huifang.customers.importing import import_customers, write_error_workbook
from huifang.customers.models import Customer, Dealer, Phone, Vehicle
from huifang.customers.reading import ImportFileError

from .files import HEADER, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

VIN1 = "LGWEF4A59MF000001"
VIN2 = "LGWEF4A59MF000002"


def row(ext="C001", name="张三", gender="男", phone="13800138000", dealer="BJ001",
        product="哈弗H6", vin=VIN1, bought="2026-03-01", insurance="2027-03-01",
        province="", tags=""):  # fmt: skip
    return [ext, name, gender, phone, dealer, product, vin, bought, insurance, province, tags]


def counts(result):
    return (result.imported, result.updated, result.unchanged, len(result.rejected_rows))


def snapshot():
    return (
        list(
            Customer.objects.order_by("id").values_list("id", "name", "external_id", "updated_at")
        ),
        list(Phone.objects.order_by("id").values_list("customer_id", "e164")),
        list(Vehicle.objects.order_by("id").values_list("customer_id", "vin", "product")),
        Dealer.objects.count(),
    )


def test_an_excel_file_with_number_and_date_cells(tmp_path, excel_reader):
    rows = [
        HEADER,
        ["C001", "张三", "男", 13800138000, "BJ001", "哈弗H6", VIN1, dt.date(2026, 3, 1),
         dt.datetime(2027, 3, 1), "广东省", "VIP;老客户"],
        [None, "李四", "F", "0755 1234 5678; 139-0013-9000", "北京朝阳店", "坦克300", "",
         46082, "", "", ""],
    ]  # fmt: skip
    result = import_customers(write_xlsx(tmp_path / "c.xlsx", rows))
    assert counts(result) == (2, 0, 0, 0)

    zhang = Customer.objects.get(external_id="C001")
    assert (zhang.name, zhang.gender, zhang.title, zhang.province) == ("张三", "M", "先生", "广东")
    assert zhang.tags == ["VIP", "老客户"]
    assert zhang.purchase_date == dt.date(2026, 3, 1)
    assert zhang.dealer.code == "BJ001"
    [phone] = zhang.phones.all()
    assert (phone.e164, phone.kind, phone.province, phone.city) == (
        "+8613800138000",
        "mobile",
        "北京",
        "北京",
    )
    [car] = zhang.vehicles.all()
    assert (car.vin, car.product, car.insurance_due) == (VIN1, "哈弗H6", dt.date(2027, 3, 1))

    li = Customer.objects.get(name="李四")
    assert li.external_id is None
    assert [(p.e164, p.kind, p.position) for p in li.phones.all()] == [
        ("+8675512345678", "landline", 0),
        ("+8613900139000", "mobile", 1),
    ]
    assert li.vehicles.get().purchase_date == dt.date(2026, 3, 1)
    assert result.notices == ["新建了经销商：BJ001、北京朝阳店"]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tmp_path):
    rows = [HEADER, row(), row("C002", "李四", "女", "13900139000", vin=VIN2),
            row("", "王五", "", "010-12345678;13700137000", "", "", "", "", "")]  # fmt: skip
    path = write_csv(tmp_path / "c.csv", rows, "gb18030")
    assert counts(import_customers(path)) == (3, 0, 0, 0)
    before = snapshot()
    assert counts(import_customers(path)) == (0, 0, 3, 0)
    assert snapshot() == before


def test_a_changed_row_is_an_update_and_empty_cells_erase_nothing(tmp_path):
    import_customers(write_csv(tmp_path / "a.csv", [HEADER, row(province="广东", tags="VIP")]))
    changed = row(
        name="张叁",
        phone="",
        dealer="",
        vin="",
        bought="",
        insurance="2028-03-01",
        tags="车主俱乐部",
    )
    changed[3] = "13800138000"
    result = import_customers(write_csv(tmp_path / "b.csv", [HEADER, changed]))
    assert counts(result) == (0, 1, 0, 0)
    customer = Customer.objects.get(external_id="C001")
    assert customer.name == "张叁"
    assert customer.province == "广东"  # the cell was empty: kept
    assert customer.dealer.code == "BJ001"
    assert customer.tags == ["VIP", "车主俱乐部"]  # tags are added, never removed
    [car] = customer.vehicles.all()  # matched by product: no second vehicle
    assert (car.vin, car.insurance_due) == (VIN1, dt.date(2028, 3, 1))


def test_a_new_number_is_added_never_written_over(tmp_path):
    import_customers(write_csv(tmp_path / "a.csv", [HEADER, row(phone="13800138000")]))
    result = import_customers(write_csv(tmp_path / "b.csv", [HEADER, row(phone="13900139000")]))
    assert counts(result) == (0, 1, 0, 0)
    customer = Customer.objects.get()
    assert [p.e164 for p in customer.phones.all()] == ["+8613800138000", "+8613900139000"]


def test_without_an_id_the_phone_number_is_the_key(tmp_path):
    import_customers(write_csv(tmp_path / "a.csv", [HEADER, row(ext="", vin="")]))
    result = import_customers(
        write_csv(
            tmp_path / "b.csv",
            [HEADER, row(ext="", phone="+86 138 0013 8000", gender="女", vin="")],
        )
    )
    assert counts(result) == (0, 1, 0, 0)
    assert Customer.objects.get().gender == "F"


def test_a_later_id_binds_to_the_archive_imported_without_ids(tmp_path):
    import_customers(write_csv(tmp_path / "a.csv", [HEADER, row(ext="")]))
    result = import_customers(write_csv(tmp_path / "b.csv", [HEADER, row(ext="C777")]))
    assert counts(result) == (0, 1, 0, 0)
    assert Customer.objects.get().external_id == "C777"


def test_a_number_shared_in_a_family_prefers_the_customer_of_the_same_name(tmp_path):
    rows = [
        HEADER,
        row(ext="", name="王强", vin=""),
        row(ext="W2", name="王芳", vin="", product="坦克300"),
    ]
    import_customers(write_csv(tmp_path / "a.csv", rows))
    assert Customer.objects.count() == 2  # W2 has an id no one has: a new customer
    result = import_customers(
        write_csv(
            tmp_path / "b.csv",
            [HEADER, row(ext="", name="王芳", vin="", product="坦克300", gender="女")],
        )
    )
    assert counts(result) == (0, 1, 0, 0)
    assert Customer.objects.get(external_id="W2").gender == "F"
    assert Customer.objects.get(name="王强").gender == "M"


def test_rows_naming_the_same_customer_twice_are_applied_in_order(tmp_path):
    rows = [HEADER, row(name="张三"), row(name="张三丰", phone="13800138000;13900139000")]
    result = import_customers(write_csv(tmp_path / "c.csv", rows))
    assert counts(result) == (1, 1, 0, 0)
    customer = Customer.objects.get()
    assert customer.name == "张三丰"
    assert customer.phones.count() == 2
    assert customer.vehicles.count() == 1


def test_a_vin_on_another_customers_vehicle_refuses_the_row(tmp_path):
    import_customers(write_csv(tmp_path / "a.csv", [HEADER, row()]))
    result = import_customers(
        write_csv(tmp_path / "b.csv", [HEADER, row(ext="C002", name="李四", phone="13900139000")])
    )
    assert counts(result) == (0, 0, 0, 1)
    [error] = result.rejected
    customer = Customer.objects.get(external_id="C001")
    assert (error.row, error.column, error.reason) == (
        2,
        "VIN",
        f"车架号 {VIN1} 已登记在另一位客户（#{customer.id}）的车辆上",
    )
    assert not Customer.objects.filter(external_id="C002").exists()


def test_a_second_vehicle_by_vin(tmp_path):
    import_customers(write_csv(tmp_path / "a.csv", [HEADER, row()]))
    result = import_customers(
        write_csv(tmp_path / "b.csv", [HEADER, row(vin=VIN2, product="哈弗H6")])
    )
    assert counts(result) == (0, 1, 0, 0)
    assert sorted(Vehicle.objects.values_list("vin", flat=True)) == [VIN1, VIN2]


def test_dealers_are_found_by_code_or_name(tmp_path):
    Dealer.objects.create(code="BJ001", name="北京朝阳店")
    rows = [HEADER, row(dealer="BJ001"), row("C2", phone="13900139000", vin="", dealer="北京朝阳店"),
            row("C3", phone="13700137000", vin="", dealer="上海浦东店"),
            row("C4", phone="13600136000", vin="", dealer="很" * 40)]  # fmt: skip
    result = import_customers(write_csv(tmp_path / "c.csv", rows))
    assert counts(result) == (3, 0, 0, 1)
    assert set(Customer.objects.values_list("dealer__code", flat=True)) == {"BJ001", "上海浦东店"}
    [error] = result.rejected
    assert (error.row, error.column) == (5, "经销商")
    assert error.reason == (
        f"找不到代码或名称为 {'很' * 40!r} 的经销商；它有 40 个字符，超过 32 个，"
        "不能作为新经销商的代码"
    )
    assert result.notices == ["新建了经销商：上海浦东店"]


def test_bad_rows_are_refused_with_row_column_and_reason_and_good_ones_kept(tmp_path):
    rows = [
        HEADER,
        row(),
        row("C2", "", "X", "12345", vin="LGWEF4A59MF00000I", bought="2026-02-30"),
        [],
        row("C3", "李四", phone="13900139000;1380013800", vin=""),
        row("C4", "王五", phone="13700137000", vin="", province="火星", insurance="2026/13/1"),
        row("C5", "赵六", phone="13600136000", vin=""),
    ]
    result = import_customers(write_csv(tmp_path / "c.csv", rows))
    assert counts(result) == (2, 0, 0, 3)
    assert [(e.row, e.column) for e in result.rejected] == [
        (3, "姓名"), (3, "性别"), (3, "电话"), (3, "VIN"), (3, "购买日期"),
        (5, "电话"),
        (6, "保险到期"), (6, "省份"),
    ]  # fmt: skip
    assert result.rejected[5].reason == "'1380013800' 手机号码位数不对：应为 11 位，这里是 10 位"
    assert result.rejected[6].reason == "'2026/13/1' 不是有效日期：没有 13 月"
    assert set(Customer.objects.values_list("external_id", flat=True)) == {"C001", "C5"}


def test_a_file_without_a_required_column_writes_nothing(tmp_path):
    path = write_csv(tmp_path / "c.csv", [["客户编号", "姓名", "地址"], ["C1", "张三", "北京"]])
    with pytest.raises(ImportFileError, match=r"^c\.csv：缺少必填列：电话（phone）$"):
        import_customers(path)
    assert snapshot() == ([], [], [], 0)


def test_the_error_workbook_gives_the_rows_back_to_fix(tmp_path, excel_reader):
    header = ["姓名", "电话", "购买日期", "备注"]
    rows = [header, ["张三", 13800138000, dt.date(2026, 3, 1), "ok"],
            ["李四", 1380013800, "2026-02-30", "下午6点后"], ["", 13900139000, None, None]]  # fmt: skip
    result = import_customers(write_xlsx(tmp_path / "c.xlsx", rows))
    assert len(result.rejected_rows) == 2
    out = tmp_path / "errors.xlsx"
    assert write_error_workbook(out, result.rejected_rows, result.header) == 2

    sheet = load_workbook(out).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == ["行号", "姓名", "电话", "购买日期", "备注", "原因"]
    assert values[1][:5] == [3, "李四", 1380013800, "2026-02-30", "下午6点后"]
    assert values[1][5] == (
        "电话：'1380013800' 手机号码位数不对：应为 11 位，这里是 10 位；"
        "购买日期：'2026-02-30' 不是有效日期：2026 年 2 月只有 28 天"
    )
    assert values[2] == [4, None, 13900139000, None, None, "姓名：姓名为空"]
    assert sheet["C2"].fill.fgColor.rgb.endswith("FFC7CE")  # the bad cells are shaded
    assert sheet["D2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert not sheet["B2"].fill.fgColor.rgb.endswith("FFC7CE")


def test_in_english_the_reasons_and_the_error_workbook_are_english(tmp_path):
    rows = [["姓名", "电话", "购买日期"], ["张三", "13800138000", ""],
            ["李四", "1380013800", "2026-02-30"]]  # fmt: skip
    with translation.override("en"):
        result = import_customers(write_csv(tmp_path / "c.csv", rows))
        write_error_workbook(tmp_path / "e.xlsx", result.rejected_rows, result.header)
    assert [(e.row, e.column, e.reason) for e in result.rejected] == [
        (3, "电话", "'1380013800' is not a mobile number: mobile numbers have 11 digits, "
                    "this has 10"),
        (3, "购买日期", "'2026-02-30' is not a date: 2026-02 has 28 days"),
    ]  # fmt: skip
    sheet = load_workbook(tmp_path / "e.xlsx").active
    assert sheet.title == "Import errors"
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == ["Row", "姓名", "电话", "购买日期", "Reason"]
    assert values[1][-1] == (
        "电话: '1380013800' is not a mobile number: mobile numbers have 11 digits, this has 10; "
        "购买日期: '2026-02-30' is not a date: 2026-02 has 28 days"
    )


def test_many_new_dealers_are_named_up_to_ten():
    codes = [f"D{i:02d}" for i in range(12)]
    assert created_notice(codes) == "新建了经销商：" + "、".join(codes[:10]) + "，另有 2 家"
    with translation.override("en"):
        assert created_notice(codes[:2]) == "new dealers created: D00, D01"
        assert created_notice(codes) == (
            "new dealers created: " + ", ".join(codes[:10]) + " and 2 more"
        )


def test_text_like_a_formula_goes_back_as_text(tmp_path):
    path = write_csv(tmp_path / "c.csv", [["姓名", "电话"], ['=HYPERLINK("x")', "1"]])
    result = import_customers(path)
    write_error_workbook(tmp_path / "e.xlsx", result.rejected_rows, result.header)
    cell = load_workbook(tmp_path / "e.xlsx").active["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")


def test_a_batch_looks_up_with_a_fixed_number_of_queries(tmp_path):
    def queries(n, prefix):
        rows = [HEADER] + [
            row(
                f"N{n}-{i}",
                f"客户{i}",
                "",
                f"{prefix}{i:08d}",
                f"D{i % 3}",
                vin=VIN1[:-4] + f"{i:04d}",
            )
            for i in range(n)
        ]
        path = write_csv(tmp_path / f"{n}.csv", rows)
        with CaptureQueriesContext(connection) as captured:
            import_customers(path, batch_size=1000)
        return [q["sql"].split()[0] for q in captured]

    small, large = queries(30, "138"), queries(300, "139")
    # The lookups are one query each, however many rows; inserts go out in chunks
    # the database's parameter limit allows.
    assert small.count("SELECT") == large.count("SELECT") <= 5
    assert len(large) < 40
    again = queries(300, "139")  # all 300 are stored: now they are looked up, not inserted
    assert again.count("SELECT") <= 6
    assert "INSERT" not in again and "UPDATE" not in again


def test_progress_is_reported(tmp_path):
    class Bar:
        def __init__(self):
            self.totals, self.done = [], 0

        def total(self, n):
            self.totals.append(n)

        def advance(self, n=1):
            self.done += n

    rows = (
        [HEADER]
        + [row(f"P{i}", phone=f"1380000{i:04d}", vin="") for i in range(25)]
        + [row("bad", phone="1")]
    )
    bar = Bar()
    import_customers(write_csv(tmp_path / "c.csv", rows), batch_size=10, progress=bar)
    assert bar.totals == [26]
    assert bar.done == 26


def test_a_row_the_database_refuses_is_rejected_alone(tmp_path, monkeypatch):
    """Should a batch fail in the database (a check missed, a concurrent writer), its
    rows are stored one by one so that only the guilty row is refused."""
    from django.db import IntegrityError

    create = Vehicle.objects.bulk_create

    def refuse_vin2(objs, *args, **kwargs):
        if any(v.vin == VIN2 for v in objs):
            raise IntegrityError("UNIQUE constraint failed: customers_vehicle.vin")
        return create(objs, *args, **kwargs)

    monkeypatch.setattr(Vehicle.objects, "bulk_create", refuse_vin2)
    rows = [HEADER, row("C1", "李四", phone="13900139000"),
            row("C2", "王五", phone="13700137000", vin=VIN2, dealer="新店"),
            row("C3", "赵六", phone="13600136000", vin="", dealer="新店")]  # fmt: skip
    result = import_customers(write_csv(tmp_path / "b.csv", rows))
    assert counts(result) == (2, 0, 0, 1)
    [error] = result.rejected
    assert (error.row, error.column) == (3, "")
    assert error.reason == "无法保存：UNIQUE constraint failed: customers_vehicle.vin"
    assert set(Customer.objects.values_list("external_id", flat=True)) == {"C1", "C3"}
    assert list(Dealer.objects.values_list("code", flat=True)) == ["BJ001", "新店"]
