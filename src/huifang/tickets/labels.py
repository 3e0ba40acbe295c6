"""A ticket's keys as people read them: a department by its name (routing.yaml), an
intake field and its value by their labels (intake.yaml) — one place for the model,
the timeline and the board. A key the files no longer know is shown as it is."""

from huifang.tickets.intake import default_checklist
from huifang.tickets.routing import default_table


def department_name(key: str) -> str:
    found = default_table().departments.get(key)
    return found.name if found else key


def field_label(key: str) -> str:
    return next((f.label for f in default_checklist().fields if f.key == key), key)


def value_label(key: str, value: str) -> str:
    """An intake value as the form shows it: a category, customer type or severity by
    its label, anything else as written."""
    checklist = default_checklist()
    found = {
        "category": default_table().categories,
        "customer_type": checklist.customer_types,
        "severity": checklist.severities,
    }.get(key, {}).get(value)
    return found.label if found else value
