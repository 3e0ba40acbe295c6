from huifang.campaigns.cli import CampaignCommand
from huifang.campaigns.lifecycle import resume_campaign


class Command(CampaignCommand):
    help = "Resume a campaign."

    def act(self, campaign):
        resume_campaign(campaign)
