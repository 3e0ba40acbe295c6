"""The listening self-test 聆听小测试 (G4): the core (scoring, the seed's bands, answers
and data files refused with their place) and the pages, tried as the agent who took
the test, another agent, a supervisor, a QA inspector and nobody."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from huifang.quality import listening
from huifang.quality.listening import AnswersError, ListeningError, load_test
from huifang.quality.models import SelfTest
from tests import factories as f
from tests.calls.centre import client_for

TEST = listening.default_test()
NOW = f.at("2026-11-24 10:00")


def answers_worth(total: int) -> dict[str, int]:
    """Answers scoring exactly `total`: points spread over the statements from the
    first, each answer chosen so that the statement (reversed or not) gives them."""
    count = len(TEST.statements)
    assert count <= total <= 5 * count
    extra = total - count  # above one point each
    answers = {}
    for s in TEST.statements:
        points = 1 + min(4, extra)
        extra -= points - 1
        answers[s.id] = 6 - points if s.reverse else points
    return answers


def straight(value: int) -> dict[str, int]:
    """Every statement answered `value` as it is read (5 几乎总是 … 1 几乎从不)."""
    return {s.id: value for s in TEST.statements}


# --- the test as data --------------------------------------------------------------


def test_twenty_statements_on_a_five_point_scale_make_a_hundred():
    assert len(TEST.statements) == 20
    assert len({s.id for s in TEST.statements}) == 20
    assert [c.label for c in TEST.scale] == ["几乎总是", "经常", "有时", "很少", "几乎从不"]
    assert [c.value for c in TEST.scale] == [5, 4, 3, 2, 1]
    assert (TEST.minimum, TEST.maximum) == (20, 100)
    assert [s.number for s in TEST.statements] == list(range(1, 21))
    reversed_ = {s.id for s in TEST.statements if s.reverse}
    assert "answer_ready" in reversed_  # 我会在客户说完之前就想好怎么回答
    assert 5 <= len(reversed_) <= 10


def test_the_bands_are_the_seeds_words():
    assert [(b.low, b.high, b.label) for b in TEST.bands] == [
        (90, 100, "你是一个优秀的聆听者"),
        (80, 89, "你是一个很好的聆听者"),
        (65, 79, "你是一个勇于改进，尚算良好的聆听者"),
        (50, 64, "在有效聆听方面，你确实需要再提高"),
        (0, 49, "你是一个不合格的聆听者"),
    ]
    assert all(b.advice for b in TEST.bands)


# --- scoring and bands -------------------------------------------------------------


@pytest.mark.parametrize(
    "score, key",
    [
        (100, "excellent"),
        (90, "excellent"),
        (89, "good"),
        (80, "good"),
        (79, "improving"),
        (65, "improving"),
        (64, "needs_work"),
        (50, "needs_work"),
        (49, "not_acceptable"),
        (20, "not_acceptable"),
    ],
)
def test_every_band_boundary(score, key):
    assert listening.score(answers_worth(score)) == score
    assert listening.band(score).key == key


@pytest.mark.parametrize("score", [101, -1, 1000])
def test_a_score_outside_the_bands_is_refused(score):
    with pytest.raises(ValueError, match=str(score)):
        listening.band(score)


def test_reverse_statements_score_six_minus_the_answer():
    assert listening.score(straight(5)) == 5 * 12 + 1 * 8  # good and bad habits alike
    assert listening.score(straight(1)) == 1 * 12 + 5 * 8
    best = {s.id: 1 if s.reverse else 5 for s in TEST.statements}
    assert listening.score(best) == 100
    one_less = dict(best, answer_ready=2)  # 很少 想好怎么回答: 4 points, not 5
    assert listening.score(one_less) == 99
    one_less = dict(best, let_finish=4)  # 经常 不打断: 4 points
    assert listening.score(one_less) == 99


def test_a_forms_digits_count_as_numbers():
    answers = {key: str(value) for key, value in answers_worth(77).items()}
    assert listening.score(answers) == 77
    assert listening.check(answers) == answers_worth(77)


@given(st.lists(st.integers(1, 5), min_size=20, max_size=20))
def test_any_complete_answers_score_between_20_and_100(values):
    answers = dict(zip((s.id for s in TEST.statements), values, strict=True))
    total = listening.score(answers)
    assert 20 <= total <= 100
    assert listening.band(total) in TEST.bands


def test_a_missing_answer_is_refused_naming_the_statement():
    answers = straight(3)
    del answers["answer_ready"]
    answers["open_mind"] = ""
    with pytest.raises(AnswersError) as caught:
        listening.score(answers)
    assert caught.value.messages == [
        "第 2 题「我会在客户说完之前就想好怎么回答。」还没有回答",
        "第 11 题「我带着开放的心态去听，不因为客户的口音、语气或以往的印象而先下结论。」还没有回答",
    ]
    assert set(caught.value.by_statement) == {"answer_ready", "open_mind"}


@pytest.mark.parametrize("value", [0, 6, -1, "7", "abc", "3.5", True, None, 4.0])
def test_an_answer_outside_one_to_five_is_refused(value):
    answers = dict(straight(3), let_finish=value)
    with pytest.raises(AnswersError) as caught:
        listening.check(answers)
    [(sid, message)] = caught.value.problems
    assert sid == "let_finish"
    assert message.startswith("第 1 题「客户说话时，我不打断，等对方把话说完。」")


def test_an_answer_to_no_statement_is_refused():
    with pytest.raises(AnswersError, match="没有编号为 'listen_harder' 的题目"):
        listening.check(dict(straight(3), listen_harder=5))


# --- a data file that cannot be used ---------------------------------------------------


def broken(tmp_path, old: str, new: str):
    text = listening.DATA.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "listening.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if fragment in line)


def test_our_file_loads():
    assert load_test() == TEST


def test_a_reverse_that_is_not_true_or_false_is_refused_with_its_line(tmp_path):
    path = broken(
        tmp_path,
        "text: 我会在客户说完之前就想好怎么回答。\n    reverse: true",
        "text: 我会在客户说完之前就想好怎么回答。\n    reverse: yes",
    )
    with pytest.raises(ListeningError) as caught:
        load_test(path)
    line = line_of(path, "id: answer_ready")
    assert caught.value.name == str(path)
    assert caught.value.problems == [f"第 {line} 行 第 2 题 reverse：应为 true 或 false"]
    assert str(caught.value) == f"{path}: 第 {line} 行 第 2 题 reverse：应为 true 或 false"


def test_a_gap_between_bands_is_refused_with_its_line(tmp_path):
    path = broken(tmp_path, "low: 80\n    high: 89", "low: 80\n    high: 88")
    with pytest.raises(ListeningError) as caught:
        load_test(path)
    line = line_of(path, "key: good")
    assert caught.value.problems == [f"第 {line} 行 第 2 个分数段：high 应为 89，紧接上一段的下限"]


def test_bands_that_stop_above_the_lowest_score_are_refused(tmp_path):
    path = broken(tmp_path, "low: 0\n", "low: 30\n")
    with pytest.raises(ListeningError, match="最后一段的下限应不高于最低可能得分 20"):
        load_test(path)


def test_every_problem_is_reported_at_once(tmp_path):
    path = broken(tmp_path, "  - id: let_finish\n", "  - id: let_finish\n    weight: 2\n")
    path.write_text(
        path.read_text(encoding="utf-8").replace("    label: 经常\n", "    label: ''\n"),
        encoding="utf-8",
    )
    with pytest.raises(ListeningError) as caught:
        load_test(path)
    assert [line for line, _message in caught.value.rows] == [
        line_of(path, "value: 4"),
        line_of(path, "id: let_finish"),
    ]
    assert "第 2 个选项 label：不能为空" in caught.value.rows[0][1]
    assert "第 1 题：未知字段 'weight'" in caught.value.rows[1][1]


def test_a_file_that_is_not_yaml_is_refused_with_its_line(tmp_path):
    path = broken(tmp_path, "  - id: restate\n", "  - id: [restate\n")
    with pytest.raises(ListeningError) as caught:
        load_test(path)
    [(line, message)] = caught.value.rows
    assert line is not None and line >= line_of(path, "id: [restate")
    assert message.startswith("不是有效的 YAML")


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(ListeningError, match="文件不存在"):
        load_test(tmp_path / "nowhere.yaml")


# --- the pages ---------------------------------------------------------------------------


@pytest.fixture
def people(db):
    qa = f.agent("qa", role="qa")  # whatever else the role holds, an inspector inspects
    qa.user_permissions.add(Permission.objects.get(codename="inspect_call"))
    return {
        "agent": f.agent("agent1"),
        "other": f.agent("agent2"),
        "supervisor": f.agent("supervisor", role="supervisor"),
        "qa": qa,
    }


def sit(user, score: int, at=NOW) -> SelfTest:
    answers = answers_worth(score)
    return SelfTest.objects.create(user=user, taken_at=at, answers=answers, score=score)


def text(response) -> str:
    return response.content.decode()


def test_an_agent_takes_the_test_and_sees_her_band(people, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    c = client_for(people["agent"])
    form = c.get(reverse("quality:listening"))
    assert form.status_code == 200
    page = text(form)
    assert "我会在客户说完之前就想好怎么回答。" in page
    assert page.count('type="radio"') == 100
    assert '<label class="choice"><input type="radio" name="let_finish" value="5" required>' in page
    answers = answers_worth(84)
    done = c.post(reverse("quality:listening"), answers)
    sitting = SelfTest.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("quality:listening_result", args=[sitting.pk])
    assert (sitting.user, sitting.score, sitting.answers) == (people["agent"], 84, answers)
    assert sitting.taken_at == NOW
    result = text(c.get(done["Location"]))
    assert "84" in result
    assert "你是一个很好的聆听者" in result
    assert TEST.band(84).advice in result
    assert "再测一次" in result


def test_a_missing_answer_shows_the_form_again_and_keeps_nothing(people):
    c = client_for(people["agent"])
    answers = answers_worth(70)
    del answers["give_response"]
    page = c.post(reverse("quality:listening"), answers)
    assert page.status_code == 400
    assert "第 3 题「客户说得比较久时" in text(page)
    assert "还没有回答" in text(page)
    assert 'href="#s-give_response"' in text(page)
    assert 'name="give_response" value="5" required autofocus' in text(page)
    assert f'name="let_finish" value="{answers["let_finish"]}" required checked' in text(page)
    assert not SelfTest.objects.exists()


def test_an_out_of_range_answer_shows_the_form_again(people):
    c = client_for(people["agent"])
    page = c.post(reverse("quality:listening"), dict(answers_worth(70), hurry="9"))
    assert page.status_code == 400
    assert (
        "第 20 题「客户说话慢或说得啰嗦时，我会不耐烦，催他说重点。」的回答应为 1 到 5，收到 9"
        in (text(page))
    )
    assert not SelfTest.objects.exists()


def test_she_sees_her_earlier_sittings(people):
    agent = people["agent"]
    first = sit(agent, 58, NOW - timedelta(days=30))
    latest = sit(agent, 91, NOW)
    sit(people["other"], 45)
    page = text(client_for(agent).get(reverse("quality:listening_result", args=[latest.pk])))
    assert "你是一个优秀的聆听者" in page
    assert "在有效聆听方面，你确实需要再提高" in page  # the earlier one's band
    assert reverse("quality:listening_result", args=[first.pk]) in page
    assert page.index("2026-11-24 10:00") < page.index("2026-10-25 10:00")
    assert ">45<" not in page  # not another agent's


def test_another_agent_gets_404(people):
    sitting = sit(people["agent"], 72)
    response = client_for(people["other"]).get(
        reverse("quality:listening_result", args=[sitting.pk])
    )
    assert response.status_code == 404


def test_a_missing_result_is_404(people):
    response = client_for(people["agent"]).get(reverse("quality:listening_result", args=[999]))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["supervisor", "qa"])
def test_supervisors_and_qa_inspectors_see_any_result(people, who):
    agent = people["agent"]
    agent.first_name = "李娜"
    agent.save()
    sitting = sit(agent, 47)
    page = client_for(people[who]).get(reverse("quality:listening_result", args=[sitting.pk]))
    assert page.status_code == 200
    assert "李娜" in text(page)
    assert "你是一个不合格的聆听者" in text(page)
    assert "再测一次" not in text(page)  # not theirs to retake


def test_a_department_handler_is_kept_out(people):
    handler = f.agent("dept", role="dept")
    sitting = sit(people["agent"], 72)
    response = client_for(handler).get(reverse("quality:listening_result", args=[sitting.pk]))
    assert response.status_code == 404


def test_nobody_is_sent_to_log_in(people):
    sitting = sit(people["agent"], 72)
    for url in (
        reverse("quality:listening"),
        reverse("quality:listening_result", args=[sitting.pk]),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = Client().post(reverse("quality:listening"), answers_worth(72))
    assert response.status_code == 302
    assert not SelfTest.objects.exclude(pk=sitting.pk).exists()
