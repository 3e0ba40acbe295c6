import pytest

from huifang.customers import reading


@pytest.fixture(params=["calamine", "openpyxl"])
def excel_reader(request, monkeypatch):
    """Run an .xlsx test with each reader: calamine for ordinary sheets, openpyxl's
    streaming mode for sheets too big to parse whole."""
    if request.param == "openpyxl":
        monkeypatch.setattr(reading, "CALAMINE_MAX_SHEET_XML", -1)
    return request.param
