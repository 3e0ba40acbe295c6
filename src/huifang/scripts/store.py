"""The library in use, and supervisors' edits to it (D6).

The library in use is the packaged one, with the centre's own file
(`HUIFANG["SCRIPTS_FILE"]`) merged over it, and the newest revision of each key laid
over that. It is kept in memory and rebuilt when the revisions change: one small
aggregate query per call tells whether they have (in this process or another)."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max

from huifang.scripts.library import (
    KEY,
    REQUIRED,
    Library,
    Script,
    check,
    field_label,
    load_library,
)
from huifang.scripts.models import ScriptRevision
from huifang.text import _

logger = logging.getLogger("huifang.scripts")
_lock = threading.Lock()
_cache: dict[str, tuple[tuple, Library]] = {}


class RevisionRefused(ValueError):
    """An edit that cannot be saved: the problems by field (key, title, text …)."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(
            _("；").join(
                _("{field}：{message}").format(field=field_label(field), message=message)
                for field, messages in errors.items()
                for message in messages
            )
        )


@lru_cache(maxsize=4)
def base_library(extra: str | None = None) -> Library:
    """The packaged library with the centre's file `extra` merged over it."""
    return load_library(extra=extra)


def _base() -> Library:
    return base_library(settings.HUIFANG.get("SCRIPTS_FILE"))


def _as_script(revision: ScriptRevision, base: Library) -> Script | None:
    known = base.get(revision.key) if revision.key in base else None
    category = revision.category
    if category not in base.categories:
        if known is None:
            logger.warning("script revision %s: unknown category %r", revision.pk, category)
            return None
        category = known.category  # the category went away from the files
    return Script(
        key=revision.key,
        category=category,
        title=revision.title,
        text=revision.text,
        kinds=tuple(revision.kinds or ()),
        tags=tuple(revision.tags or ()),
        source=known.source if known else "",
    )


def _build(base: Library) -> Library:
    newest: dict[str, ScriptRevision] = {}
    for revision in ScriptRevision.objects.order_by("id"):
        newest[revision.key] = revision
    overrides: list[Script | tuple[str, None]] = []
    for key, revision in newest.items():
        if revision.hidden:
            overrides.append((key, None))
        elif (script := _as_script(revision, base)) is not None:
            overrides.append(script)
    return base.merged(overrides)


def current_library() -> Library:
    """The library in use: files, then the newest revision of each key."""
    base = _base()
    state = ScriptRevision.objects.aggregate(newest=Max("id"), count=Count("id"), at=Max("at"))
    key = (settings.HUIFANG.get("SCRIPTS_FILE"), state["newest"], state["count"], state["at"])
    with _lock:
        cached = _cache.get("library")
        if cached is not None and cached[0] == key:
            return cached[1]
    library = _build(base) if state["count"] else base
    with _lock:
        _cache["library"] = (key, library)
    return library


def forget(files: bool = False) -> None:
    """Drop the library kept in memory (the next call rebuilds it); with `files`, the
    files are read again too."""
    with _lock:
        _cache.clear()
    if files:
        base_library.cache_clear()


def newest_revision(key: str) -> ScriptRevision | None:
    return ScriptRevision.objects.filter(key=key).order_by("-id").first()


def editable(key: str) -> tuple[Script, bool] | None:
    """The script as it now reads, hidden or not, and whether it is hidden; None when
    no file and no revision knows the key."""
    base = _base()
    revision = newest_revision(key)
    if revision is not None:
        script = _as_script(revision, base)
        if script is not None:
            return script, revision.hidden
    if key in base:
        return base.get(key), False
    return None


def key_in_use(key: str) -> bool:
    return key in _base() or ScriptRevision.objects.filter(key=key).exists()


def hidden_keys(library: Library | None = None) -> list[ScriptRevision]:
    """The newest revisions that hide their key, for the supervisor's list."""
    library = library or current_library()
    newest: dict[str, ScriptRevision] = {}
    for revision in ScriptRevision.objects.select_related("author").order_by("id"):
        newest[revision.key] = revision
    return [r for r in newest.values() if r.hidden and r.key not in library]


def problems(
    key: str,
    *,
    title: str,
    text: str,
    category: str,
    kinds=(),
    tags=(),
    hidden: bool = False,
    library: Library | None = None,
) -> dict[str, list[str]]:
    """What is wrong with an edit, by field; empty when it may be saved."""
    library = library or current_library()
    script = Script(key, category, title or "", text or "", tuple(kinds), tuple(tags))
    errors: dict[str, list[str]] = {}
    for field, message in check(script, library.categories):
        errors.setdefault(field, []).append(message)
    if hidden and key in REQUIRED:
        errors.setdefault("hidden", []).append(_("工作台要用到这条话术，可以修改文字，但不能隐藏"))
    if any(not isinstance(t, str) or len(t) > 40 for t in tags):
        errors.setdefault("tags", []).append(_("每个关键词不超过 40 个字"))
    return errors


def save_revision(
    key: str,
    *,
    title: str,
    text: str,
    category: str,
    kinds=(),
    tags=(),
    hidden: bool = False,
    author=None,
) -> ScriptRevision:
    """Append a revision of `key`. RevisionRefused, naming each field, when the edit
    is not a usable script; nothing is stored then."""
    title, text = (title or "").strip(), (text or "").strip()
    kinds = [str(k) for k in kinds]
    tags = [str(t).strip() for t in tags if str(t).strip()]
    errors = problems(
        key, title=title, text=text, category=category, kinds=kinds, tags=tags, hidden=hidden
    )
    if not KEY.match(key or "") and "key" not in errors:
        errors["key"] = [_("应为小写字母、数字和下划线，用点分段，如 hold.ask")]
    if errors:
        raise RevisionRefused(errors)
    with transaction.atomic():
        revision = ScriptRevision.objects.create(
            key=key,
            category=category,
            title=title,
            text=text,
            kinds=kinds,
            tags=tags,
            hidden=hidden,
            author=author,
        )
    transaction.on_commit(forget)
    return revision


def history(key: str) -> list[ScriptRevision]:
    """Every revision of `key`, the newest first, with its author."""
    return list(ScriptRevision.objects.filter(key=key).select_related("author").order_by("-id"))
