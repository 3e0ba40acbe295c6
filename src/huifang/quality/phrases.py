"""Every listed phrase found in one pass (Aho-Corasick, pyahocorasick).

A `PhraseIndex` is built once from named phrase lists and then finds, in any text, every
occurrence of every phrase with the lists it belongs to. Phrases are matched as they
are written; full-width and half-width punctuation in the text do not matter because
phrases hold none."""

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import accumulate

import ahocorasick

SEPARATOR = "\n"  # between the texts searched together; no phrase holds one


@dataclass(frozen=True)
class Hit:
    start: int  # index of the first character in the text
    end: int  # one past the last character
    phrase: str
    lists: tuple[str, ...]


class Joined:
    """Several texts searched as one, with the way back from a position to its text."""

    def __init__(self, texts: list[str]):
        self.text = SEPARATOR.join(texts)
        self.starts = [0, *accumulate(len(t) + 1 for t in texts)][:-1]

    def owner(self, position: int) -> int:
        """The index of the text that holds `position`."""
        return bisect_right(self.starts, position) - 1


class PhraseIndex:
    """The phrases of several named lists, searchable together."""

    def __init__(self, lists: Mapping[str, Iterable[str]]):
        owners: dict[str, list[str]] = {}
        for name, phrases in lists.items():
            for phrase in phrases:
                if phrase and name not in owners.setdefault(phrase, []):
                    owners[phrase].append(name)
        self._automaton = ahocorasick.Automaton()
        for phrase, names in owners.items():
            self._automaton.add_word(phrase, (phrase, tuple(names)))
        self.empty = not owners
        if not self.empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Hit]:
        """Every occurrence in `text`, in order of where it ends."""
        if self.empty:
            return []
        return [
            Hit(end + 1 - len(phrase), end + 1, phrase, names)
            for end, (phrase, names) in self._automaton.iter(text)
        ]

    def in_each(self, joined: Joined) -> tuple[list[dict[str, str]], dict[str, set[int]]]:
        """For each text of `joined`, the lists found in it with the first phrase of
        each; and for each list, the texts it was found in. One pass over all of
        them, so a call's segments cost one search."""
        found: list[dict[str, str]] = [{} for _ in joined.starts]
        having: dict[str, set[int]] = {}
        if self.empty:
            return found, having
        for end, (phrase, names) in self._automaton.iter(joined.text):
            owner = joined.owner(end)
            lists = found[owner]
            for name in names:
                if name not in lists:
                    lists[name] = phrase
                    having.setdefault(name, set()).add(owner)
        return found, having
