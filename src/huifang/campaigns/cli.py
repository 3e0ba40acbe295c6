"""What the `huifang campaign …` commands share."""

from django.utils import timezone

from huifang.campaigns.models import Campaign
from huifang.campaigns.waiting import waiting
from huifang.commands import BadInput, HuifangCommand


def find(ref: str) -> Campaign:
    campaign = (
        Campaign.objects.filter(pk=int(ref)).first()
        if ref.isdigit()
        else Campaign.objects.filter(name=ref).first()
    )
    if campaign is None:
        raise BadInput(f"campaign {ref!r}: no campaign with that id or name")
    return campaign


def summary(campaign: Campaign) -> dict:
    now = timezone.now()
    wait = waiting([campaign], now)
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "kind": campaign.kind,
        "status": campaign.status,
        "tasks": campaign.tasks.count(),
        "open_by_reason": wait.counts,
        "next_callable": wait.next_at.isoformat() if wait.next_at else None,
    }


class CampaignCommand(HuifangCommand):
    """`huifang campaign VERB ID`: one lifecycle step on one campaign."""

    verb = ""

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="id or name")

    def run(self, campaign, **_):
        target = find(campaign)
        try:
            result = self.act(target)
        except ValueError as exc:
            raise BadInput(str(exc)) from None
        target.refresh_from_db()
        self.say(f"{target.name}: {target.get_status_display()}")
        return {**summary(target), **(result or {})}

    def act(self, campaign: Campaign) -> dict | None:
        raise NotImplementedError
