"""The import from the web (A1): an uploaded file is kept under a random name, checked
without storing anything (the preview), and imported when the supervisor confirms."""

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from huifang.customers.reading import CUSTOMER_COLUMNS, Table
from huifang.customers.rows import RowError, check_customer

SAMPLE_ROWS = 10
SHOWN_REJECTS = 50


def uploads() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_upload(upload) -> str:
    """Store an uploaded file; its token names it in the confirm step."""
    suffix = Path(upload.name).suffix.lower()
    token = f"{uuid.uuid4().hex}{suffix}"
    with open(uploads() / token, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def upload_path(token: str) -> Path | None:
    """The stored file of a token, or None for a token that names no upload."""
    name = Path(token).name
    path = uploads() / name
    return path if name == token and path.is_file() else None


@dataclass
class Preview:
    header: list[str]
    sample: list[list[Any]] = field(default_factory=list)
    valid: int = 0
    rejected_rows: int = 0
    rejects: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def preview(path: Path, shown_name: str) -> Preview:
    """Read the whole file and check every row, storing nothing. Raises
    `reading.ImportFileError` for a file that cannot be used."""
    table = Table(path, CUSTOMER_COLUMNS)
    result = Preview(
        header=table.layout.header,
        notices=[n.replace(path.name, shown_name) for n in table.notices],
    )
    for source in table:
        if len(result.sample) < SAMPLE_ROWS:
            result.sample.append(["" if c is None else c for c in source.cells])
        checked = check_customer(source, table.layout)
        if isinstance(checked, list):
            result.rejected_rows += 1
            if len(result.rejects) < SHOWN_REJECTS:
                result.rejects.extend(checked)
        else:
            result.valid += 1
    return result
