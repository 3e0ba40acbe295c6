"""The questionnaire pages (问卷) as each role: supervisors write, lint, save and
preview; QA look; agents and departments are kept out. The preview walks a
questionnaire through a jump, a condition, a refused answer and a step back."""

import html
import json
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from huifang.campaigns.lifecycle import launch_campaign
from huifang.surveys.models import Questionnaire, Version
from huifang.surveys.store import save_version
from tests import factories as f
from tests.surveys.forms import BUILTIN

NOW = f.at("2026-11-24 10:00")
DORMANT = (BUILTIN / "dormant-care.yaml").read_text(encoding="utf-8")

# Small and clean: s1 ends the call when it is not the customer; q2 is asked only
# when q1 <= 3; q3 'no' jumps over q4 to q5.
WEB = """\
id: web-test
title: 网页测试问卷
purpose: 测试网页上的问卷
sections:
  - kind: greeting
    say: 您好，我是{company}客户关系部{agent_no}号回访专员，想占用您两分钟做个回访。
  - kind: screening
    questions:
      - id: s1
        text: 请问您是{customer_name}{title}本人吗？
        type: single
        exhaustive: true
        options:
          - {value: 'yes', label: 是本人}
          - {value: 'no', label: 不是本人, goto: END_NOT_ELIGIBLE}
  - kind: main
    questions:
      - id: q1
        text: 您对上次保养的总体满意度如何？
        type: scale
        scale: {min: 1, max: 5, labels: {1: 很不满意, 5: 很满意}}
      - id: q2
        text: 主要是哪里让您不满意？
        type: multi
        other: true
        options:
          - {value: price, label: 价格偏高}
          - {value: slow, label: 等待太久}
        when: q1 <= 3
      - id: q3
        text: 您愿意向朋友推荐我们吗？
        type: single
        exhaustive: true
        options:
          - {value: 'yes', label: 愿意}
          - {value: 'no', label: 不愿意, goto: q5}
      - id: q4
        text: 您打算推荐给几位朋友？
        type: number
      - id: q5
        text: 您还有什么建议？
        type: text
        required: false
  - kind: closing
    say: 感谢您的配合，祝您用车愉快，再见！
tests:
  - name: 满意又不推荐的客户
    answers: {s1: 'yes', q1: 5, q3: 'no'}
    expect: [s1, q1, q3, q5]
    end: complete
"""


@pytest.fixture
def people(db):
    return {
        "supervisor": f.agent("supervisor", role="supervisor"),
        "qa": f.agent("qa", role="qa"),
        "agent": f.agent("agent1", f.team()),
        "dept": f.agent("dept", role="dept"),
    }


@pytest.fixture
def dormant(db):
    """The built-in 服务流失用户关爱调研 in two versions, used by one campaign."""
    assert "欢迎您随时回店" in DORMANT, "the built-in's closing changed; change this test"
    save_version(DORMANT, builtin=True)
    save_version(DORMANT.replace("欢迎您随时回店", "欢迎您中秋前后回店"))
    questionnaire = Questionnaire.objects.get(slug="dormant-care")
    f.campaign("半年未回店客户关爱", kind="dormant", questionnaire=questionnaire)
    return questionnaire


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def pages(slug: str) -> list[str]:
    return [
        reverse("questionnaire_list"),
        reverse("questionnaire_detail", args=[slug]),
        reverse("questionnaire_version", args=[slug, 1]),
        reverse("questionnaire_diff", args=[slug, 1, 2]),
        reverse("questionnaire_preview", args=[slug]),
    ]


# --- who may see what -------------------------------------------------------------


@pytest.mark.parametrize("role", ["supervisor", "qa"])
def test_supervisor_and_qa_see_every_page(people, dormant, role):
    c = client_for(people[role])
    for url in pages("dormant-care"):
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["agent", "dept"])
def test_agents_and_departments_are_refused(people, dormant, role):
    c = client_for(people[role])
    for url in pages("dormant-care") + [
        reverse("questionnaire_new"),
        reverse("questionnaire_edit", args=["dormant-care"]),
    ]:
        assert c.get(url).status_code == 403, url
    assert c.post(reverse("questionnaire_lint"), {"source": WEB}).status_code == 403
    assert c.post(reverse("questionnaire_new"), {"source": WEB}).status_code == 403
    assert not Questionnaire.objects.filter(slug="web-test").exists()


def test_qa_may_look_but_not_write(people, dormant):
    c = client_for(people["qa"])
    assert c.get(reverse("questionnaire_new")).status_code == 403
    assert c.get(reverse("questionnaire_edit", args=["dormant-care"])).status_code == 403
    assert c.post(reverse("questionnaire_lint"), {"source": WEB}).status_code == 403
    edited = {"source": DORMANT.replace("欢迎您随时回店。", "欢迎您随时回店！")}
    assert c.post(reverse("questionnaire_edit", args=["dormant-care"]), edited).status_code == 403
    assert dormant.versions.count() == 2
    assert "编辑" not in c.get(reverse("questionnaire_list")).content.decode().split("<main>")[1]


def test_anonymous_is_sent_to_login(db):
    answer = Client().get(reverse("questionnaire_list"))
    assert answer.status_code == 302 and "/login/" in answer["Location"]


def test_every_post_needs_a_csrf_token(people, dormant):
    c = Client(enforce_csrf_checks=True)
    c.force_login(people["supervisor"])
    for url in (
        reverse("questionnaire_new"),
        reverse("questionnaire_edit", args=["dormant-care"]),
        reverse("questionnaire_lint"),
        reverse("questionnaire_preview", args=["dormant-care"]),
    ):
        assert c.post(url, {"source": WEB, "action": "start"}).status_code == 403, url
    assert not Questionnaire.objects.filter(slug="web-test").exists()


# --- list, detail, version, diff -------------------------------------------------------


def test_list_shows_versions_readiness_campaigns_and_builtin(people, dormant):
    save_version(WEB.replace("type: number", "type: number\n        when: q9 > 1"))
    text = client_for(people["supervisor"]).get(reverse("questionnaire_list")).content.decode()
    row = text.split("服务流失用户关爱调研")[1].split("</tr>")[0]
    assert "第 2 版" in row and "内置" in row and "可启动" in row
    assert re.search(r'<td class="num">1</td>', row)  # one campaign uses it
    broken = text.split("网页测试问卷")[1].split("</tr>")[0]
    assert "未就绪" in broken and "when-unknown-question" in broken


def test_detail_shows_questions_paths_versions_and_campaigns(people, dormant):
    campaign = dormant.campaigns.get()
    f.customer()
    launch_campaign(campaign, now=NOW)
    text = (
        client_for(people["supervisor"])
        .get(reverse("questionnaire_detail", args=["dormant-care"]))
        .content.decode()
    )
    assert "服务流失用户关爱调研" in text and "第 2 版" in text
    assert "请问您是{customer_name}{title}本人吗？" in text
    assert "结束（不符合条件）" in text  # s1 'no' ends the call
    assert "&#x27;service&#x27; in q1 or &#x27;quality&#x27; in q1" in text  # q2's condition
    assert "检查通过" in text and "没有发现问题" in text  # the built-ins lint clean
    assert "因服务不满流失的客户被追问原因" in text and "通过" in text  # its path tests
    assert '<td class="num" id="path-count">18</td>' in text
    assert "全部路径（列出 18 条，共 18 条）" in text
    assert reverse("questionnaire_diff", args=["dormant-care", 1, 2]) in text
    assert reverse("questionnaire_version", args=["dormant-care", 1]) in text
    assert "半年未回店客户关爱" in text and "第 2 版" in text.split("半年未回店客户关爱")[1]


def test_detail_shows_failing_path_tests_with_what_was_asked(people, db):
    save_version(WEB.replace("expect: [s1, q1, q3, q5]", "expect: [s1, q1, q3, q4, q5]"))
    text = (
        client_for(people["qa"])
        .get(reverse("questionnaire_detail", args=["web-test"]))
        .content.decode()
    )
    assert "未通过" in text and "还不能启动" in text
    assert "<code>s1 q1 q3 q5</code>" in text and "<code>s1 q1 q3 q4 q5</code>" in text


def test_version_page_shows_that_versions_yaml(people, dormant):
    c = client_for(people["qa"])
    one = c.get(reverse("questionnaire_version", args=["dormant-care", 1])).content.decode()
    two = c.get(reverse("questionnaire_version", args=["dormant-care", 2])).content.decode()
    assert "欢迎您随时回店" in one and "中秋前后" not in one
    assert "欢迎您中秋前后回店" in two
    assert c.get(reverse("questionnaire_version", args=["dormant-care", 9])).status_code == 404


def test_diff_shows_the_changes_question_by_question(people, dormant):
    c = client_for(people["supervisor"])
    text = c.get(reverse("questionnaire_diff", args=["dormant-care", 1, 2])).content.decode()
    assert "closing.say" in text and "中秋前后" in text
    save_version(WEB)
    save_version(
        WEB.replace("type: text\n        required: false\n", "type: text\n")
        .replace("您打算推荐给几位朋友？", "您打算推荐给几位亲友？")
        .replace(
            "      - id: q4",
            "      - id: q4b\n        text: 新加的题？\n        type: text\n      - id: q4",
        )
    )
    text = c.get(reverse("questionnaire_diff", args=["web-test", 1, 2])).content.decode()
    rows = {row.split("<code>")[1].split("<")[0]: row for row in text.split("<tr")[2:]}
    assert "您打算推荐给几位亲友？" in rows["q4"] and "<code>text</code>" in rows["q4"]
    assert "<code>required</code>" in rows["q5"] and "否" in rows["q5"]
    assert "新增" in rows["q4b"] and "新加的题？" in rows["q4b"]
    same = c.get(reverse("questionnaire_diff", args=["web-test", 2, 2])).content.decode()
    assert "两个版本的内容相同" in same


# --- new and edit --------------------------------------------------------------------


def test_new_saves_version_one(people):
    c = client_for(people["supervisor"])
    assert c.get(reverse("questionnaire_new")).status_code == 200
    answer = c.post(reverse("questionnaire_new"), {"source": WEB}, follow=True)
    assert answer.redirect_chain[-1][0] == reverse("questionnaire_detail", args=["web-test"])
    version = Version.objects.get()
    assert (
        version.number == 1 and version.source == WEB and version.created_by == people["supervisor"]
    )
    assert "已保存为第 1 版" in answer.content.decode()


def test_edit_starts_from_the_newest_and_saves_a_new_version(people, dormant):
    c = client_for(people["supervisor"])
    page = c.get(reverse("questionnaire_edit", args=["dormant-care"])).content.decode()
    assert "欢迎您中秋前后回店" in page  # version 2's text in the textarea
    changed = DORMANT.replace("欢迎您随时回店。", "欢迎您随时回店！")
    answer = c.post(
        reverse("questionnaire_edit", args=["dormant-care"]), {"source": changed}, follow=True
    )
    assert "已保存为第 3 版" in answer.content.decode()
    assert dormant.current().number == 3 and dormant.current().source == changed


def test_saving_the_same_content_makes_no_new_version(people, dormant):
    c = client_for(people["supervisor"])
    same = "# 只加了注释\n" + dormant.current().source
    answer = c.post(
        reverse("questionnaire_edit", args=["dormant-care"]), {"source": same}, follow=True
    )
    assert "内容未变，仍是第 2 版" in answer.content.decode()
    assert dormant.versions.count() == 2


def test_a_yaml_that_does_not_load_is_refused_and_kept(people):
    c = client_for(people["supervisor"])
    bad = WEB.replace("type: scale", "type: stars")
    answer = c.post(reverse("questionnaire_new"), {"source": bad})
    text = answer.content.decode()
    assert answer.status_code == 200 and "问卷无法读取，没有保存" in text
    assert "未知题型 &#x27;stars&#x27;" in text
    assert '<td class="num">18</td>' in text  # the line of q1
    assert html.escape("type: stars") in text  # the text stays in the textarea
    assert not Questionnaire.objects.exists() and not Version.objects.exists()
    answer = c.post(reverse("questionnaire_new"), {"source": "id: [unclosed"})
    assert "不是有效的 YAML" in answer.content.decode() and not Version.objects.exists()


def test_a_draft_with_lint_errors_is_saved_but_marked_not_ready(people):
    c = client_for(people["supervisor"])
    draft = WEB.replace("goto: q5}", "goto: s1}")
    answer = c.post(reverse("questionnaire_new"), {"source": draft}, follow=True)
    text = answer.content.decode()
    assert Version.objects.count() == 1
    assert "这是草稿" in text and "未就绪" in text and "goto-backward" in text


def test_new_and_edit_keep_to_their_own_questionnaire(people, dormant):
    c = client_for(people["supervisor"])
    taken = c.post(
        reverse("questionnaire_new"),
        {"source": DORMANT.replace("欢迎您随时回店。", "欢迎您随时回店！")},
    )
    assert "已有编号为 dormant-care 的问卷" in taken.content.decode()
    moved = c.post(reverse("questionnaire_edit", args=["dormant-care"]), {"source": WEB})
    assert "问卷编号 id 应为 dormant-care" in moved.content.decode()
    assert (
        Version.objects.count() == 2 and not Questionnaire.objects.filter(slug="web-test").exists()
    )


def test_lint_endpoint_returns_the_findings_partial(people):
    c = client_for(people["supervisor"])
    leading = WEB.replace("您还有什么建议？", "您是不是很满意我们的服务？")
    text = c.post(
        reverse("questionnaire_lint"), {"source": leading}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in text
    assert 'data-rule="leading-question"' in text and "提醒" in text
    assert "检查通过" in text  # a warning does not block a launch
    text = c.post(
        reverse("questionnaire_lint"), {"source": WEB.replace("goto: q5}", "goto: q9}")}
    ).content.decode()
    assert 'data-rule="goto-unknown-target"' in text and "错误" in text and "还不能启动" in text
    text = c.post(
        reverse("questionnaire_lint"), {"source": WEB.replace("type: scale", "type: stars")}
    ).content.decode()
    assert "问卷无法读取" in text and "未知题型" in text
    text = c.post(
        reverse("questionnaire_lint"), {"source": WEB.replace("when: q1 <= 3", "when: q1 <=")}
    ).content.decode()
    assert 'data-rule="when-syntax"' in text and "无法走完：第 6 列" in text
    assert "在左侧写入" in c.post(reverse("questionnaire_lint"), {"source": "  "}).content.decode()


# --- preview -------------------------------------------------------------------------


class Preview:
    """A browser without JS (or with htmx) stepping through the preview."""

    def __init__(self, client, slug, htmx=False):
        self.client, self.url, self.htmx = (
            client,
            reverse("questionnaire_preview", args=[slug]),
            htmx,
        )
        self.text = self._read(client.get(self.url))

    def _read(self, answer):
        assert answer.status_code == 200
        return answer.content.decode()

    @property
    def sheet(self) -> str:
        return html.unescape(re.search(r'name="sheet" value="([^"]*)"', self.text).group(1))

    @property
    def qid(self) -> str | None:
        found = re.search(r'name="qid" value="([^"]*)"', self.text)
        return found.group(1) if found else None

    def post(self, **data):
        data = {"sheet": self.sheet, **({"qid": self.qid} if self.qid else {}), **data}
        extra = {"HTTP_HX_REQUEST": "true"} if self.htmx else {}
        self.text = self._read(self.client.post(self.url, data, **extra))
        return self.text


@pytest.mark.parametrize("htmx", [False, True])
def test_preview_walks_through_to_the_end(people, htmx):
    save_version(WEB)
    p = Preview(client_for(people["supervisor"]), "web-test", htmx)
    company = settings.HUIFANG["COMPANY"]
    assert f"我是{company}客户关系部1024号回访专员" in p.text  # the greeting first
    p.post(action="start")
    assert p.qid == "s1" and "请问您是王先生本人吗？" in p.text
    assert ("<html" in p.text) != htmx  # htmx gets the card, a plain post the page
    p.post(action="answer")
    assert p.qid == "s1" and "此题必答" in p.text  # refused in place
    p.post(value="yes")
    assert p.qid == "q1" and 'value="5"' in p.text and "很满意" in p.text
    p.post(value="2")
    assert p.qid == "q2"  # shown because q1 <= 3
    p.post(action="answer", value=["price", "other"])
    assert p.qid == "q2" and "选了“其他”，请注明具体内容" in p.text
    p.post(action="answer", value=["price", "other"], other_text="离家太远")
    assert p.qid == "q3"
    p.post(action="answer", value="no")
    assert p.qid == "q5"  # 不愿意 jumps over q4
    p.post(action="back")
    assert p.qid == "q3" and re.search(r'value="no" checked', p.text)  # old answer kept
    p.post(action="answer", value="yes")
    assert p.qid == "q4"
    p.post(action="answer", value="两位")
    assert p.qid == "q4" and "不是数字" in p.text
    p.post(action="answer", value="2")
    assert p.qid == "q5"
    p.post(action="skip")
    assert p.qid is None and "完成" in p.text and "感谢您的配合，祝您用车愉快，再见！" in p.text
    assert "价格偏高、其他：离家太远" in p.text and "（未答）" in p.text
    assert json.loads(p.sheet)["answers"] == {
        "s1": "yes",
        "q1": 2,
        "q2": ["price", "other"],
        "q3": "yes",
        "q4": 2,
        "q5": None,
    }
    assert not Version.objects.exclude(number=1).exists()  # nothing stored


def test_preview_ends_not_eligible_and_partial(people):
    save_version(WEB)
    c = client_for(people["qa"])
    p = Preview(c, "web-test")
    p.post(action="start")
    p.post(value="no")
    assert "不符合条件" in p.text and p.qid is None
    p = Preview(c, "web-test")
    p.post(action="start")
    p.post(value="yes")
    p.post(action="hangup")
    assert "部分完成" in p.text and "在 q1 处结束通话" in p.text


def test_preview_back_from_the_first_question_shows_the_greeting(people):
    save_version(WEB)
    p = Preview(client_for(people["supervisor"]), "web-test")
    p.post(action="start")
    p.post(action="back")
    assert p.qid is None and "开始提问" in p.text


def test_preview_of_an_older_version_and_a_tampered_sheet(people, dormant):
    c = client_for(people["supervisor"])
    url = reverse("questionnaire_preview", args=["dormant-care"])
    assert "节日快乐" not in c.get(url + "?v=1").content.decode()  # the closing comes at the end
    assert c.get(url + "?v=7").status_code == 404
    answer = c.post(
        url + "?v=1", {"sheet": '{"answers": {"s1": "maybe", "zz": 1}}', "action": "start"}
    )
    assert answer.status_code == 200 and 'name="qid" value="s1"' in answer.content.decode()
    answer = c.post(url, {"sheet": "not json", "action": "start"})
    assert 'name="qid" value="s1"' in answer.content.decode()


def test_preview_of_a_questionnaire_that_cannot_be_walked(people):
    save_version(WEB.replace("when: q1 <= 3", "when: q1 <="))
    p = Preview(client_for(people["supervisor"]), "web-test")
    p.post(action="start")
    p.post(value="yes")
    p.post(value="2")
    assert "问卷有错误，无法继续预览" in p.text


def test_preview_asks_a_wide_scale_in_a_box_and_checks_its_range(people):
    wide = WEB.replace(
        "scale: {min: 1, max: 5, labels: {1: 很不满意, 5: 很满意}}", "scale: {min: 0, max: 100}"
    )
    save_version(wide.replace("when: q1 <= 3", "when: q1 <= 60"))
    p = Preview(client_for(people["supervisor"]), "web-test")
    p.post(action="start")
    p.post(value="yes")
    assert p.qid == "q1" and 'class="point' not in p.text and 'inputmode="decimal"' in p.text
    p.post(action="answer", value="150")
    assert p.qid == "q1" and "应为 0 到 100 之间的整数" in p.text and 'value="150"' in p.text
    p.post(action="answer", value="80")
    assert p.qid == "q3"


# --- in English ------------------------------------------------------------------------


@pytest.fixture
def in_english(people):
    """The supervisor's client after choosing English. A request in English leaves
    English active in this thread; put the default back for the tests that follow."""
    c = client_for(people["supervisor"])
    c.post(reverse("set_language"), {"language": "en", "next": reverse("questionnaire_list")})
    assert c.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    yield c
    translation.deactivate()


def test_pages_and_lint_messages_in_english(in_english, dormant):
    """A supervisor who picked English reads the questionnaire pages and what the
    checks say in English (the catalogue holds the survey core's messages too)."""
    c = in_english
    text = c.get(reverse("questionnaire_detail", args=["dormant-care"])).content.decode()
    assert '<html lang="en">' in text
    assert "Version 2" in text and "Ready to launch" in text and "Built-in" in text
    assert "All checks passed" in text and "No problems found." in text
    assert "Path tests" in text and "Passed" in text and "Version history" in text
    assert "End (not eligible)" in text  # s1 'no' ends the call
    assert "All paths (18 of 18 listed)" in text
    assert "路径测试" not in text and "检查通过" not in text and "第 2 版" not in text
    text = c.post(
        reverse("questionnaire_lint"), {"source": WEB.replace("goto: q5}", "goto: q9}")}
    ).content.decode()
    assert 'data-rule="goto-unknown-target"' in text and ">Error</span>" in text
    assert "the option “不愿意” jumps to q9, which is not a question" in text
    assert "Not ready to launch" in text and "跳转到不存在的题目" not in text
    leading = WEB.replace("您还有什么建议？", "您是不是很满意我们的服务？")
    text = c.post(reverse("questionnaire_lint"), {"source": leading}).content.decode()
    assert 'data-rule="leading-question"' in text and ">Warning</span>" in text
    assert "leading wording (" in text and "措辞有诱导性" not in text
    # A text that does not load: the loader's problem in English, its line still found.
    text = c.post(
        reverse("questionnaire_lint"), {"source": WEB.replace("type: scale", "type: stars")}
    ).content.decode()
    assert "The questionnaire cannot be read: 2 problems" in text
    assert "unknown question type &#x27;stars&#x27;" in text and '<td class="num">18</td>' in text
