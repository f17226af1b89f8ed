"""micrograd-tutor check holds the test's forms: parallel, the same answer kind, a right answer
the engine computed; it fails on a pair that is not."""

from tutor import commands
from tutor.concepttest import check
from tutor.concepttest.check import check_forms
from tutor.concepttest.items import ITEMS, Item, Source, find_item


def run(items):
    lines = []
    return check_forms(lines.append, items=items), lines


def test_every_item_of_the_test_passes():
    failures, lines = run(ITEMS)
    assert failures == 0, "\n".join(lines)
    assert lines[-1] == "test items: 20  forms: 40  failures: 0"
    assert sum(line.startswith("ok   test ") for line in lines) == 20


def test_forms_of_another_answer_kind_fail():
    mixed = Item("mixed", "sign", "a sign and a number", Source("sign", 1, 0),
                 Source("plus", 1, 13))
    failures, lines = run([mixed])
    assert failures >= 1
    assert "FAIL test mixed" in lines[0]
    assert "form A asks for a sign, form B for a number" in "\n".join(lines)


def test_forms_of_another_structure_fail_and_say_where():
    # local level 1: seed 0 divides by a constant, seed 1 does something else
    from lessons.practice.skills import make_problem
    from tutor.concepttest.forms import shape

    other = next(s for s in range(1, 50)
                 if shape(make_problem("local", 1, s)) != shape(make_problem("local", 1, 0))
                 and make_problem("local", 1, s).question.kind == "number")
    bad = Item("bad", "local", "two variants", Source("local", 1, 0), Source("local", 1, other))
    failures, lines = run([bad])
    text = "\n".join(lines)
    assert failures >= 1 and "forms A and B differ in structure:" in text
    assert "graph" in text or "node asked about" in text


def test_forms_with_the_same_numbers_fail():
    item = find_item("times-1")
    same = Item("same", "times", "one seed twice", item.a, item.a)
    failures, lines = run([same])
    assert failures >= 1 and "forms A and B have the same numbers" in "\n".join(lines)


def test_a_wrong_engine_answer_fails(monkeypatch):
    real = check.problem_of

    def broken(item, form):
        p = real(item, form)
        if form == "B":
            p.numeric = lambda h: p.question.answer + 1     # the check disagrees now
        return p

    monkeypatch.setattr(check, "problem_of", broken)
    failures, lines = run([find_item("plus-1")])
    assert failures == 1
    assert "form B: the engine's answer" in "\n".join(lines)


def test_a_generator_that_fails_is_reported_not_raised():
    ghost = Item("ghost", "sign", "no such generator", Source("nothing", 1, 0),
                 Source("nothing", 1, 1))
    failures, lines = run([ghost])
    assert failures == 2 and "cannot be made: ValueError" in lines[1]


def test_the_check_command_fails_when_the_forms_do(monkeypatch):
    monkeypatch.setattr("tutor.check.check_course", lambda out: 0)    # the lessons: fine
    lines = []
    assert commands.check(lines.append) == 0
    assert lines[-1] == "test items: 20  forms: 40  failures: 0"
    mixed = Item("mixed", "sign", "mixed", Source("sign", 1, 0), Source("plus", 1, 13))
    monkeypatch.setattr(check, "ITEMS", (mixed,))
    assert commands.check(lines.append) == 1
    assert "FAIL test mixed" in "\n".join(lines)
