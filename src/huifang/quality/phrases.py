"""Every listed phrase found in one pass (Aho-Corasick, pyahocorasick).

A `PhraseIndex` is built once from named phrase lists and then finds, in any text, every
occurrence of every phrase with the lists it belongs to. Phrases are matched as they
are written; full-width and half-width punctuation in the text do not matter because
phrases hold none."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ahocorasick


@dataclass(frozen=True)
class Hit:
    start: int  # index of the first character in the text
    end: int  # one past the last character
    phrase: str
    lists: tuple[str, ...]


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

    def lists_in(self, text: str) -> dict[str, list[Hit]]:
        """The hits in `text` grouped by list name."""
        found: dict[str, list[Hit]] = {}
        for hit in self.find(text):
            for name in hit.lists:
                found.setdefault(name, []).append(hit)
        return found
