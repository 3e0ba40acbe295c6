from huifang.commands import CheckFailed, HuifangCommand
from huifang.surveys import pathtests
from huifang.surveys.management.commands._survey import read_form


class Command(HuifangCommand):
    help = "Run the path tests a questionnaire carries (tests: in its YAML)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def run(self, file, **_):
        form = read_form(file)
        outcomes = pathtests.run_all(form)
        for outcome in outcomes:
            mark = "ok  " if outcome.passed else "FAIL"
            self.say(f"{mark} {outcome.test.name}")
            for problem in outcome.problems:
                self.say(f"     {problem}")
        failed = [o for o in outcomes if not o.passed]
        result = {
            "id": form.id,
            "tests": [o.as_json() for o in outcomes],
            "passed": len(outcomes) - len(failed),
            "failed": len(failed),
        }
        self.say(f"{result['passed']} passed, {result['failed']} failed")
        if failed:
            first = failed[0]
            where = f"{file}:{first.test.line}" if first.test.line else file
            raise CheckFailed(
                f"{where}: test {first.test.name!r} failed: {first.problems[0]}", result
            )
        return result
