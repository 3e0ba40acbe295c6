from huifang.campaigns.cli import CampaignCommand
from huifang.campaigns.lifecycle import launch_campaign


class Command(CampaignCommand):
    help = "Launch a draft campaign: create its call tasks."

    def act(self, campaign):
        created = launch_campaign(campaign)
        self.say(f"生成 {created} 个回访任务")
        return {"created": created}
