from huifang.campaigns.cli import CampaignCommand
from huifang.campaigns.lifecycle import finish_campaign


class Command(CampaignCommand):
    help = "Finish a campaign."

    def act(self, campaign):
        finish_campaign(campaign)
