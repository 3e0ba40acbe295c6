"""Quality inspection in the system: transcripts in (API, upload), checked in the
background, reviewed by inspectors, appealed by agents, seen by the right people."""

import base64
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from huifang.campaigns.models import Attempt, CallTask
from huifang.quality import review
from huifang.quality.checking import check
from huifang.quality.models import Appeal, CallTranscript, Finding, Inspection, Verdict
from tests import factories as f
from tests.calls.centre import NOW, client_for, make_centre
from tests.quality.transcripts import CALL_LINES, replaced

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def document(lines=CALL_LINES, **fields):
    return {
        "call_id": fields.pop("call_id", "C1"),
        "direction": "outbound",
        "agent_no": fields.pop("agent_no", "1001"),
        "company": "长城汽车",
        "ended_by": fields.pop("ended_by", "customer"),
        "segments": [
            {"speaker": "agent" if w == "a" else "customer", "start": s, "end": e, "text": t}
            for w, s, e, t in lines
        ],
        **fields,
    }


TABOO_LINES = replaced(CALL_LINES, 6, "这是公司规定，没办法。")


@pytest.fixture
def qa_centre(db, settings):
    settings.TASKS = IMMEDIATE
    centre = make_centre()
    task = CallTask.objects.first()
    centre["attempt"] = Attempt.objects.create(
        task=task, customer=task.customer, agent=centre["agent"], at=NOW, outcome="completed"
    )
    centre["second"] = Attempt.objects.create(
        task=task, customer=task.customer, agent=centre["other"], at=NOW, outcome="completed"
    )
    centre["inspector"] = f.agent("qa1", role="qa")
    centre["inspector"].set_password("secret-pass-1")
    centre["inspector"].save()
    centre["agent"].set_password("secret-pass-2")
    centre["agent"].save()
    return centre


def post(client, attempt_id, body, user=None, password=None):
    headers = {}
    if user is not None:
        token = base64.b64encode(f"{user.username}:{password}".encode()).decode()
        headers["HTTP_AUTHORIZATION"] = f"Basic {token}"
    data = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return client.post(
        f"/api/v1/calls/{attempt_id}/transcript", data, content_type="application/json", **headers
    )


# --- the API -------------------------------------------------------------------------


def test_a_transcript_posted_to_the_api_is_stored_and_checked(
    qa_centre, client, django_capture_on_commit_callbacks
):
    attempt = qa_centre["attempt"]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, attempt.pk, document(TABOO_LINES), qa_centre["inspector"], "secret-pass-1"
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["attempt_id"] == attempt.pk and body["status"] == "queued"
    row = CallTranscript.objects.get(pk=body["id"])
    assert row.attempt == attempt and row.agent == qa_centre["agent"]
    inspection = row.inspection
    assert inspection.score == 80 and inspection.passed
    assert [x.rule for x in inspection.findings.all()] == ["forbidden-phrase"]


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("{not json", "不是有效的 JSON（第 1 行第 2 列"),
        (
            {
                "segments": [
                    {"speaker": "agent", "start": 0, "end": 2, "text": "您好"},
                    {"speaker": "boss", "start": 2, "end": 3, "text": "喂"},
                ]
            },
            '第 2 段（segments[1]）：speaker 应为 agent、customer 之一，不是 "boss"',
        ),
        (
            document([("a", 5.0, 6.0, "您好"), ("c", 2.0, 3.0, "喂")]),
            "第 2 段（segments[1]）：开始时间 2.0 早于上一段",
        ),
        (
            document([("a", 0.0, 6.0, "您好"), ("a", 5.0, 7.0, "喂")]),
            "第 2 段（segments[1]）：与同一说话人的第 1 段重叠",
        ),
        (
            document([("a", 3.0, 1.0, "您好")]),
            "第 1 段（segments[0]）：结束时间 1.0 早于开始时间 3.0",
        ),
        ({"call_id": "x"}, "缺少 segments"),
        (document(direction="sideways"), "direction 应为"),
    ],
)
def test_a_bad_transcript_is_refused_with_its_place_and_nothing_is_stored(
    qa_centre, client, body, place
):
    response = post(client, qa_centre["attempt"].pk, body, qa_centre["inspector"], "secret-pass-1")
    assert response.status_code == 400
    assert place in response.json()["detail"]
    assert response.json()["detail"].startswith(f"calls/{qa_centre['attempt'].pk}/transcript")
    assert not CallTranscript.objects.exists()


def test_the_api_asks_who_is_calling_and_what_they_may_do(qa_centre, client):
    attempt = qa_centre["attempt"]
    assert post(client, attempt.pk, document()).status_code == 401
    assert post(client, attempt.pk, document(), qa_centre["inspector"], "wrong").status_code == 401
    assert (
        post(client, attempt.pk, document(), qa_centre["agent"], "secret-pass-2").status_code == 403
    )
    assert (
        post(client, 999999, document(), qa_centre["inspector"], "secret-pass-1").status_code == 404
    )
    assert not CallTranscript.objects.exists()


def test_a_browser_session_posting_to_the_api_needs_the_csrf_token(qa_centre):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(qa_centre["inspector"])
    refused = post(browser, qa_centre["attempt"].pk, document())
    assert refused.status_code == 403 and not CallTranscript.objects.exists()
    browser.get("/qa/")  # the page sets the token, as htmx sends it
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(
        f"/api/v1/calls/{qa_centre['attempt'].pk}/transcript",
        json.dumps(document()),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert accepted.status_code == 201


def test_a_second_transcript_for_the_same_call_is_refused_and_the_first_kept(qa_centre, client):
    attempt = qa_centre["attempt"]
    assert (
        post(client, attempt.pk, document(), qa_centre["inspector"], "secret-pass-1").status_code
        == 201
    )
    again = post(client, attempt.pk, document(TABOO_LINES), qa_centre["inspector"], "secret-pass-1")
    assert again.status_code == 409 and "已有转写" in again.json()["detail"]
    assert CallTranscript.objects.get().segments[6]["text"] == CALL_LINES[6][3]


def test_the_api_is_described_in_openapi(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/calls/{attempt_id}/transcript"]["post"]
    assert (
        "segments"
        in operation["requestBody"]["content"]["application/json"]["schema"]["properties"]
    )


# --- upload ---------------------------------------------------------------------------


def zipped(files: dict) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in files.items():
            archive.writestr(
                name, body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
            )
    return SimpleUploadedFile("calls.zip", buffer.getvalue(), content_type="application/zip")


def test_a_zip_of_transcripts_is_stored_file_by_file(qa_centre, django_capture_on_commit_callbacks):
    attempt = qa_centre["attempt"]
    upload = zipped(
        {
            f"day1/{attempt.pk}.json": document(),
            "day1/C77.json": document(TABOO_LINES, call_id="C77", agent_no="1001"),
            "day1/broken.json": "{",
            "day1/readme.txt": "not a transcript",
            "__MACOSX/day1/._C77.json": "junk",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(qa_centre["inspector"]).post("/qa/upload/", {"files": [upload]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "已入库 2 个，未入库 1 个" in page
    assert "calls.zip/day1/broken.json: 不是有效的 JSON" in page
    attached = CallTranscript.objects.get(attempt=attempt)
    loose = CallTranscript.objects.get(call_id="C77")
    assert loose.attempt is None and loose.agent == qa_centre["agent"]  # by agent number
    assert Inspection.objects.count() == 2 and attached.inspection.score == 100


def test_the_same_call_uploaded_twice_is_refused_the_second_time(qa_centre):
    c = client_for(qa_centre["inspector"])
    for expected in ("已入库 1 个", "通话编号 C9 已经上传过"):
        upload = SimpleUploadedFile("C9.json", json.dumps(document(call_id="C9")).encode())
        assert expected in c.post("/qa/upload/", {"files": [upload]}).content.decode()
    assert CallTranscript.objects.filter(call_id="C9").count() == 1


def test_only_who_may_upload_sees_the_upload_page(qa_centre):
    assert client_for(qa_centre["agent"]).get("/qa/upload/").status_code == 403
    assert client_for(qa_centre["supervisor"]).get("/qa/upload/").status_code == 200


# --- the worker -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_background_worker_checks_what_was_queued(settings):
    centre = make_centre()
    task = CallTask.objects.first()
    attempt = Attempt.objects.create(
        task=task, customer=task.customer, agent=centre["agent"], at=NOW
    )
    inspector = f.agent("qa1", role="qa")
    from huifang.quality import intake
    from huifang.quality.transcript import parse_transcript

    row = intake.attach(
        parse_transcript(document(TABOO_LINES), "t"), source="t", by=inspector, attempt=attempt
    )
    assert not Inspection.objects.exists()  # queued, not yet checked
    call_command("worker", "--batch", "--interval", "0")
    assert Inspection.objects.get(transcript=row).score == 80


# --- review ---------------------------------------------------------------------------


def checked(centre, lines=TABOO_LINES, attempt="attempt"):
    from huifang.quality import intake
    from huifang.quality.transcript import parse_transcript

    row = intake.attach(
        parse_transcript(document(lines, ended_by="agent"), "t"),
        source="t",
        by=centre["inspector"],
        attempt=centre[attempt],
    )
    return check(row)


def test_an_overturned_finding_stops_counting_and_is_kept(qa_centre):
    inspection = checked(qa_centre)
    assert inspection.score == 70  # forbidden-phrase 20 + agent-hung-up-first 10
    taboo = inspection.findings.get(rule="forbidden-phrase")
    c = client_for(qa_centre["inspector"])
    c.post(f"/qa/findings/{taboo.pk}/verdict/", {"state": "confirmed"})
    c.post(
        f"/qa/findings/{taboo.pk}/verdict/",
        {"state": "overturned", "comment": "客户先说的，坐席在复述"},
    )
    inspection.refresh_from_db()
    assert inspection.score == 90 and inspection.passed and not inspection.reviewed
    taboo.refresh_from_db()
    assert taboo.state == "overturned"
    assert list(Verdict.objects.filter(finding=taboo).values_list("state", flat=True)) == [
        "confirmed",
        "overturned",
    ]
    hung_up = inspection.findings.get(rule="agent-hung-up-first")
    c.post(f"/qa/findings/{hung_up.pk}/verdict/", {"state": "confirmed"})
    inspection.refresh_from_db()
    assert inspection.reviewed and inspection.score == 90


def test_each_rules_share_of_overturned_findings(qa_centre):
    first = checked(qa_centre)
    second = checked(qa_centre, attempt="second")
    inspector = qa_centre["inspector"]
    review.give_verdict(first.findings.get(rule="forbidden-phrase"), "overturned", by=inspector)
    review.give_verdict(second.findings.get(rule="forbidden-phrase"), "confirmed", by=inspector)
    shares = {s.rule: s for s in review.rule_shares()}
    assert (shares["forbidden-phrase"].findings, shares["forbidden-phrase"].overturned) == (2, 1)
    assert shares["forbidden-phrase"].share == 0.5
    assert shares["agent-hung-up-first"].share is None  # not reviewed yet
    page = client_for(inspector).get("/qa/rules/").content.decode()
    assert "服务禁语" in page and "50%" in page
    assert client_for(qa_centre["agent"]).get("/qa/rules/").status_code == 403


def test_customer_signals_are_counted_for_the_qa_lead(qa_centre):
    lines = replaced(CALL_LINES, 7, "解释了，就是价格太贵了，我还要跟家里人商量一下。")
    checked(qa_centre, lines=lines)
    checked(qa_centre, lines=replaced(CALL_LINES, 7, "价格太贵了。"), attempt="second")
    counts = {kind: (n, calls) for kind, n, calls in review.signal_counts(Inspection.objects.all())}
    assert counts["price_objection"] == (2, 2) and counts["consult_others"] == (1, 1)
    page = client_for(qa_centre["inspector"]).get("/qa/rules/").content.decode()
    assert "价格异议" in page


def test_checking_again_never_throws_away_a_verdict(qa_centre):
    inspection = checked(qa_centre)
    review.give_verdict(inspection.findings.first(), "overturned", by=qa_centre["inspector"])
    again = check(inspection.transcript)
    assert again.pk == inspection.pk and again.findings.filter(state="overturned").count() == 1


def test_an_agent_appeals_a_finding_on_her_own_call_and_the_verdict_answers(qa_centre):
    inspection = checked(qa_centre)
    taboo = inspection.findings.get(rule="forbidden-phrase")
    mine = client_for(qa_centre["agent"])
    page = mine.get(f"/qa/calls/{inspection.transcript_id}/").content.decode()
    assert "申诉理由" in page and "推翻" not in page.split("质检结果")[1].split("</form>")[0]
    mine.post(f"/qa/findings/{taboo.pk}/appeal/", {"comment": "这是在复述客户的原话"})
    appeal = Appeal.objects.get()
    assert appeal.by == qa_centre["agent"] and appeal.answer is None
    assert (
        "这条质检结果已在申诉中"
        in mine.post(
            f"/qa/findings/{taboo.pk}/appeal/", {"comment": "再说一次"}, follow=True
        ).content.decode()
    )
    queue = client_for(qa_centre["inspector"]).get("/qa/?show=appealed").content.decode()
    assert inspection.transcript.call_id in queue
    review.give_verdict(taboo, "overturned", by=qa_centre["inspector"])
    appeal.refresh_from_db()
    assert appeal.answer.state == "overturned"


def test_an_empty_appeal_is_refused(qa_centre):
    taboo = checked(qa_centre).findings.get(rule="forbidden-phrase")
    with pytest.raises(review.ReviewError):
        review.appeal(taboo, by=qa_centre["agent"], comment="  ")
    assert not Appeal.objects.exists()


# --- who sees what --------------------------------------------------------------------


def test_who_sees_which_call(qa_centre):
    inspection = checked(qa_centre)
    url = f"/qa/calls/{inspection.transcript_id}/"
    taboo = inspection.findings.get(rule="forbidden-phrase")
    assert client_for(qa_centre["agent"]).get(url).status_code == 200
    assert client_for(qa_centre["other"]).get(url).status_code == 404
    assert (
        client_for(qa_centre["other"])
        .post(f"/qa/findings/{taboo.pk}/appeal/", {"comment": "x"})
        .status_code
        == 404
    )
    assert (
        client_for(qa_centre["agent"])
        .post(f"/qa/findings/{taboo.pk}/verdict/", {"state": "overturned"})
        .status_code
        == 404
    )
    assert Finding.objects.get(pk=taboo.pk).state == "open"
    inspector_page = client_for(qa_centre["inspector"]).get(url).content.decode()
    assert "确认" in inspector_page and "<mark>这是公司规定</mark>" in inspector_page
    assert client_for(qa_centre["supervisor"]).get(url).status_code == 200


def test_the_queue_is_for_inspectors_and_supervisors_sorted_by_score(qa_centre):
    low = checked(qa_centre)
    high = checked(qa_centre, lines=CALL_LINES, attempt="second")
    assert client_for(qa_centre["agent"]).get("/qa/").status_code == 403
    page = client_for(qa_centre["inspector"]).get("/qa/?show=all").content.decode()
    assert page.index(f"/qa/calls/{low.transcript_id}/") < page.index(
        f"/qa/calls/{high.transcript_id}/"
    )


def test_an_agent_sees_her_own_trend_and_not_anothers(qa_centre):
    checked(qa_centre)
    page = client_for(qa_centre["agent"]).get("/qa/mine/").content.decode()
    assert "我的质检" in page and "服务禁语" in page and "2026-11-23" in page  # the week's Monday
    assert (
        client_for(qa_centre["agent"]).get(f"/qa/agents/{qa_centre['other'].pk}/").status_code
        == 404
    )
    assert (
        client_for(qa_centre["inspector"]).get(f"/qa/agents/{qa_centre['agent'].pk}/").status_code
        == 200
    )


def test_the_queue_takes_a_fixed_number_of_queries(qa_centre, django_assert_max_num_queries):
    from huifang.quality import intake
    from huifang.quality.transcript import parse_transcript

    for n in range(20):
        row = intake.attach(
            parse_transcript(document(call_id=f"Q{n}"), "t"), source="t", by=qa_centre["inspector"]
        )
        check(row)
    c = client_for(qa_centre["inspector"])
    with django_assert_max_num_queries(12):
        assert c.get("/qa/?show=all").status_code == 200


def test_a_transcript_naming_another_agent_is_not_attached_to_the_call(qa_centre, client):
    response = post(
        client,
        qa_centre["attempt"].pk,
        document(agent_no="9999"),
        qa_centre["inspector"],
        "secret-pass-1",
    )
    assert response.status_code == 409 and "工号 9999" in response.json()["detail"]
    assert not CallTranscript.objects.exists()


def test_a_vendor_call_id_that_is_a_number_does_not_pick_an_attempt(qa_centre):
    attempt = qa_centre["attempt"]
    upload = SimpleUploadedFile(
        "vendor-file.json", json.dumps(document(call_id=str(attempt.pk))).encode()
    )
    client_for(qa_centre["inspector"]).post("/qa/upload/", {"files": [upload]})
    assert CallTranscript.objects.get().attempt is None


def test_no_one_reviews_her_own_call_and_others_may_not_at_all(qa_centre):
    taboo = checked(qa_centre).findings.get(rule="forbidden-phrase")
    with pytest.raises(review.ReviewError):
        review.give_verdict(taboo, "overturned", by=qa_centre["agent"])
    supervisor = client_for(qa_centre["supervisor"])
    assert (
        supervisor.post(f"/qa/findings/{taboo.pk}/verdict/", {"state": "overturned"}).status_code
        == 404
    )
    assert Finding.objects.get(pk=taboo.pk).state == "open"


def test_checking_again_keeps_an_open_appeal(qa_centre):
    inspection = checked(qa_centre)
    review.appeal(inspection.findings.first(), by=qa_centre["agent"], comment="复述客户原话")
    assert check(inspection.transcript).pk == inspection.pk and Appeal.objects.count() == 1


def test_what_was_said_is_shown_escaped_on_the_call_page(qa_centre):
    lines = replaced(TABOO_LINES, 6, "这是公司规定<script>alert(1)</script>，没办法。")
    inspection = checked(qa_centre, lines=lines)
    page = (
        client_for(qa_centre["inspector"])
        .get(f"/qa/calls/{inspection.transcript_id}/")
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_verdict_rescores_against_the_pass_mark_that_judged_the_call(
    qa_centre, settings, tmp_path
):
    from huifang.quality import checking

    inspection = checked(qa_centre)  # 70: taboo 20 + hung up first 10, below 80
    assert not inspection.passed and inspection.pass_mark == 80
    rules = tmp_path / "centre.yaml"
    rules.write_text("settings: {pass_mark: 95}\n", encoding="utf-8")
    settings.HUIFANG = {**settings.HUIFANG, "QA_RULES_FILE": str(rules)}
    checking._rules.cache_clear()
    try:
        review.give_verdict(
            inspection.findings.get(rule="forbidden-phrase"),
            "overturned",
            by=qa_centre["inspector"],
        )
    finally:
        checking._rules.cache_clear()
    inspection.refresh_from_db()
    assert inspection.score == 90 and inspection.passed  # 90 ≥ 80, not judged by the new 95
