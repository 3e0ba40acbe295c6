"""What a regular expression cannot match without: texts one of which every match
holds. A check's pattern is then tried only on the segments where the call's one
Aho-Corasick pass found such a text (`matching.regex`), instead of being run over
the whole call.

    needed(re.compile("您不愿意.{0,12}对吗"))        → ["您不愿意"]
    needed(re.compile("[路街道]\\d+号"))             → ["号"]
    needed(re.compile("1[3-9]\\d{9}|0\\d{2,3}-\\d+"))  → ["1", "0"]
    needed(re.compile("\\d{11}"))                    → None: nothing is certain"""

import re
import re._constants as sre
import re._parser as sre_parse

REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def needed(pattern: re.Pattern) -> list[str] | None:
    """Texts one of which every match of `pattern` holds, or None when none is known
    (a pattern that ignores case, or one built only of classes and repeats)."""
    if pattern.flags & re.IGNORECASE:
        return None
    return _needed(sre_parse.parse(pattern.pattern, pattern.flags).data)


def _needed(items) -> list[str] | None:
    """The best choice in a sequence: of all the requirements its items make, the one
    whose shortest text is longest (the fewest segments to try), then the fewest texts."""
    choices: list[list[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            choices.append(["".join(run)])
            run = []
        found = _item(op, av)
        if found:
            choices.append(found)
    if run:
        choices.append(["".join(run)])
    if not choices:
        return None
    return max(choices, key=lambda texts: (min(map(len, texts)), -len(texts)))


def _item(op, av) -> list[str] | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _needed(sub.data)
    if op is sre.BRANCH:
        texts = []
        for branch in av[1]:
            found = _needed(branch.data)
            if found is None:
                return None  # a branch that needs nothing lets any text through
            texts.extend(found)
        return texts
    if op in REPEATS:
        low, _high, sub = av
        return _needed(sub.data) if low >= 1 else None
    if op is sre.IN and all(kind is sre.LITERAL for kind, _ in av):
        return [chr(code) for _, code in av]
    return None
