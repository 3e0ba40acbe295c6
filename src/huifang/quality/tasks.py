"""Background work of quality inspection, run by `huifang worker` (django-tasks). A task
takes the transcript's id and loads the row fresh."""

from django_tasks import task

from huifang.quality.checking import check
from huifang.quality.models import CallTranscript


@task()
def check_transcript(transcript_id: int) -> int | None:
    """Check one stored transcript; its score, or None when it has gone."""
    row = CallTranscript.objects.filter(pk=transcript_id).first()
    return None if row is None else check(row).score
