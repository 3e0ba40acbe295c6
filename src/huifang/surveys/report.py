"""What the survey commands and pages report, in the shapes of formats.md: the lint
report (findings, how many routes, the longest, its estimate), the routes of test
mode, and why a questionnaire cannot go live yet."""

from __future__ import annotations

from huifang.surveys import lint, paths, pathtests
from huifang.surveys.questionnaire import Questionnaire
from huifang.text import _


def lint_report(form: Questionnaire, phrases=None) -> dict:
    analysis = lint.analysed(form)
    findings = lint.lint(form, phrases, analysis)
    return {
        "id": form.id,
        "findings": [f.as_json() for f in findings],
        "paths": analysis.count if analysis else None,
        "longest_path": list(analysis.longest.questions) if analysis else None,
        "estimated_seconds": round(analysis.longest.seconds) if analysis else None,
    }


def errors(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["severity"] == "error"]


def route_json(route: paths.Route) -> dict:
    return {
        "questions": list(route.questions),
        "end": route.end,
        "witness": route.witness,
        "seconds": round(route.seconds),
    }


def paths_report(form: Questionnaire, limit: int = 1000) -> dict:
    analysis = paths.analyse(form, limit=limit)
    return {
        "id": form.id,
        "paths": analysis.count,
        "listed": len(analysis.routes),
        "routes": [route_json(r) for r in analysis.routes],
        "shortest": route_json(analysis.shortest),
        "longest": route_json(analysis.longest),
        "average_seconds": round(analysis.average_seconds),
        "average_questions": round(analysis.average_questions, 1),
        "unreachable": list(analysis.unreachable),
        "time_model": paths.timing(),
    }


def blocking(form: Questionnaire) -> list[str]:
    """Why a campaign may not launch with this questionnaire: its lint errors and its
    failing path tests, one line each (empty when it may)."""
    checked = lint_report(form)
    found = [
        _("{rule}（{where}）：{message}").format(
            rule=f["rule"], where=f["question"] or _("问卷"), message=f["message"]
        )
        for f in errors(checked)
    ]
    if checked["paths"] is None:
        found.append(_("分支太多，无法检查每道题能否问到、问卷是否太长"))
    found += [
        _("路径测试“{name}”未通过：{problem}").format(name=o.test.name, problem=o.problems[0])
        for o in pathtests.run_all(form)
        if not o.passed
    ]
    return found
