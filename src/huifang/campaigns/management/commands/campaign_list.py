from huifang.campaigns.cli import summary
from huifang.campaigns.models import Campaign
from huifang.commands import HuifangCommand


class Command(HuifangCommand):
    help = "List campaigns with their open tasks by reason."

    def run(self, **_):
        rows = [summary(c) for c in Campaign.objects.order_by("id")]
        for row in rows:
            waiting = ", ".join(f"{k} {n}" for k, n in row["open_by_reason"].items()) or "—"
            self.say(
                f"{row['id']:>4}  {row['status']:<9} {row['tasks']:>7}  {row['name']}  [{waiting}]"
            )
        return rows
