from dataclasses import asdict

from django.utils import timezone

from huifang.campaigns.cli import CampaignCommand
from huifang.campaigns.targeting import preview


class Command(CampaignCommand):
    help = "How many customers a campaign would call, and how many each exclusion removes."

    def act(self, campaign):
        counts = asdict(preview(campaign, timezone.now()))
        for key, n in counts.items():
            self.say(f"  {key:<16} {n}")
        return {"preview": counts}
