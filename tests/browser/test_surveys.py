"""A supervisor writes a questionnaire in a real browser: pastes the YAML, sees the
linter answer while she types, saves, changes it, compares the versions and runs
the preview through to 完成 — the preview steps swapped by htmx, not page loads."""

import pytest

from huifang.surveys.models import Version
from huifang.surveys.store import save_version
from tests import factories as f
from tests.browser.test_agent_flow import login
from tests.surveys.forms import BUILTIN
from tests.surveys.test_views import WEB

pytestmark = pytest.mark.django_db(transaction=True)


def test_supervisor_writes_lints_saves_and_previews_a_questionnaire(browser_page, shots):
    page = browser_page
    f.agent("supervisor", role="supervisor")
    save_version((BUILTIN / "dormant-care.yaml").read_text(encoding="utf-8"), builtin=True)

    login(page, "supervisor")
    page.wait_for_url("**/campaigns/")
    page.click("nav >> text=问卷")
    page.wait_for_selector("text=服务流失用户关爱调研")
    page.screenshot(path=str(shots / "surveys-list.png"), full_page=True)

    # A new questionnaire: paste the YAML, then type into it and watch the checks.
    page.click("text=新建问卷")
    page.wait_for_selector("textarea[name=source]")
    page.fill("textarea[name=source]", WEB.replace("type: scale", "type: stars"))
    page.wait_for_selector("#findings >> text=问卷无法读取")
    assert "未知题型 'stars'" in page.inner_text("#findings")
    page.screenshot(path=str(shots / "surveys-editor-shape-problem.png"), full_page=True)
    page.fill("textarea[name=source]", WEB)
    page.wait_for_selector("#findings >> text=检查通过")
    at = WEB.index("您还有什么建议")
    page.eval_on_selector(
        "textarea[name=source]", f"t => {{ t.focus(); t.setSelectionRange({at}, {at}); }}"
    )
    page.keyboard.type("难道")
    finding = page.wait_for_selector("#findings tr[data-rule=leading-question]")
    assert "难道" in finding.inner_text()
    assert "检查通过" in page.inner_text("#findings")  # a warning is not an error
    assert "满意又不推荐的客户" in page.inner_text("#findings")  # its path test, passed
    page.screenshot(path=str(shots / "surveys-editor-live-lint.png"), full_page=True)
    page.click("button:has-text('保存为新版本')")
    page.wait_for_selector("text=已保存为第 1 版")
    assert Version.objects.get(questionnaire__slug="web-test").number == 1
    page.screenshot(path=str(shots / "surveys-detail.png"), full_page=True)

    # Edit: take the leading word out again; the second version and the diff.
    page.click("a.button:has-text('编辑')")
    page.wait_for_selector("text=从《网页测试问卷》第 1 版开始编辑")
    page.fill(
        "textarea[name=source]", WEB.replace("您打算推荐给几位朋友？", "您打算推荐给几位亲友？")
    )
    page.click("button:has-text('保存为新版本')")
    page.wait_for_selector("text=已保存为第 2 版")
    page.click("text=与上一版比较")
    page.wait_for_selector("text=您打算推荐给几位亲友？")
    page.screenshot(path=str(shots / "surveys-diff.png"), full_page=True)

    # The preview, as an agent would run it.
    page.goto(page.base + "/surveys/web-test/")
    page.click("a.button:has-text('预览')")
    page.wait_for_selector("text=开始提问")
    page.wait_for_load_state("load")  # htmx is deferred: a click before it would post the page
    page.evaluate("window.stillTheSamePage = true")
    assert "长城汽车客户关系部1024号回访专员" in page.inner_text("#preview-card")
    page.screenshot(path=str(shots / "surveys-preview-greeting.png"), full_page=True)
    page.click("button:has-text('开始提问')")
    page.wait_for_selector("text=请问您是王先生本人吗？")
    page.click("button:has-text('下一题')")
    page.wait_for_selector(".answer-error:has-text('此题必答')")
    page.screenshot(path=str(shots / "surveys-preview-error.png"), full_page=True)
    page.keyboard.press("1")  # digits pick an option, Enter goes on
    page.keyboard.press("Enter")
    page.wait_for_selector("text=您对上次保养的总体满意度如何？")
    page.screenshot(path=str(shots / "surveys-preview-scale.png"), full_page=True)
    page.click("button.point[value='2']")
    page.wait_for_selector("text=主要是哪里让您不满意？")  # q1 <= 3
    page.check("input[value=price]")
    page.check("input[value=other]")
    page.fill("input[name=other_text]", "离家太远")
    page.screenshot(path=str(shots / "surveys-preview-multi.png"), full_page=True)
    page.click("button:has-text('下一题')")
    page.wait_for_selector("text=您愿意向朋友推荐我们吗？")
    page.click("label:has-text('不愿意')")
    page.click("button:has-text('下一题')")
    page.wait_for_selector("text=您还有什么建议？")  # 不愿意 jumps over q4
    page.click("button:has-text('上一题')")
    page.wait_for_selector("text=您愿意向朋友推荐我们吗？")
    assert page.is_checked("input[value=no]")  # the old answer, ready to change
    page.click("label:has-text('愿意') >> nth=0")
    page.click("button:has-text('下一题')")
    page.wait_for_selector("text=您打算推荐给几位亲友？")
    page.fill("input[name=value]", "2")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=您还有什么建议？")
    page.fill("textarea[name=value]", "希望周末也能保养")
    page.click("button:has-text('下一题')")
    page.wait_for_selector(".end-status:has-text('完成')")
    card = page.inner_text("#preview-card")
    assert "感谢您的配合，祝您用车愉快，再见！" in card
    assert "价格偏高、其他：离家太远" in card and "希望周末也能保养" in card
    assert page.evaluate("window.stillTheSamePage") is True  # htmx swapped the card
    page.screenshot(path=str(shots / "surveys-preview-done.png"), full_page=True)
