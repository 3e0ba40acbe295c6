"""The `huifang` command: a thin front over Django management commands.

`huifang import customers FILE` runs the management command `import_customers`;
two-word commands are joined with an underscore, the rest pass through as they are
(`huifang migrate`, `huifang createsuperuser`, …)."""

import os
import sys

# Commands whose first two words name one management command.
GROUPS = {"import", "schedule", "campaign", "calendar", "survey", "qa", "sla", "report", "voice"}

USAGE = """usage: huifang COMMAND [ARGS]

  demo                      start with demo data on http://127.0.0.1:8000
  serve                     serve the system (gunicorn)
  worker                    run background tasks
  migrate                   create or upgrade the database
  createuser NAME --role R  add a user (agent, supervisor, qa, dept, admin)
  import customers FILE     import customers from .xlsx or .csv
  import sales FILE         import dealer sales counts per quarter
  schedule next-slot        the next allowed call time for a number
  campaign list|launch|pause|resume|finish|preview
  survey lint|paths|test FILE   check a questionnaire, list its paths, run its tests
  survey diff A B           what changed between two questionnaires (files or id@N)
  survey import FILE / survey list
  qa check FILE|FOLDER      check call transcripts against the QA rules
  sla due --from ISO --hours H   when H working hours have passed (SLA clock)
  backup FILE / restore FILE
  help COMMAND              a command's options
"""


def command_name(argv: list[str]) -> tuple[str, list[str]]:
    if argv[0] in GROUPS and len(argv) > 1 and not argv[1].startswith("-"):
        return f"{argv[0]}_{argv[1].replace('-', '_')}", argv[2:]
    return argv[0].replace("-", "_"), argv[1:]


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        sys.stdout.write(USAGE)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huifang.settings")
    from huifang.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as exc:
        sys.stderr.write(f"huifang: {exc}\n")
        sys.exit(2)
    from django.core.management import get_commands, load_command_class

    if argv[0] == "help" and len(argv) > 1:
        argv = [*argv[1:], "--help"]
    name, rest = command_name(argv)
    app = get_commands().get(name)
    if app is None:
        sys.stderr.write(f"huifang: unknown command {' '.join(argv[:2])!r}; see 'huifang --help'\n")
        sys.exit(2)
    command = load_command_class(app, name)
    command.run_from_argv(["huifang", name, *rest])


if __name__ == "__main__":
    main()
