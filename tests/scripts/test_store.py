"""Supervisors' edits (D6): appended as revisions, laid over the files, checked by the
library's rules; a refused edit stores nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huifang.scripts import store
from huifang.scripts.models import ScriptRevision
from huifang.scripts.store import RevisionRefused, current_library, history, save_revision
from tests import factories as f

pytestmark = pytest.mark.django_db


def edit(key="hold.ask", author=None, **changes):
    script = current_library().get(key) if key in current_library() else None
    fields = {
        "title": script.title if script else "新话术",
        "text": script.text if script else "新的话。",
        "category": script.category if script else "hold",
        "kinds": list(script.kinds) if script else [],
        "tags": list(script.tags) if script else [],
        "hidden": False,
    }
    fields.update(changes)
    return save_revision(key, author=author, **fields)


def test_an_edit_changes_the_library_in_use_and_keeps_the_history():
    supervisor = f.agent("supervisor", role="supervisor")
    before = current_library().get("hold.ask")
    edit(text="请您稍等，我帮您查询一下，好吗？", author=supervisor)
    edit(text="请您稍等片刻，我马上帮您查询，好吗？", tags=["稍等", "查询"], author=supervisor)
    now = current_library().get("hold.ask")
    assert now.text == "请您稍等片刻，我马上帮您查询，好吗？"
    assert now.tags == ("稍等", "查询")
    assert (now.category, now.title, now.source) == (before.category, before.title, before.source)
    assert current_library().keys().index("hold.ask") == store.base_library().keys().index(
        "hold.ask"
    )
    texts = [r.text for r in history("hold.ask")]
    assert texts == ["请您稍等片刻，我马上帮您查询，好吗？", "请您稍等，我帮您查询一下，好吗？"]
    assert history("hold.ask")[0].author == supervisor
    assert store.base_library().get("hold.ask").text == before.text  # the file is untouched


def test_hidden_scripts_leave_the_library_and_come_back():
    edit("situation.declined", hidden=True)
    assert "situation.declined" not in current_library()
    assert [r.key for r in store.hidden_keys()] == ["situation.declined"]
    script, hidden = store.editable("situation.declined")
    assert hidden and script.title == "客户不愿接受回访"
    edit("situation.declined", hidden=False)
    assert "situation.declined" in current_library()
    assert store.hidden_keys() == []


def test_a_new_key_joins_its_category():
    save_revision(
        "hold.pet",
        title="等待时的宠物提醒",
        text="请您稍等，{surname}{title}。",
        category="hold",
        kinds=[],
        tags=["宠物"],
    )
    library = current_library()
    hold = [s.key for s in library.in_category("hold")]
    assert hold[-1] == "hold.pet"
    assert library.keys().index("hold.pet") == library.keys().index(hold[-2]) + 1
    assert library.get("hold.pet").source == ""
    assert store.key_in_use("hold.pet") and store.key_in_use("hold.ask")
    assert not store.key_in_use("hold.nothing")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": "请稍等{customer}"}, "text", "未知占位符 {customer}"),
        ({"title": "{客户}"}, "title", "未知占位符 {客户}"),
        ({"text": "   "}, "text", "不能为空"),
        ({"title": ""}, "title", "不能为空"),
        ({"category": "nowhere"}, "category", "未知分类 'nowhere'"),
        ({"kinds": ["sales"]}, "kinds", "未知项目类型 sales"),
        ({"hidden": True}, "hidden", "不能隐藏"),
    ],
)
def test_a_bad_edit_is_refused_by_field_and_nothing_is_stored(changes, field, message):
    with pytest.raises(RevisionRefused) as refused:
        edit(**changes)
    assert field in refused.value.errors
    assert message in refused.value.errors[field][0]
    label = {
        "text": "话术内容",
        "title": "标题",
        "category": "分类",
        "kinds": "适用项目类型",
        "hidden": "隐藏",
    }
    assert str(refused.value).startswith(label[field] + "：")
    assert ScriptRevision.objects.count() == 0
    assert current_library().get("hold.ask") == store.base_library().get("hold.ask")


def test_a_bad_key_is_refused():
    with pytest.raises(RevisionRefused) as refused:
        save_revision("Hold Ask", title="x", text="y", category="hold")
    assert "key" in refused.value.errors
    assert ScriptRevision.objects.count() == 0


def test_the_library_costs_one_query_when_nothing_changed():
    current_library()
    with CaptureQueriesContext(connection) as queries:
        first = current_library()
        second = current_library()
    assert len(queries) == 2 and first is second
    edit(text="请您稍等。")
    assert current_library() is not first  # another process's edit is seen the same way


def test_a_revision_whose_category_went_away_keeps_the_files_category():
    ScriptRevision.objects.create(
        key="hold.ask", category="gone", title="稍等", text="请您稍等。", kinds=[], tags=[]
    )
    ScriptRevision.objects.create(key="x.new", category="gone", title="x", text="y")
    library = current_library()
    assert library.get("hold.ask").category == "hold"
    assert library.get("hold.ask").text == "请您稍等。"
    assert "x.new" not in library


def test_a_centres_file_is_merged_under_the_revisions(tmp_path, settings):
    centre = tmp_path / "centre.yaml"
    centre.write_text(
        "scripts:\n  - key: hold.ask\n    text: 中心自己的稍等话术。\n"
        "  - key: situation.declined\n    hidden: true\n",
        encoding="utf-8",
    )
    settings.HUIFANG = {**settings.HUIFANG, "SCRIPTS_FILE": str(centre)}
    library = current_library()
    assert library.get("hold.ask").text == "中心自己的稍等话术。"
    assert "situation.declined" not in library
    edit(text="主管改过的稍等话术。")
    assert current_library().get("hold.ask").text == "主管改过的稍等话术。"


def test_the_system_check_reports_a_broken_centre_file(tmp_path, settings):
    from huifang.scripts.checks import script_files

    centre = tmp_path / "centre.yaml"
    centre.write_text("scripts:\n  - key: hold.ask\n    text: 稍等{who}\n", encoding="utf-8")
    settings.HUIFANG = {**settings.HUIFANG, "SCRIPTS_FILE": str(centre)}
    (error,) = script_files()
    assert error.id == "scripts.E001"
    assert "第 2 行 话术 hold.ask text：未知占位符 {who}" in error.msg
    settings.HUIFANG = {**settings.HUIFANG, "SCRIPTS_FILE": None}
    assert script_files() == []
