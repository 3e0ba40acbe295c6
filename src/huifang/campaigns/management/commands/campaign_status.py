from huifang.campaigns.cli import CampaignCommand


class Command(CampaignCommand):
    help = "A campaign's open tasks by the reason they are not callable now."

    def act(self, campaign):
        return None
