"""Saving questionnaires as versions (E6). A version is identified by the hash of its
content — the questionnaire as printed back from what was loaded, so re-saving the
same questionnaire (even re-spaced) finds the version it already is, and any change
to its content makes the next version. Nothing is overwritten."""

import hashlib
from pathlib import Path

from django.db import transaction

from huifang.surveys import loading, printing
from huifang.surveys.models import Questionnaire, Version


def digest(form) -> str:
    return hashlib.sha256(printing.dumps(form).encode("utf-8")).hexdigest()


def save_version(source: str, user=None, name: str = "", builtin: bool = False):
    """Store `source` as the newest version of its questionnaire (by its `id`), unless
    that content is already a version. Returns (version, created). SurveyError when
    the YAML is not a questionnaire; nothing is stored then."""
    form = loading.loads(source, name or "<questionnaire>")
    content = digest(form)
    with transaction.atomic():
        questionnaire, _ = Questionnaire.objects.select_for_update().get_or_create(
            slug=form.id, defaults={"title": form.title, "builtin": builtin}
        )
        known = questionnaire.versions.filter(digest=content).first()
        if known is not None:
            return known, False
        last = questionnaire.current()
        version = Version.objects.create(
            questionnaire=questionnaire,
            number=(last.number + 1) if last else 1,
            digest=content,
            source=source,
            created_by=user,
        )
        if questionnaire.title != form.title:
            questionnaire.title = form.title
            questionnaire.save(update_fields=["title"])
    return version, True


def find_version(reference: str) -> Version | None:
    """A stored version by `slug@N`, or the newest by `slug`."""
    slug, _, number = reference.partition("@")
    versions = Version.objects.filter(questionnaire__slug=slug).select_related("questionnaire")
    if number:
        if not number.isdigit():
            return None
        return versions.filter(number=int(number)).first()
    return versions.order_by("-number").first()


BUILTIN = Path(__file__).parent / "builtin"


def install_builtins() -> dict[str, Version]:
    """Store the built-in questionnaires (each is a version once; re-running adds
    nothing unless a built-in changed)."""
    installed = {}
    for path in sorted(BUILTIN.glob("*.yaml")):
        version, _ = save_version(path.read_text(encoding="utf-8"), name=path.name, builtin=True)
        installed[version.questionnaire.slug] = version
    return installed
