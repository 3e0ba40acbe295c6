"""The import from the web: upload, preview (nothing stored), confirm, error workbook."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from huifang.accounts.models import AuditEntry
from huifang.customers.models import Customer
from tests import factories as f

CSV = "姓名,电话,性别,经销商\n王伟,13800138000,男,BJ01\n李娜,12345,女,BJ01\n张敏,13900139000,女,SH01\n"


@pytest.fixture
def supervisor(db):
    c = Client()
    c.force_login(f.agent("supervisor", role="supervisor"))
    return c


def upload(client, content: bytes, name="客户.csv"):
    return client.post(reverse("customer_import"), {"file": SimpleUploadedFile(name, content)})


def test_preview_stores_nothing_then_confirm_imports(supervisor):
    page = upload(supervisor, CSV.encode("gb18030"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "王伟" in text and "12345" in text  # the sample rows
    assert page.context["preview"].valid == 2 and page.context["preview"].rejected_rows == 1
    assert page.context["preview"].rejects[0].row == 3
    assert not Customer.objects.exists()
    done = supervisor.post(
        reverse("customer_import_confirm"), {"token": page.context["token"], "name": "客户.csv"}
    )
    assert done.status_code == 200 and done.context["result"].imported == 2
    assert set(Customer.objects.values_list("name", flat=True)) == {"王伟", "张敏"}
    entry = AuditEntry.objects.get(action=AuditEntry.IMPORT, target="客户.csv")
    assert entry.username == "supervisor"
    assert entry.detail == "imported 2, updated 0, unchanged 0, rejected 1"
    workbook = supervisor.get(
        reverse("customer_import_errors", args=[done.context["errors_token"]])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert any("李娜" in [str(c) for c in row] for row in rows)


def test_a_file_missing_a_column_is_refused_with_its_name(supervisor):
    page = upload(supervisor, "姓名,性别\n王伟,男\n".encode(), name="缺列.csv")
    assert page.status_code == 302
    messages = [str(m) for m in page.wsgi_request._messages]
    assert any("缺列.csv" in m and "电话" in m for m in messages)
    assert not Customer.objects.exists()


def test_tokens_cannot_reach_outside_the_upload_folder(supervisor):
    answer = supervisor.post(reverse("customer_import_confirm"), {"token": "../../secret_key"})
    assert answer.status_code == 302 and not Customer.objects.exists()
    assert (
        supervisor.get(reverse("customer_import_errors", args=["x-errors.xlsx"])).status_code == 404
    )


def test_agents_may_not_import(db):
    c = Client()
    c.force_login(f.agent("agent1"))
    assert c.get(reverse("customer_import")).status_code == 403
