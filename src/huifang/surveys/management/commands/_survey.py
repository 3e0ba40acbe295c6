"""What the survey commands share: reading a questionnaire file (or a stored
version) with the one-line error of the command contract."""

from pathlib import Path

from django.conf import settings

from huifang.commands import BadInput
from huifang.surveys import loading
from huifang.surveys.phrases import PhrasesError, load_phrases


def read_form(path: str):
    try:
        return loading.load(path)
    except loading.SurveyError as exc:
        raise BadInput(exc.first) from None


def read_form_or_version(reference: str):
    """A file, or a stored version as `slug@N` (`slug` alone: the newest)."""
    from huifang.surveys.store import find_version

    if Path(reference).exists() or reference.endswith((".yaml", ".yml")):
        return read_form(reference), reference
    version = find_version(reference)
    if version is None:
        raise BadInput(f"{reference}: no such file, and no stored questionnaire version")
    return version.form, str(version)


def phrases(path: str | None):
    try:
        return load_phrases(path or settings.HUIFANG.get("SURVEY_PHRASES_FILE"))
    except PhrasesError as exc:
        raise BadInput(str(exc)) from None
