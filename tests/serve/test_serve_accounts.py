"""The class roster: codes and passwords kept hashed, a code spent by the first sign-in,
names checked, and the `class` command's lines."""

import sqlite3
import subprocess
import sys

import pytest

from tutor.serve.accounts import Accounts, NameError_, check_name


def test_a_code_signs_in_once_then_the_password_does(tmp_path):
    roster = Accounts(tmp_path / "class.sqlite3")
    code = roster.add("Ada")
    assert roster.sign_in("ada", "not it") == (None, False)
    person, by_code = roster.sign_in("ada", code.upper())         # read aloud, typed in caps
    assert person.name == "ada" and by_code and not person.has_password
    roster.set_password("ada", "a long passphrase")
    assert roster.sign_in("ada", code) == (None, False)           # the code is spent
    person, by_code = roster.sign_in("ada", "a long passphrase")
    assert person.has_password and not by_code
    with pytest.raises(ValueError, match="at least 8"):
        roster.set_password("ada", "short")


def test_nothing_secret_is_stored_as_typed(tmp_path):
    roster = Accounts(tmp_path / "class.sqlite3")
    code = roster.add("ada")
    roster.set_password("ada", "a long passphrase")
    new = roster.new_code("ada")                 # a forgotten password: the teacher's new code
    assert roster.sign_in("ada", "a long passphrase") == (None, False)
    raw = (tmp_path / "class.sqlite3").read_bytes()
    rows = sqlite3.connect(tmp_path / "class.sqlite3").execute("SELECT * FROM people").fetchall()
    for secret in (code, new, "a long passphrase"):
        assert secret.encode() not in raw and all(secret not in map(str, r) for r in rows)
    assert oct((tmp_path / "class.sqlite3").stat().st_mode & 0o777) == "0o600"


def test_names_are_sign_in_names():
    assert check_name(" Ada.L ") == "ada.l"
    for bad in ("", "9lives", "a b", "x" * 40, "ada;drop", "../etc"):
        with pytest.raises(NameError_):
            check_name(bad)


def test_the_class_command_adds_lists_and_removes(tutor_home):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "tutor.cli", "class", *args],
                              capture_output=True, text=True, timeout=120)

    added = run("add", "ada", "bob")
    lines = added.stdout.split("\n")
    assert added.returncode == 0 and lines[0].startswith("ada ") and lines[1].startswith("bob ")
    code = lines[0].split()[1]
    assert Accounts(tutor_home / "class" / "class.sqlite3").sign_in("ada", code)[1]
    assert run("add", "--teacher", "tess").returncode == 0
    listing = run("list").stdout
    assert "tess  teacher  code not used yet" in listing and "2 learners, 1 teacher" in listing
    bad = run("add", "Bad Name!")
    assert bad.returncode == 2 and "cannot be a sign-in name" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert run("remove", "bob").returncode == 0
    assert run("remove", "bob").returncode == 1
    roster = tutor_home / "roster.csv"
    roster.write_text("name,email\ncy,cy@example.org\ndee,dee@example.org\n")
    from_csv = run("add", "--csv", str(roster))
    assert [line.split()[0] for line in from_csv.stdout.split("\n") if line] == ["cy", "dee"]


def test_serve_says_why_the_class_store_cannot_be_opened_before_it_listens(tutor_home):
    import socket

    with socket.socket() as s:                 # a loopback port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = subprocess.run(
        [sys.executable, "-m", "tutor.cli", "serve", "--port", "0",
         "--db", f"postgresql://tutor:hunter22@127.0.0.1:{port}/class"],
        capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stderr
    assert "cannot serve: the class's store postgresql://tutor@127.0.0.1" in run.stderr
    assert "could not be reached" in run.stderr and "hunter22" not in run.stderr
    assert "Traceback" not in run.stderr
