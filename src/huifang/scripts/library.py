"""The script library 话术库 (D6): the standard phrases by situation and the callback
scripts by campaign type, from the customer's own training documents (seeds 000–002).

A `Script` is the words an agent reads, with placeholders; a `Library` holds them in
categories, in file order, and answers lookups and searches. `load_library` reads ours
(`data/library.yaml`) and, when given, a centre's own file merged over it key by key:
an entry with a known key replaces that script (fields it leaves out are kept), a new
key is added to its category, and `hidden: true` takes a script out. The Django layer
adds the supervisors' edits on top (`store.py`).

The category `taboo` holds the service taboos 服务禁语: shown to agents as a warning,
never offered as words to read (search leaves them out unless asked)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from pathlib import Path

from huifang.scripts import placeholders
from huifang.scripts.reading import Mapping, Problems, ScriptError, kind_of, read_file
from huifang.text import _, gettext_noop, listing

DATA = Path(__file__).parent / "data" / "library.yaml"
TABOO = "taboo"
KEY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
CATEGORY = re.compile(r"^[a-z][a-z0-9_]*$")
# The campaign kinds (campaigns.choices.Kind, which this plain module cannot import;
# a test keeps the two the same).
KINDS = (
    "reminder",
    "appointment",
    "satisfaction_sale",
    "satisfaction_service",
    "satisfaction_ticket",
    "potential",
    "dormant",
    "holiday",
    "order_arrival",
    "product_usage",
    "return_exchange",
    "complaint_followup",
    "inbound_callback",
)
# Keys the agent workspace asks for by name: a centre may reword them, never hide them.
REQUIRED = (
    "opening.default",
    *(f"points.{kind}" for kind in KINDS),
    "situation.driving",
    "situation.meeting",
    "situation.not_customer",
    "situation.not_customer_no_contact",
    "situation.inconvenient",
    "situation.refuses_details",
    "situation.privacy",
    "situation.referral",
    "situation.referral_address",
    "situation.out_of_warranty",
    "situation.too_many_calls",
    "situation.silent_line",
    "situation.harassment",
    "situation.dialect",
    "situation.bad_line",
    "closing.anything_else",
    "closing.thanks",
    "closing.goodbye",
    "hold.ask",
    "hold.ask_long",
    "hold.thanks",
    "cant_answer.promise",
    "repeat.ask",
    "cant_hear.ask",
)
SCRIPT_FIELDS = ("key", "category", "title", "text", "kinds", "tags", "source")
EXTRA_FIELDS = (*SCRIPT_FIELDS, "hidden")
FIELD_LABELS = {
    "key": gettext_noop("编号"),
    "category": gettext_noop("分类"),
    "title": gettext_noop("标题"),
    "text": gettext_noop("话术内容"),
    "kinds": gettext_noop("适用项目类型"),
    "tags": gettext_noop("关键词"),
    "hidden": gettext_noop("隐藏"),
}


@dataclass(frozen=True)
class Script:
    """One script 话术: the words to read (`text`, with placeholders) and how to find it."""

    key: str
    category: str
    title: str
    text: str
    kinds: tuple[str, ...] = ()  # campaign kinds it belongs to; empty = general
    tags: tuple[str, ...] = ()  # more words to find it by
    source: str = ""  # where in the seeds it comes from; "" for our own

    @property
    def taboo(self) -> bool:
        return self.category == TABOO

    def placeholders(self) -> list[str]:
        return placeholders.used(self.text)


def check(script: Script, categories: MappingABC[str, str]) -> list[tuple[str, str]]:
    """What is wrong with `script` in a library of `categories`, as (field, message)."""
    found: list[tuple[str, str]] = []
    if not KEY.match(script.key or ""):
        found.append(("key", _("应为小写字母、数字和下划线，用点分段，如 hold.ask")))
    if script.category not in categories:
        found.append(
            (
                "category",
                _("未知分类 {category!r}（可用：{known}）").format(
                    category=script.category, known=listing(categories)
                ),
            )
        )
    if not script.title.strip():
        found.append(("title", _("不能为空")))
    elif len(script.title) > 120:
        found.append(("title", _("不超过 120 个字")))
    if not script.text.strip():
        found.append(("text", _("不能为空")))
    for field in ("title", "text"):
        bad = placeholders.unknown(getattr(script, field))
        if bad:
            found.append((field, placeholders.unknown_message(bad)))
    strange = [k for k in script.kinds if k not in KINDS]
    if strange:
        found.append(
            (
                "kinds",
                _("未知项目类型 {kinds}（可用：{known}）").format(
                    kinds=listing(strange), known=listing(KINDS)
                ),
            )
        )
    return found


def _fold(text: str) -> str:
    return text.casefold()


class Library:
    """Scripts in categories: `categories` is key → label, in display order; the
    scripts keep file order."""

    def __init__(self, categories: MappingABC[str, str], scripts: Iterable[Script]):
        self.categories: dict[str, str] = dict(categories)
        self.scripts: tuple[Script, ...] = tuple(scripts)
        self._by_key = {s.key: s for s in self.scripts}

    def __len__(self) -> int:
        return len(self.scripts)

    def __iter__(self) -> Iterator[Script]:
        return iter(self.scripts)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __repr__(self) -> str:
        return f"<Library {len(self.categories)} categories, {len(self.scripts)} scripts>"

    def keys(self) -> list[str]:
        return [s.key for s in self.scripts]

    def get(self, key: str) -> Script:
        try:
            return self._by_key[key]
        except KeyError:
            raise KeyError(_("话术库中没有编号为 {key!r} 的话术").format(key=key)) from None

    def label(self, category: str) -> str:
        return self.categories.get(category, category)

    def in_category(self, category: str) -> list[Script]:
        return [s for s in self.scripts if s.category == category]

    def for_kind(self, kind: str) -> list[Script]:
        return [s for s in self.scripts if kind in s.kinds]

    def grouped(self) -> list[tuple[str, str, list[Script]]]:
        """(category, label, scripts) for every category that has scripts."""
        groups = [(key, label, self.in_category(key)) for key, label in self.categories.items()]
        return [g for g in groups if g[2]]

    def search(self, query: str, limit: int = 50, *, taboo: bool = False) -> list[Script]:
        """Scripts matching every whitespace-separated term of `query` (a substring of
        the title, text, tags or category label, ignoring case): those with the most
        terms in the title first, then in file order. An empty query finds nothing;
        taboos only when `taboo` is true."""
        terms = [_fold(t) for t in (query or "").split()]
        if not terms:
            return []
        hits = []
        for index, script in enumerate(self.scripts):
            if script.taboo and not taboo:
                continue
            title = _fold(script.title)
            haystack = "\n".join(
                [
                    title,
                    _fold(script.text),
                    _fold(self.label(script.category)),
                    *map(_fold, script.tags),
                ]
            )
            if all(term in haystack for term in terms):
                hits.append((-sum(term in title for term in terms), index, script))
        hits.sort(key=lambda hit: hit[:2])
        return [script for *_rank, script in hits[: max(limit, 0)]]

    def merged(
        self,
        overrides: Iterable[Script | tuple[str, None]],
        categories: MappingABC[str, str] | None = None,
    ) -> Library:
        """A new library: a Script with a known key replaces it where it stands, a new
        key is added after the last script of its category, `(key, None)` hides the key.
        `categories` adds categories (or relabels known ones)."""
        labels = {**self.categories, **(categories or {})}
        scripts = list(self.scripts)
        for item in overrides:
            if isinstance(item, Script):
                at = next((i for i, s in enumerate(scripts) if s.key == item.key), None)
                if at is not None:
                    scripts[at] = item
                    continue
                last = [i for i, s in enumerate(scripts) if s.category == item.category]
                scripts.insert(last[-1] + 1 if last else len(scripts), item)
            else:
                key, _none = item
                scripts = [s for s in scripts if s.key != key]
        return Library(labels, scripts)


# --- reading the files -------------------------------------------------------------


def _categories(problems: Problems, data: Mapping, required: bool) -> dict[str, str]:
    raw = data.get("categories")
    if raw is None and not required:
        return {}
    if not isinstance(raw, Mapping) or (required and not raw):
        problems.add(_("categories"), _("应为“分类编号: 名称”的映射"), data.line)
        return {}
    result = {}
    for key, label in raw.items():
        where = _("分类 {key}").format(key=key)
        if not isinstance(key, str) or not CATEGORY.match(key):
            problems.add(where, _("编号应为小写字母开头的字母、数字和下划线"), raw.line)
        elif not isinstance(label, str) or not label.strip():
            problems.add(
                where, _("应有中文名称，而不是 {kind}").format(kind=kind_of(label)), raw.line
            )
        else:
            result[key] = label.strip()
    return result


def _entries(problems: Problems, data: Mapping) -> list[Mapping]:
    raw = data.get("scripts")
    if not isinstance(raw, list):
        problems.add(_("scripts"), _("应为话术的列表"), data.line)
        return []
    entries = []
    for index, entry in enumerate(raw, 1):
        if not isinstance(entry, Mapping):
            where = _("第 {index} 条话术").format(index=index)
            problems.add(
                where,
                _("应为映射（key、category、title、text…），而不是 {kind}").format(
                    kind=kind_of(entry)
                ),
            )
        else:
            entries.append(entry)
    return entries


def _script(
    problems: Problems,
    entry: Mapping,
    labels: MappingABC[str, str],
    base: Script | None,
    allowed: tuple[str, ...],
) -> Script:
    """The script an entry describes; fields it leaves out come from `base` (a known
    script the entry overrides), or are required when there is none."""
    key = problems.text(entry, "key", _("话术")) or ""
    where = _("话术 {key}").format(key=key or "?")
    problems.unknown_keys(entry, allowed, where)
    fields = {}
    for field in ("category", "title", "text", "source"):
        if field in entry or base is None:
            fields[field] = problems.text(entry, field, where, required=field != "source") or ""
        else:
            fields[field] = getattr(base, field)
    for field in ("kinds", "tags"):
        fields[field] = (
            problems.words(entry, field, where)
            if field in entry or base is None
            else getattr(base, field)
        )
    script = Script(key=key, **fields)
    for field, message in check(script, labels):
        if field == "key" and not key:
            continue  # already said: missing key
        if field in ("title", "text") and not getattr(script, field).strip():
            continue  # already said: missing or empty
        problems.add(f"{where} {field}", message, entry.line)
    return script


def _read(
    path: Path, base: Library | None
) -> tuple[dict[str, str], list[Script | tuple[str, None]], str]:
    name = path.name if path == DATA else str(path)
    data = read_file(path)
    problems = Problems()
    if not isinstance(data, Mapping):
        raise ScriptError(
            name,
            [
                _("话术文件应为映射（categories、scripts），而不是 {kind}").format(
                    kind=kind_of(data)
                )
            ],
        )
    problems.unknown_keys(data, {"categories", "scripts"}, _("话术文件"))
    categories = _categories(problems, data, required=base is None)
    labels = {**(base.categories if base else {}), **categories}
    items: list[Script | tuple[str, None]] = []
    first_line: dict[str, int | None] = {}
    for entry in _entries(problems, data):
        key = entry.get("key")
        if isinstance(key, str) and key in first_line:
            problems.add(
                _("话术 {key}").format(key=key),
                _("编号重复（第 {line} 行已有）").format(line=first_line[key]),
                entry.line,
            )
            continue
        if isinstance(key, str):
            first_line[key] = entry.line
        known = base.get(key) if base is not None and isinstance(key, str) and key in base else None
        hidden = entry.get("hidden", False) if base is not None else False
        if hidden is not False:
            where = _("话术 {key}").format(key=key)
            if hidden is not True:
                problems.add(f"{where} hidden", _("应为 true 或 false"), entry.line)
            elif known is None:
                problems.add(where, _("话术库中没有这条话术，无法隐藏"), entry.line)
            elif key in REQUIRED:
                problems.add(where, _("工作台要用到这条话术，可以修改文字，但不能隐藏"), entry.line)
            else:
                items.append((key, None))
            continue
        allowed = SCRIPT_FIELDS if base is None else EXTRA_FIELDS
        items.append(_script(problems, entry, labels, known, allowed))
    problems.raise_for(name)
    return categories, items, name


def load_library(path: str | Path | None = None, extra: str | Path | None = None) -> Library:
    """Our library (or the one at `path`), with a centre's own file `extra` merged over
    it key by key. ScriptError with every problem and its line."""
    path = Path(path) if path else DATA
    categories, scripts, _name = _read(path, None)
    library = Library(categories, [s for s in scripts if isinstance(s, Script)])
    if extra:
        more, overrides, _extra_name = _read(Path(extra), library)
        library = library.merged(overrides, more)
    return library


def field_label(field: str) -> str:
    """A script field's name in the active language (标题, 话术内容 …)."""
    return _(FIELD_LABELS.get(field, field))
