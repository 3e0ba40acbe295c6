from huifang.commands import CheckFailed, HuifangCommand
from huifang.surveys import report
from huifang.surveys.management.commands._survey import phrases as read_phrases
from huifang.surveys.management.commands._survey import read_form


class Command(HuifangCommand):
    help = "Check a questionnaire against the design rules (formats.md rule ids)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--phrases", help="a centre's phrase lists (jargon…), added to ours")

    def run(self, file, phrases=None, **_):
        form = read_form(file)
        result = report.lint_report(form, read_phrases(phrases))
        for f in result["findings"]:
            where = f"{file}:{f['line']}" if f["line"] else file
            question = f" {f['question']}" if f["question"] else ""
            self.say(f"{where}: {f['severity']} {f['rule']}{question}: {f['message']}")
        if result["paths"] is not None:
            minutes, seconds = divmod(result["estimated_seconds"], 60)
            self.say(
                f"{result['paths']} paths; longest {len(result['longest_path'])} questions, "
                f"about {minutes} min {seconds} s"
            )
        bad = report.errors(result)
        if bad:
            first = bad[0]
            raise CheckFailed(
                f"{file}: {len(bad)} error(s); first: {first['rule']} {first['message']}", result
            )
        return result
