"""The phrase lists of the questionnaire linter's wording rules (leading questions,
double-barrelled questions, "don't know" options, jargon): `data/phrases.yaml`,
extended by a centre's own file with the same keys. Each list becomes one regex,
compiled once."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from huifang.text import _

PHRASES_FILE = Path(__file__).parent / "data" / "phrases.yaml"
PHRASE_KEYS = (
    "leading",
    "connectors",
    "judgements",
    "choice_words",
    "one_word",
    "people",
    "dont_know",
    "negations",
    "yes_no",
    "jargon",
)


class PhrasesError(ValueError):
    def __init__(self, path: str | Path, key: str | None, reason: str):
        self.path, self.key, self.reason = str(path), key, reason
        super().__init__(f"{path}: {key}: {reason}" if key else f"{path}: {reason}")


def _alternation(words, *, ascii_whole: bool = False) -> str:
    """One regex alternative per word, longest first (索赔件 before 索赔). With
    `ascii_whole`, a word that starts or ends with a Latin letter or digit must not
    touch another one there (PDI, not PDIX), and matches in any case."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        part = re.escape(word).replace("…", r"[^。？！?!；;\n]{0,30}?")
        if ascii_whole and re.search(r"[A-Za-z]", word):
            head = r"(?<![A-Za-z0-9])" if re.match(r"[A-Za-z0-9]", word) else ""
            tail = r"(?![A-Za-z0-9])" if re.search(r"[A-Za-z0-9]$", word) else ""
            part = f"{head}(?i:{part}){tail}"
        parts.append(part)
    return "|".join(parts) or r"(?!x)x"


@dataclass(frozen=True)
class Phrases:
    """The wording heuristics' lists (see data/phrases.yaml for what each is)."""

    leading: tuple[str, ...] = ()
    connectors: tuple[str, ...] = ()
    judgements: tuple[str, ...] = ()
    choice_words: tuple[str, ...] = ()
    one_word: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    dont_know: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    yes_no: tuple[tuple[str, str], ...] = ()
    jargon: tuple[tuple[str, str], ...] = ()  # (term, what to say instead or "")

    @cached_property
    def leading_re(self) -> re.Pattern:
        return re.compile(_alternation(self.leading))

    @cached_property
    def connector_re(self) -> re.Pattern:
        return re.compile(_alternation(self.connectors))

    @cached_property
    def one_word_re(self) -> re.Pattern:
        return re.compile(_alternation(self.one_word))

    @cached_property
    def jargon_re(self) -> re.Pattern:
        return re.compile(_alternation([t for t, _plain in self.jargon], ascii_whole=True))

    @cached_property
    def plain(self) -> dict[str, tuple[str, str]]:
        """A matched term (lower case) → the term as listed and its plainer wording."""
        return {t.lower(): (t, p) for t, p in self.jargon}


def _read_phrases(path: Path, *, complete: bool) -> dict[str, list]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PhrasesError(path, None, _("文件不存在")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PhrasesError(path, None, _("无法读取（{reason}）").format(reason=exc)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("第 {line} 行：").format(line=mark.line + 1) if mark is not None else ""
        problem = getattr(exc, "problem", None) or exc
        raise PhrasesError(
            path, None, where + _("不是有效的 YAML（{problem}）").format(problem=problem)
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PhrasesError(path, None, _("应为映射（leading、jargon……各是一个列表）"))
    for key in data:
        if key not in PHRASE_KEYS:
            allowed = "、".join(PHRASE_KEYS)
            raise PhrasesError(path, key, _("未知的列表（可用：{keys}）").format(keys=allowed))
    if complete:
        for key in PHRASE_KEYS:
            if key not in data:
                raise PhrasesError(path, key, _("缺少这个列表"))
    return {key: _entries(path, key, value) for key, value in data.items()}


def _entries(path: Path, key: str, value) -> list:
    if value is None:  # a key whose entries are all commented out
        return []
    if not isinstance(value, list):
        raise PhrasesError(path, key, _("应为列表"))
    entries = []
    for i, item in enumerate(value, 1):
        plain = ""
        if key == "jargon" and isinstance(item, dict) and len(item) == 1:
            item, plain = next(iter(item.items()))
            plain = "" if plain is None else plain
        if not isinstance(item, str) or not isinstance(plain, str) or not item.strip():
            raise PhrasesError(
                path,
                key,
                _("第 {n} 项 {item!r} 应为文字（数字或 yes、no 之类请加引号）").format(
                    n=i, item=item
                ),
            )
        item = item.strip()
        if key == "yes_no":
            pair = tuple(p.strip() for p in item.split("/"))
            if len(pair) != 2 or not all(pair):
                raise PhrasesError(
                    path, key, _("第 {n} 项 {item!r} 应写成“是/否”").format(n=i, item=item)
                )
            entries.append(pair)
        elif key == "jargon":
            entries.append((item, plain.strip()))
        else:
            entries.append(item)
    return entries


@functools.lru_cache(maxsize=16)
def _phrases(centre: str | None, stamp: tuple) -> Phrases:
    lists = _read_phrases(PHRASES_FILE, complete=True)
    if centre is not None:
        for key, more in _read_phrases(Path(centre), complete=False).items():
            lists[key] = lists[key] + more
    return Phrases(**{key: tuple(dict.fromkeys(items)) for key, items in lists.items()})


def load_phrases(path: str | Path | None = None) -> Phrases:
    """Our phrase lists, extended by a centre's file (same keys) when given; read
    once for each version of the files. PhrasesError names the file and the key."""

    def stamp(p: Path) -> tuple:
        try:
            s = p.stat()
            return (s.st_mtime_ns, s.st_size)
        except OSError:
            return ()

    files = (PHRASES_FILE,) if path is None else (PHRASES_FILE, Path(path))
    return _phrases(None if path is None else str(path), tuple(stamp(p) for p in files))
