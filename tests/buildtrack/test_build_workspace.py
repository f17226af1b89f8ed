"""The learner's files are theirs: the tutor adds what a new exercise needs, never
writes over their code, and resets only when asked, keeping a backup."""

from build_helpers import E, N, T, solved_workspace
from tutor.buildtrack import regions, stages
from tutor.buildtrack.exercises import EXERCISES, find_exercise
from tutor.buildtrack.workspace import Workspace


def test_the_first_exercise_creates_only_its_file_and_region(tmp_path):
    ws = Workspace(tmp_path)
    changes = ws.start(find_exercise("value"))
    assert [c.message for c in changes] == ["created micrograd/engine.py"]
    text = ws.read(E)
    assert regions.find(text, "value") is not None
    assert regions.find(text, "add-mul") is None
    assert not ws.exists(N) and not ws.exists(T)
    assert ws.exists("micrograd/__init__.py")
    compile(text, E, "exec")


def test_a_new_exercise_adds_its_region_inside_the_class_and_keeps_every_byte_else(tmp_path):
    ws = Workspace(tmp_path)
    ws.start(find_exercise("value"))
    mine = ws.read(E).replace('        raise NotImplementedError("exercise 1")\n',
                              "        self.data = data  # mine\n", 1)
    ws.save(E, mine + "    # my own comment, inside the class\n")
    before = ws.read(E)
    changes = ws.start(find_exercise("tanh"))
    after = ws.read(E)
    assert [c.message.split("(")[1].split(")")[0] for c in changes] == [
        "add-mul", "backward", "reflected", "tanh"]
    for line in before.splitlines():  # every line of the learner's is still there, in order
        assert line in after
    assert after.index("# my own comment") < after.index("# >>> add-mul")
    compile(after, E, "exec")
    assert ws.start(find_exercise("tanh")) == []      # a second start changes nothing
    assert ws.read(E) == after


def test_a_region_whose_markers_were_deleted_is_not_added_again_over_the_learners_code(tmp_path):
    ws = solved_workspace(tmp_path, done=8, started=8)
    text = ws.read(E).replace("    # >>> tanh  (exercise 8)\n", "").replace("    # <<< tanh\n", "")
    ws.save(E, text)
    ws.start(find_exercise("tanh"))
    assert ws.read(E) == text         # def tanh is there: no stub after it


def test_a_region_is_added_to_a_file_that_does_not_parse(tmp_path):
    ws = Workspace(tmp_path)
    ws.start(find_exercise("value"))
    broken = ws.read(E).replace("    def __repr__(self):", "    def __repr__(self:")
    ws.save(E, broken)
    ws.start(find_exercise("add-mul"))
    text = ws.read(E)
    assert text.startswith(broken.rstrip("\n"))
    assert regions.find(text, "add-mul") is not None


def test_a_top_level_region_goes_before_the_main_block(tmp_path):
    text = "import x\n\n\nif __name__ == '__main__':\n    main()\n"
    new, placed = regions.insert(text, "# >>> train\ndef train(): pass\n# <<< train", None)
    assert placed
    assert new.index("# >>> train") < new.index("if __name__")


def test_a_class_that_is_gone_gets_the_region_at_the_end_and_says_so(tmp_path):
    ws = Workspace(tmp_path)
    ws.save(E, "# I renamed everything\nclass Number:\n    pass\n")
    changes = ws.start(find_exercise("value"))
    assert "at the end" in changes[0].message and "class Value" in changes[0].message
    assert regions.find(ws.read(E), "value") is not None


def test_reset_asks_for_nothing_itself_backs_up_and_touches_only_its_regions(tmp_path):
    ws = solved_workspace(tmp_path)
    mine = ws.read(E).replace("(1 - t**2)", "(1 - t)")        # a wrong tanh
    mine = mine.replace("    def backward(self):", "    def backward(self):  # mine", 1)
    ws.save(E, mine)
    changes = ws.reset(find_exercise("tanh"))
    after = ws.read(E)
    assert "def backward(self):  # mine" in after               # other regions kept
    assert regions.body(after, "tanh") == "\n".join(stages.starter_block("tanh").body)
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and backups[0].read_text() == mine
    assert "backups" in changes[0].message


def test_reset_of_an_exercise_that_changes_earlier_code_restores_that_code_as_it_was(tmp_path):
    ws = solved_workspace(tmp_path)
    ws.reset(find_exercise("accumulate"))             # back to exercise 5's __add__ (=)
    body = regions.body(ws.read(E), "add-mul")
    assert "self.grad = 1.0 * out.grad" in body
    assert "+=" not in body


def test_every_starter_and_every_stage_is_valid_python(tmp_path):
    for file in stages.FILES:
        compile(stages.starter_text(file), file, "exec")
    for n in range(len(EXERCISES) + 1):
        for file, text in stages.stage_files(n, len(EXERCISES)).items():
            compile(text, f"{file} at stage {n}", "exec")
