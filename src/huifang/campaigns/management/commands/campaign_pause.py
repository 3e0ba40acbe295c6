from huifang.campaigns.cli import CampaignCommand
from huifang.campaigns.lifecycle import pause_campaign


class Command(CampaignCommand):
    help = "Pause a campaign."

    def act(self, campaign):
        pause_campaign(campaign)
