"""Linting and enumerating the paths of a generated questionnaire with 200 questions
and 50 branches (25 jumps, 25 conditions), against simply loading and validating the
same file in the same run. Targets: lint under 0.5 s of CPU, ≤ 10× the load time.

    uv run python bench/survey.py [QUESTIONS] [BRANCHES]
"""

import sys
import time
from pathlib import Path

QUESTIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
BRANCHES = int(sys.argv[2]) if len(sys.argv) > 2 else 50
ROUNDS = 5


def generated(questions: int, branches: int) -> str:
    """A plausible long questionnaire: scales and choices, every fourth question a
    branch point — alternately a jump past the next question and a condition on it."""
    sys.path.insert(0, str(Path(__file__).parents[1]))
    from tests.surveys.forms import around

    items = []
    every = max(1, questions // branches)
    made = 0
    for i in range(questions):
        qid = f"q{i}"
        if i % 3 == 0:
            item = {
                "id": qid,
                "text": f"您对第{i}项服务的评价是？",
                "type": "scale",
                "scale": {"min": 1, "max": 5, "labels": {1: "很不满意", 5: "很满意"}},
            }
        else:
            item = {
                "id": qid,
                "text": f"第{i}个问题，您的情况是？",
                "type": "single",
                "options": [
                    {"value": "a", "label": "是"},
                    {"value": "b", "label": "不是"},
                    {"value": "c", "label": "说不清"},
                ],
            }
        if i % every == 0 and made < branches and 0 < i < questions - 2:
            if made % 2 == 0 and item["type"] == "single":
                item["options"][1]["goto"] = f"q{i + 2}"
            else:
                prev = items[-1]
                item["when"] = (
                    f"{prev['id']} <= 3" if prev["type"] == "scale" else f"{prev['id']} == 'a'"
                )
            made += 1
        items.append(item)
    return around(items, id="bench", title="基准问卷")


def cpu(work) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    from huifang.surveys import loading, paths, report
    from huifang.surveys.phrases import load_phrases

    text = generated(QUESTIONS, BRANCHES)
    form = loading.loads(text, "bench.yaml")
    load_phrases()  # read the phrase lists once, as a running system has
    load = cpu(lambda: loading.loads(text, "bench.yaml"))
    linted = cpu(lambda: report.lint_report(loading.loads(text, "bench.yaml")))
    listed = cpu(lambda: paths.analyse(loading.loads(text, "bench.yaml"), limit=1000))
    result = report.lint_report(form)
    print(
        f"questionnaire: {len(form.questions)} questions, {BRANCHES} branches, "
        f"{len(text.encode()) / 1024:.0f} KiB, {result['paths']:,} paths, "
        f"{len(result['findings'])} findings"
    )
    print(f"load + validate        {load * 1000:8.1f} ms CPU")
    # Both include loading the file: a fresh questionnaire parses its conditions anew.
    print(f"load + lint + paths    {linted * 1000:8.1f} ms CPU  = {linted / load:5.1f}x load")
    print(f"load + list 1,000      {listed * 1000:8.1f} ms CPU  = {listed / load:5.1f}x load")
    print(
        f"targets: lint < 500 ms CPU ({'met' if linted < 0.5 else 'MISSED'}), "
        f"<= 10x load ({'met' if linted / load <= 10 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
