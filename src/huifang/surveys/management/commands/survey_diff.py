from huifang.commands import HuifangCommand
from huifang.surveys.diff import diff
from huifang.surveys.management.commands._survey import read_form_or_version


class Command(HuifangCommand):
    help = "What changed between two questionnaires: files or stored versions (slug@N)."

    def add_arguments(self, parser):
        parser.add_argument("old")
        parser.add_argument("new")

    def run(self, old, new, **_):
        before, old_name = read_form_or_version(old)
        after, new_name = read_form_or_version(new)
        changes = diff(before, after)
        self.say(f"--- {old_name}\n+++ {new_name}")
        for change in changes:
            self.say(change.line())
        if not changes:
            self.say("no changes")
        return {"old": old_name, "new": new_name, "changes": [c.as_json() for c in changes]}
