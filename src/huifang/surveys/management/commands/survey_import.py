from huifang.commands import BadInput, HuifangCommand
from huifang.surveys import loading, report
from huifang.surveys.store import save_version


class Command(HuifangCommand):
    help = "Store a questionnaire file as a new version (unchanged content: the same version)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def run(self, file, **_):
        try:
            source = loading.read_source(file)
            version, created = save_version(source, name=file)
        except loading.SurveyError as exc:
            raise BadInput(exc.first) from None
        problems = report.blocking(version.form)
        self.say(f"{version} {'stored' if created else 'unchanged'} ({version.digest[:12]})")
        for problem in problems:
            self.say(f"  not ready for a campaign: {problem}")
        return {
            "id": version.questionnaire.slug,
            "version": version.number,
            "digest": version.digest,
            "created": created,
            "ready": not problems,
            "problems": problems,
        }
