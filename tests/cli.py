"""Running the `huifang` command as a user would: a fresh process, a data folder."""

import json
import os
import subprocess
import sys
from pathlib import Path


def huifang(home: Path, *args: str, check: bool = False, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HUIFANG_")}
    environment.update({"HUIFANG_HOME": str(home), **env})
    result = subprocess.run(
        [sys.executable, "-m", "huifang.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"huifang {' '.join(args)} exited {result.returncode}: {result.stderr}"
        )
    return result


def as_json(result: subprocess.CompletedProcess):
    return json.loads(result.stdout)
