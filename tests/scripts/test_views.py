"""The script library pages as each role: agents and QA read and search; supervisors
also edit; departments are kept out. The search partial fills the words with the
customer of the agent's own call in hand, and with nobody else's."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huifang.accounts.models import Profile
from huifang.campaigns.models import CallTask
from huifang.customers.models import Vehicle
from huifang.scripts.models import ScriptRevision
from huifang.scripts.store import current_library
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    team = f.team()
    people = {
        "supervisor": f.agent("supervisor", role="supervisor"),
        "qa": f.agent("qa", role="qa"),
        "agent": f.agent("agent1", team),
        "other": f.agent("agent2", team),
        "dept": f.agent("dept", role="dept"),
    }
    Profile.objects.create(user=people["agent"], agent_no="1024")
    Profile.objects.create(user=people["other"], agent_no="2048")
    return people


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def leased(agent, name="王建国", purpose="了解您对最近一次保养服务的感受"):
    person = f.customer(name)
    Vehicle.objects.create(customer=person, product="哈弗H6", plate="京A12345")
    campaign = f.campaign(f"保养回访-{name}", purpose=purpose)
    return CallTask.objects.create(
        campaign=campaign,
        customer=person,
        state="leased",
        agent=agent,
        leased_at=timezone.now(),
        lease_until=timezone.now() + timedelta(minutes=15),
    )


def search(user, q, **params):
    return client_for(user).get(reverse("script_search"), {"q": q, **params})


# --- who may do what -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["agent", "qa", "supervisor"])
def test_agents_qa_and_supervisors_read_and_search(people, role):
    c = client_for(people[role])
    assert c.get(reverse("script_library")).status_code == 200
    assert c.get(reverse("script_search"), {"q": "等待"}).status_code == 200


@pytest.mark.parametrize("role", ["agent", "qa"])
def test_only_supervisors_edit(people, role):
    c = client_for(people[role])
    edit = reverse("script_edit", args=["hold.ask"])
    assert c.get(edit).status_code == 403
    assert c.get(reverse("script_new")).status_code == 403
    assert c.post(edit, {"title": "x", "category": "hold", "text": "请稍等。"}).status_code == 403
    new = {"key": "hold.x", "title": "x", "category": "hold", "text": "请稍等。"}
    assert c.post(reverse("script_new"), new).status_code == 403
    assert c.post(reverse("script_preview"), {"text": "x"}).status_code == 403
    assert ScriptRevision.objects.count() == 0
    assert "编辑" not in c.get(reverse("script_library")).content.decode().split("<main>")[1]


def test_a_department_user_is_kept_out(people):
    c = client_for(people["dept"])
    assert c.get(reverse("script_library")).status_code == 403
    assert c.get(reverse("script_search"), {"q": "等待"}).status_code == 403


def test_anonymous_is_sent_to_login(db):
    for url in (reverse("script_library"), reverse("script_search"), reverse("script_new")):
        answer = Client().get(url)
        assert answer.status_code == 302 and "/login/" in answer["Location"], url


def test_every_post_needs_a_csrf_token(people):
    c = Client(enforce_csrf_checks=True)
    c.force_login(people["supervisor"])
    data = {"key": "hold.x", "title": "x", "category": "hold", "text": "请稍等。"}
    for url in (
        reverse("script_edit", args=["hold.ask"]),
        reverse("script_new"),
        reverse("script_preview"),
    ):
        assert c.post(url, data).status_code == 403, url
    assert ScriptRevision.objects.count() == 0


# --- the library page ------------------------------------------------------------------


def test_the_library_shows_scripts_by_category_with_source_and_kinds(people):
    page = client_for(people["agent"]).get(reverse("script_library")).content.decode()
    assert 'id="cat-hold"' in page and "请客户等待" in page
    ask = page.split('data-key="hold.ask"')[1].split("</li>")[0]
    assert "请客户稍等（帮您查询）" in ask
    assert "这个问题我帮您查询一下好吗？请您稍等一下。" in ask
    assert "000 电话礼仪·查询用语" in ask
    dormant = page.split('data-key="dormant.voucher"')[1].split("</li>")[0]
    assert "休眠用户关怀" in dormant  # the kind's label
    opening = page.split('data-key="opening.default"')[1].split("</li>")[0]
    assert '<var class="ph" title="坐席工号（XX号坐席）">{agent_no}</var>' in opening


def test_taboos_have_their_own_section_and_are_never_offered(people):
    page = client_for(people["agent"]).get(reverse("script_library")).content.decode()
    taboo = page.split('id="cat-taboo"')[1]
    assert "服务禁语" in taboo and "禁说：你好像不明白" in taboo
    before = page.split('id="cat-taboo"')[0]
    assert "禁说" not in before
    found = search(people["agent"], "你好像不明白").content.decode()
    assert "<li" not in found and "禁说" not in found


def test_the_library_page_answers_a_search_without_javascript(people):
    page = (
        client_for(people["agent"]).get(reverse("script_library"), {"q": "开车"}).content.decode()
    )
    results = page.split('id="script-results"')[1].split('class="script-cats"')[0]
    assert "请您注意行车安全" in results
    assert 'hx-trigger="input changed delay:300ms, search"' in page


def test_the_library_page_stays_within_its_query_budget(people, django_assert_max_num_queries):
    c = client_for(people["supervisor"])
    ScriptRevision.objects.create(key="hold.ask", category="hold", title="稍等", text="请稍等。")
    ScriptRevision.objects.create(
        key="situation.declined",
        category="situation",
        title="x",
        text="y",
        hidden=True,
        author=people["supervisor"],
    )
    c.get(reverse("script_library"))
    # session, user, two for permissions, the library's state, the hidden revisions
    with django_assert_max_num_queries(7):  # with the header's bell
        page = c.get(reverse("script_library")).content.decode()
    assert "请稍等。" in page and 'id="hidden-scripts"' in page


# --- the search partial ----------------------------------------------------------------


def test_search_fills_only_the_agents_words_without_a_call(people):
    text = search(people["agent"], "工号").content.decode()
    assert '<li class="script" data-key="greeting.self_intro">' in text
    assert "您好，我是长城汽车呼叫中心1024号坐席。" in text
    assert 'class="copy" data-text="您好，我是长城汽车呼叫中心1024号坐席。"' in text
    opening = search(people["agent"], "回访开场白 通用").content.decode()
    assert (
        "{greeting}！我是长城汽车呼叫中心1024号坐席，请问您是{customer_name}{title}吗？" in opening
    )


def test_search_fills_the_customer_of_the_agents_own_call(people):
    task = leased(people["agent"])
    text = search(people["agent"], "回访开场白 通用", task=task.pk).content.decode()
    assert "请问您是王建国先生吗？" in text
    assert "我是长城汽车呼叫中心1024号坐席" in text
    assert "主要是了解您对最近一次保养服务的感受" in text
    assert "{greeting}" not in text
    verify = search(people["agent"], "核对客户资料", task=task.pk).content.decode()
    assert "您的车辆是哈弗H6，车牌号是京A12345" in verify


def test_another_agents_call_leaks_nothing(people):
    theirs = leased(people["other"], name="赵秘密", purpose="秘密的回访目的")
    text = search(people["agent"], "回访开场白 通用", task=theirs.pk).content.decode()
    assert "赵秘密" not in text and "秘密的回访目的" not in text
    assert "{customer_name}{title}" in text and "1024号坐席" in text  # still the agent's own
    theirs.state = "closed"
    theirs.save()
    for task in (str(theirs.pk), "abc", "-1", ""):
        text = search(people["other"], "回访开场白 通用", task=task).content.decode()
        assert "赵秘密" not in text  # a call no longer in hand shows nothing either


def test_search_partial_query_budget(people, django_assert_max_num_queries):
    task = leased(people["agent"])
    c = client_for(people["agent"])
    c.get(reverse("script_search"), {"q": "开场白", "task": task.pk})
    # session, user, two for permissions, the library's state, the task, its vehicles,
    # the agent's profile
    with django_assert_max_num_queries(8):
        answer = c.get(reverse("script_search"), {"q": "开场白", "task": task.pk})
    assert "王建国" in answer.content.decode()


def test_an_empty_or_unmatched_search(people):
    assert "<li" not in search(people["agent"], "").content.decode()
    text = search(people["agent"], "火星车").content.decode()
    assert "没有找到与“火星车”相关的话术" in text


# --- editing ---------------------------------------------------------------------------


def form_of(key="hold.ask", **changes):
    script = current_library().get(key)
    data = {
        "title": script.title,
        "category": script.category,
        "text": script.text,
        "kinds": list(script.kinds),
        "tags": " ".join(script.tags),
    }
    data.update(changes)
    return data


def test_a_supervisor_edits_a_script(people):
    c = client_for(people["supervisor"])
    url = reverse("script_edit", args=["hold.ask"])
    page = c.get(url).content.decode()
    assert "{customer_name}" in page and "客户姓名" in page  # the placeholders explained
    assert "这个问题我帮您查询一下好吗？请您稍等一下。" in page
    answer = c.post(url, form_of(text="请您稍等，我帮您查询一下，好吗？", tags="稍等、查询"))
    assert answer.status_code == 302
    assert answer["Location"] == reverse("script_library") + "#script-hold.ask"
    assert current_library().get("hold.ask").tags == ("稍等", "查询")
    page = c.get(reverse("script_library")).content.decode()
    assert "请您稍等，我帮您查询一下，好吗？" in page
    history = c.get(url).content.decode().split("<h2>修改记录</h2>")[1]
    assert "请您稍等，我帮您查询一下，好吗？" in history
    assert "这个问题我帮您查询一下好吗？请您稍等一下。" in history  # the file's version
    assert "supervisor" in history


def test_an_error_is_shown_next_to_its_field_and_nothing_is_stored(people):
    c = client_for(people["supervisor"])
    answer = c.post(
        reverse("script_edit", args=["hold.ask"]), form_of(text="请稍等{customer}", title="")
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    text_field = page.split('id="id_text"')[1].split('class="field kinds"')[0]
    assert "未知占位符 {customer}" in text_field
    title_field = page.split('for="id_title"')[1].split('for="id_category"')[0]
    assert "field-error" in title_field
    assert "请稍等{customer}" in page  # what she wrote is kept in the form
    assert ScriptRevision.objects.count() == 0


def test_hiding_and_the_required_scripts(people):
    c = client_for(people["supervisor"])
    answer = c.post(reverse("script_edit", args=["hold.ask"]), form_of(hidden="on"))
    assert answer.status_code == 400 and "不能隐藏" in answer.content.decode()
    answer = c.post(
        reverse("script_edit", args=["situation.declined"]),
        form_of("situation.declined", hidden="on"),
    )
    assert answer.status_code == 302
    assert "situation.declined" not in current_library()
    page = c.get(reverse("script_edit", args=["situation.declined"])).content.decode()
    assert "这条话术现在是隐藏的" in page


def test_a_new_script(people):
    c = client_for(people["supervisor"])
    page = c.get(reverse("script_new"), {"category": "situation"}).content.decode()
    assert '<option value="situation" selected>' in page
    data = {
        "title": "车内有宠物",
        "category": "situation",
        "text": "请不要把宠物单独留在车内。",
        "kinds": ["holiday"],
    }
    for bad, message in (("Pets", "应为小写字母"), ("hold.ask", "已经有了"), ("", "必填")):
        answer = c.post(reverse("script_new"), {**data, "key": bad})
        assert answer.status_code == 400 and message in answer.content.decode(), bad
    assert ScriptRevision.objects.count() == 0
    answer = c.post(reverse("script_new"), {**data, "key": "situation.pet"})
    assert answer.status_code == 302
    script = current_library().get("situation.pet")
    assert script.kinds == ("holiday",) and script.category == "situation"
    assert [s.key for s in current_library().in_category("situation")][-1] == "situation.pet"


def test_unknown_keys_are_not_found(people):
    c = client_for(people["supervisor"])
    assert c.get(reverse("script_edit", args=["no.such"])).status_code == 404


def test_the_live_preview_fills_examples_and_names_unknown_placeholders(people):
    c = client_for(people["supervisor"])
    answer = c.post(reverse("script_preview"), {"text": "请问您是{customer_name}{title}吗？{oops}"})
    text = answer.content.decode()
    assert "请问您是王建国先生吗？" in text
    assert "未知占位符 {oops}" in text
