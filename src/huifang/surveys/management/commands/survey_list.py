from huifang.commands import HuifangCommand
from huifang.surveys.models import Questionnaire


class Command(HuifangCommand):
    help = "The stored questionnaires and their newest versions."

    def run(self, **_):
        rows = []
        for questionnaire in Questionnaire.objects.prefetch_related("versions"):
            versions = sorted(questionnaire.versions.all(), key=lambda v: v.number)
            newest = versions[-1] if versions else None
            rows.append(
                {
                    "id": questionnaire.slug,
                    "title": questionnaire.title,
                    "versions": len(versions),
                    "newest": newest.number if newest else None,
                    "digest": newest.digest if newest else None,
                    "campaigns": questionnaire.campaigns.count(),
                }
            )
            self.say(f"{questionnaire.slug:<28} v{rows[-1]['newest']}  {questionnaire.title}")
        return rows
