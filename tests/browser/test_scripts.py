"""A supervisor works on the script library 话术库 in a real browser: searches it (the
results swapped in by htmx as she types, not page loads), copies a phrase, edits a
script with the live preview, and sees the new words in the library and in search."""

import pytest

from huifang.accounts.models import Profile
from huifang.scripts import store
from huifang.scripts.models import ScriptRevision
from tests import factories as f
from tests.browser.test_agent_flow import login

pytestmark = pytest.mark.django_db(transaction=True)

NEW_TEXT = "{surname}{title}，这个问题我帮您查询一下，大约需要1分钟，请您稍等，好吗？"


def test_supervisor_searches_and_edits_the_script_library(browser_page, shots):
    page = browser_page
    store.forget(files=True)
    supervisor = f.agent("supervisor", role="supervisor")
    Profile.objects.create(user=supervisor, agent_no="0801")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base)

    login(page, "supervisor")
    page.wait_for_url("**/campaigns/")
    page.goto(page.base + "/scripts/")
    page.wait_for_selector("#cat-hold >> text=请客户稍等（帮您查询）")
    assert "服务禁语" in page.inner_text("#cat-taboo")
    page.evaluate("window.stillTheSamePage = true")
    page.screenshot(path=str(shots / "scripts-library.png"))
    page.locator("#cat-taboo").screenshot(path=str(shots / "scripts-taboo.png"))

    # Live search: every term must match; the agent's own number is filled in.
    page.fill("input[name=q]", "开车")
    page.wait_for_selector("#script-results li[data-key='situation.driving']")
    assert "请您注意行车安全" in page.inner_text("#script-results")
    page.fill("input[name=q]", "工号 来电")
    page.wait_for_selector("#script-results li[data-key='inbound.self_intro']")
    results = page.inner_text("#script-results")
    assert "您好，我是长城汽车呼叫中心0801号坐席，请问有什么可以帮您？" in results
    assert "开车" not in results
    page.click("#script-results li[data-key='inbound.self_intro'] button.copy")
    page.wait_for_selector(
        "#script-results li[data-key='inbound.self_intro'] button:has-text('已复制')"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "您好，我是长城汽车呼叫中心0801号坐席，请问有什么可以帮您？"
    assert page.evaluate("window.stillTheSamePage") is True  # htmx swapped the results
    page.screenshot(path=str(shots / "scripts-search.png"), full_page=False)

    # Edit hold.ask: the preview follows the words; a wrong placeholder is named.
    page.goto(page.base + "/scripts/hold.ask/edit/")
    page.wait_for_selector("text=编辑话术：请客户稍等（帮您查询）")
    page.fill("textarea[name=text]", NEW_TEXT.replace("{title}", "{titel}"))
    page.wait_for_selector("#preview >> text=未知占位符 {titel}")
    page.fill("textarea[name=text]", "")
    page.click("button[data-insert='{surname}']")  # the placeholder table inserts at the cursor
    page.click("button[data-insert='{title}']")
    page.keyboard.type("，这个问题我帮您查询一下，大约需要1分钟，请您稍等，好吗？")
    page.wait_for_selector("#preview-text >> text=王先生，这个问题我帮您查询一下，大约需要1分钟")
    assert page.input_value("textarea[name=text]") == NEW_TEXT
    page.fill("input[name=tags]", "稍等 查询 一分钟")
    page.screenshot(path=str(shots / "scripts-edit.png"), full_page=True)
    page.click("button.primary:has-text('保存')")

    page.wait_for_selector("text=话术 hold.ask 已保存")
    assert "#script-hold.ask" in page.url
    item = page.inner_text("li[data-key='hold.ask']")
    assert NEW_TEXT in item
    revision = ScriptRevision.objects.get()
    assert (revision.key, revision.text, revision.author) == ("hold.ask", NEW_TEXT, supervisor)
    page.screenshot(path=str(shots / "scripts-after-edit.png"))

    page.fill("input[name=q]", "一分钟")
    page.wait_for_selector("#script-results li[data-key='hold.ask']")
    assert "{surname}{title}，这个问题我帮您查询一下" in page.inner_text("#script-results")

    # The history keeps the file's words below the edit.
    page.goto(page.base + "/scripts/hold.ask/edit/")
    history = page.inner_text("table.revisions")
    assert NEW_TEXT in history and "这个问题我帮您查询一下好吗？请您稍等一下。" in history
    page.screenshot(path=str(shots / "scripts-history.png"), full_page=True)
