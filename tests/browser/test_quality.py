"""An inspector reviews checked calls in a real browser, and an agent appeals and
takes the listening self-test."""

import pytest

from huifang.campaigns.models import Attempt, CallTask
from huifang.quality import intake
from huifang.quality.checking import check
from huifang.quality.models import Appeal, Finding
from huifang.quality.transcript import parse_transcript
from tests import factories as f
from tests.browser.test_agent_flow import login
from tests.calls.centre import NOW, make_centre
from tests.quality.test_system import TABOO_LINES, document
from tests.quality.transcripts import CALL_LINES, replaced

pytestmark = pytest.mark.django_db(transaction=True)


def settled(page):
    page.wait_for_function("!document.querySelector('.htmx-request')")


def test_an_inspector_overturns_a_finding_and_an_agent_appeals(browser_page, shots):
    page = browser_page
    centre = make_centre()
    inspector = f.agent("qa1", role="qa")
    task = CallTask.objects.first()
    rows = []
    for n, lines in enumerate([TABOO_LINES, CALL_LINES, replaced(CALL_LINES, 6, "那您不需要吗？")]):
        attempt = Attempt.objects.create(
            task=task, customer=task.customer, agent=centre["agent"], at=NOW
        )
        transcript = parse_transcript(
            document(lines, call_id=f"C{n}", ended_by="agent" if n == 0 else "customer"), "t"
        )
        rows.append(intake.attach(transcript, source="t", by=inspector, attempt=attempt))
        check(rows[-1])

    login(page, "qa1")
    page.goto(page.base + "/qa/?show=all")
    first = page.locator("table tbody tr").first
    assert "C0" in first.inner_text() and "70" in first.inner_text()  # the lowest score first
    page.screenshot(path=str(shots / "qa-queue.png"))

    first.locator("a").first.click()
    page.wait_for_selector("ol.timeline")
    assert page.inner_text("ol.timeline mark") == "这是公司规定"
    page.evaluate("window.stillTheSamePage = true")
    page.screenshot(path=str(shots / "qa-call.png"), full_page=True)
    taboo = Finding.objects.get(inspection__transcript=rows[0], rule="forbidden-phrase")
    card = page.locator(f"#finding-{taboo.pk}")
    card.locator("input[name=comment]").fill("坐席在复述客户的话")
    card.locator("button[value=overturned]").click()
    page.wait_for_selector(f"#finding-{taboo.pk}.overturned")
    settled(page)
    assert page.evaluate("window.stillTheSamePage") is True  # swapped by htmx
    assert "90" in page.inner_text("#review h2")
    page.screenshot(path=str(shots / "qa-call-overturned.png"), full_page=True)

    page.goto(page.base + "/qa/rules/")
    row = page.locator("table").first.locator("tr", has_text="forbidden-phrase")
    assert "100%" in row.inner_text()
    page.screenshot(path=str(shots / "qa-rules.png"), full_page=True)

    page.goto(page.base + f"/qa/calls/{rows[2].pk}/")
    assert "您需要吗？" in page.inner_text("#review")  # the positive rewrite (H2)

    # The agent: her own results, an appeal, the listening self-test.
    page.context.clear_cookies()
    login(page, "agent1")
    page.goto(page.base + "/qa/mine/")
    assert "最常见的扣分项" in page.inner_text("main")
    page.screenshot(path=str(shots / "qa-mine.png"), full_page=True)
    page.goto(page.base + f"/qa/calls/{rows[0].pk}/")
    hung_up = Finding.objects.get(inspection__transcript=rows[0], rule="agent-hung-up-first")
    card = page.locator(f"#finding-{hung_up.pk}")
    card.locator("input[name=comment]").fill("客户说完再见后线路断了，不是我先挂的")
    card.locator("button").click()
    page.wait_for_selector(f"#finding-{hung_up.pk} .appeal")
    settled(page)
    assert Appeal.objects.get().finding == hung_up
    page.screenshot(path=str(shots / "qa-appeal.png"), full_page=True)

    page.goto(page.base + "/qa/listening/")
    for fieldset in page.locator("fieldset").all():
        fieldset.locator("input[type=radio]").nth(1).check()
    page.screenshot(path=str(shots / "qa-listening.png"), full_page=True)
    page.locator("form button[type=submit], form button.primary").last.click()
    page.wait_for_url("**/qa/listening/*/")
    assert "聆听者" in page.inner_text("main")
    page.screenshot(path=str(shots / "qa-listening-result.png"), full_page=True)
