"""`huifang check` (and every start) says when the script files cannot be used, with
the file, line and reason, instead of a page failing later."""

from django.conf import settings
from django.core import checks

from huifang.scripts.reading import ScriptError


@checks.register()
def script_files(app_configs=None, **kwargs):
    from huifang.scripts.care import load_care
    from huifang.scripts.store import base_library

    errors = []
    for load, hint in (
        (lambda: base_library(settings.HUIFANG.get("SCRIPTS_FILE")), "HUIFANG_SCRIPTS"),
        (load_care, "scripts/data/care.yaml"),
    ):
        try:
            load()
        except ScriptError as exc:
            errors.append(checks.Error(str(exc), hint=hint, id="scripts.E001"))
    return errors
