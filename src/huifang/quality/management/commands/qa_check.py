import json
import os
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from huifang.commands import STREAMED, BadInput, CheckFailed, HuifangCommand
from huifang.placed import PlacedError
from huifang.quality.batch import check_files, read_file
from huifang.quality.inspect import Report, inspect
from huifang.quality.rules import load_rules


class Command(HuifangCommand):
    help = (
        "Check call transcripts against the QA rules (quality.md): a file, or every "
        "*.json in a folder (one JSON object per line with --format json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FILE|FOLDER")
        parser.add_argument("--rules", help="a centre's rules file, laid over ours")
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="processes checking a folder at once (default: one per core)",
        )

    def run(self, path, rules=None, jobs=1, **_options):
        try:
            rule_set = load_rules(rules or settings.HUIFANG["QA_RULES_FILE"])
        except PlacedError as exc:
            raise BadInput(exc.first) from None
        target = Path(path)
        if not target.exists():
            raise BadInput(_("{path}：文件或文件夹不存在").format(path=path))
        if target.is_file():
            report = inspect(self.read(target), rule_set)
            self.say(described(target, report))
            if not report.passed:
                raise CheckFailed(failed(target, report), report.as_json())
            return report.as_json()
        return self.folder(target, rule_set, max(1, jobs))

    def read(self, file: Path):
        try:
            return read_file(file)
        except PlacedError as exc:
            raise BadInput(exc.first) from None

    def folder(self, folder: Path, rule_set, jobs: int):
        files = sorted(folder.glob("*.json"))
        if not files:
            raise BadInput(_("{path}：文件夹中没有 .json 文件").format(path=folder))
        bad, failing, scores = [], [], []
        keep = as_json_line if self.json_output else as_text
        for _file, kept, problem in check_files(files, rule_set, jobs, keep):
            if problem:
                bad.append(problem)
                self.stderr.write(f"huifang: {problem}")
                continue
            text, score, why = kept
            scores.append(score)
            if why:
                failing.append(why)
            self.stdout.write(text)
        self.say(
            _("共 {n} 通：合格 {ok}，不合格 {failed}，无法检查 {bad}；平均 {avg} 分").format(
                n=len(files),
                ok=len(scores) - len(failing),
                failed=len(failing),
                bad=len(bad),
                avg=round(sum(scores) / len(scores), 1) if scores else "—",
            )
        )
        if bad:
            raise BadInput(
                _("{n} 个文件无法检查；第一个：{first}").format(n=len(bad), first=bad[0])
            )
        if failing:
            raise CheckFailed(
                _("{n} 通不合格；第一个：{first}").format(n=len(failing), first=failing[0])
            )
        return STREAMED


# What a worker process hands back for each call: its printed form, its score and, when
# it fails, why (batch.check_files `keep`).
def as_json_line(file: Path, report: Report) -> tuple[str, int, str]:
    text = json.dumps(report.as_json(), ensure_ascii=False)
    return text, report.score, "" if report.passed else failed(file, report)


def as_text(file: Path, report: Report) -> tuple[str, int, str]:
    return described(file, report), report.score, "" if report.passed else failed(file, report)


def failed(file: Path, report: Report) -> str:
    red = [f.rule for f in report.findings if f.red_line]
    why = (
        _("红线 {rule}").format(rule=red[0]) if red else _("{score} 分").format(score=report.score)
    )
    return _("{file}：{call} 不合格（{why}）").format(file=file, call=report.call_id, why=why)


def described(file: Path, report: Report) -> str:
    verdict = _("合格") if report.passed else _("不合格")
    lines = [f"{file}  {report.call_id}  {report.score}  {verdict}"]
    for f in report.findings:
        where = _("第 {n} 段").format(n=f.segment + 1) if f.segment is not None else "—"
        at = f"{f.start:.1f}s" if f.start is not None else ""
        red = _("（红线）") if f.red_line else ""
        lines.append(f"  {where:<6} {at:>7}  {f.rule}{red}  -{f.deduction}  {f.evidence}")
        if f.suggestion:
            lines.append("                 " + _("建议：{text}").format(text=f.suggestion))
    if report.speech_rate is not None:
        lines.append("  " + _("语速 {rate} 字/分钟").format(rate=report.speech_rate))
    if report.not_measurable:
        lines.append("  " + _("无法判断：{rules}").format(rules=", ".join(report.not_measurable)))
    return "\n".join(lines)
