from huifang.commands import BadInput, HuifangCommand
from huifang.surveys import paths, report
from huifang.surveys.management.commands._survey import read_form


def _minutes(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


class Command(HuifangCommand):
    help = "Test mode: every answer path through a questionnaire, with answers that take it."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--limit", type=int, default=1000, help="list at most this many paths")

    def run(self, file, limit, **_):
        if limit < 0:
            raise BadInput(f"--limit {limit}: must be 0 or more")
        form = read_form(file)
        try:
            result = report.paths_report(form, limit=limit)
        except paths.TooManyRoutes as exc:
            raise BadInput(f"{file}: {exc}") from None
        for n, route in enumerate(result["routes"], 1):
            witness = " ".join(f"{k}={v}" for k, v in route["witness"].items())
            self.say(
                f"{n:>3}. [{route['end']}] {' → '.join(route['questions'])}  ({_minutes(route['seconds'])})"
            )
            self.say(f"     {witness}")
        if result["listed"] < result["paths"]:
            self.say(f"… {result['paths'] - result['listed']} more paths not listed (--limit)")
        self.say(
            f"{result['paths']} paths; shortest {len(result['shortest']['questions'])} questions "
            f"({_minutes(result['shortest']['seconds'])}), longest "
            f"{len(result['longest']['questions'])} ({_minutes(result['longest']['seconds'])}), "
            f"average {result['average_questions']} ({_minutes(result['average_seconds'])})"
        )
        if result["unreachable"]:
            self.say(f"unreachable: {' '.join(result['unreachable'])}")
        return result
