"""Typed readers for HUIFANG_* environment variables. A bad value stops start-up
with a message that names the variable."""

import os
import secrets
from datetime import time
from pathlib import Path

import platformdirs


class ConfigError(Exception):
    pass


def text(name: str, default: str) -> str:
    return os.environ.get(name, default).strip()


def flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r}: expected true/false, 1/0, yes/no or on/off")


def integer(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a whole number") from None


def number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a number") from None


def clock_times(name: str, default: str) -> tuple[str, ...]:
    """Wall-clock times "HH:MM" separated by commas, each later than the one before."""
    raw = os.environ.get(name, "").strip() or default
    times = tuple(t.strip() for t in raw.split(","))
    minutes = []
    for t in times:
        hh, _, mm = t.partition(":")
        if not (hh.isdigit() and mm.isdigit() and len(mm) == 2 and int(hh) < 24 and int(mm) < 60):
            raise ConfigError(f"{name}={raw!r}: {t!r} is not a time of day HH:MM")
        minutes.append(int(hh) * 60 + int(mm))
    if any(b <= a for a, b in zip(minutes, minutes[1:], strict=False)):
        raise ConfigError(f"{name}={raw!r}: each time must be later than the one before")
    return times


def business_hours(name: str, default: str) -> tuple[tuple[time, time], ...]:
    """Business-hour windows "HH:MM-HH:MM" separated by commas, in order of the day and
    not overlapping, e.g. "09:00-12:00,13:00-18:00" (the SLA clock, features.md F4)."""
    from huifang.tickets.sla import parse_windows  # the one parser; plain Python

    raw = os.environ.get(name, "").strip() or default
    try:
        return parse_windows(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r}: {exc}") from None


def sla_targets(name: str, default: str) -> dict:
    """The SLA hours per severity, "urgent=2/4/24/always,important=4/8/24,…" (F4)."""
    from huifang.tickets.clocks import parse_targets  # the one parser; plain Python

    raw = os.environ.get(name, "").strip() or default
    try:
        return parse_targets(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r}: {exc}") from None


def hosts(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [h.strip() for h in raw.split(",") if h.strip()]


def home() -> Path:
    """The data folder: database, uploads, recordings, the generated secret key."""
    raw = os.environ.get("HUIFANG_HOME", "").strip()
    path = Path(raw).expanduser() if raw else Path(platformdirs.user_data_dir("huifang"))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"HUIFANG_HOME={path}: cannot create the folder ({exc.strerror})"
        ) from None
    return path


def secret_key(home_dir: Path) -> str:
    """HUIFANG_SECRET_KEY, else a key generated once into the data folder."""
    key = os.environ.get("HUIFANG_SECRET_KEY", "").strip()
    if key:
        return key
    path = home_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key
