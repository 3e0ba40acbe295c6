from django.db.models import Count

from huifang.commands import HuifangCommand
from huifang.surveys.models import Questionnaire


class Command(HuifangCommand):
    help = "The stored questionnaires and their newest versions."

    def run(self, **_):
        rows = []
        listed = Questionnaire.objects.prefetch_related("versions").annotate(
            campaign_count=Count("campaigns", distinct=True)
        )
        for questionnaire in listed:
            versions = sorted(questionnaire.versions.all(), key=lambda v: v.number)
            newest = versions[-1] if versions else None
            rows.append(
                {
                    "id": questionnaire.slug,
                    "title": questionnaire.title,
                    "versions": len(versions),
                    "newest": newest.number if newest else None,
                    "digest": newest.digest if newest else None,
                    "campaigns": questionnaire.campaign_count,
                }
            )
            self.say(f"{questionnaire.slug:<28} v{rows[-1]['newest']}  {questionnaire.title}")
        return rows
