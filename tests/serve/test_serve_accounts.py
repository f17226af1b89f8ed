"""The class roster in the class's store (SQLite and PostgreSQL): codes and passwords kept
hashed, a code spent by the first sign-in, SSH keys bound and unbound, names checked, an
earlier roster file brought over once, and the `class` command's lines, --db included."""

import sqlite3
import subprocess
import sys

import pytest

from tutor.serve.accounts import Accounts, NameError_, check_name, class_store_url, hash_secret

KEY = ("SHA256:2Xq9pZl0r8cVb1ySg1bC6QvL1m0mFhCq9n9mQxK0c3E",
       "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG8Wn6yB0b5l0YV7JtJ2Jq0nQvE3mR5b1WcQhRkKqg7a")


def run(*args):
    return subprocess.run([sys.executable, "-m", "tutor.cli", "class", *args],
                          capture_output=True, text=True, timeout=120)


def test_a_code_signs_in_once_then_the_password_does(store_url):
    roster = Accounts(store_url)
    code = roster.add("Ada")
    assert roster.sign_in("ada", "not it") == (None, False)
    assert roster.sign_in("nobody", code) == (None, False)
    person, by_code = roster.sign_in("ada", code.upper())         # read aloud, typed in caps
    assert person.name == "ada" and by_code and not person.has_password
    roster.set_password("ada", "a long passphrase")
    assert roster.sign_in("ada", code) == (None, False)           # the code is spent
    person, by_code = roster.sign_in("ada", "a long passphrase")
    assert person.has_password and not by_code
    with pytest.raises(ValueError, match="at least 8"):
        roster.set_password("ada", "short")
    assert Accounts(store_url).find("ada") == person               # another host sees it


def test_nothing_secret_is_stored_as_typed(store_url):
    roster = Accounts(store_url)
    code = roster.add("ada")
    roster.set_password("ada", "a long passphrase")
    new = roster.new_code("ada")                 # a forgotten password: the teacher's new code
    assert roster.sign_in("ada", "a long passphrase") == (None, False)
    with roster.engine.transaction(write=False, wait=1) as tx:
        rows = tx.execute("SELECT * FROM people")
    for secret in (code, new, "a long passphrase"):
        assert all(secret not in map(str, row) for row in rows)
    if store_url.startswith("sqlite"):
        roster.close()
        path = store_url[len("sqlite:///"):]
        raw = open(path, "rb").read()
        assert all(secret.encode() not in raw for secret in (code, new, "a long passphrase"))
        import os

        assert oct(os.stat(path).st_mode & 0o777) == "0o600"


def test_a_bound_key_shows_in_the_list_and_a_new_code_unbinds_it(store_url):
    roster = Accounts(store_url)
    roster.add("ada")
    assert roster.find("ada").signs_in == "code pending"
    assert roster.bind_key("ada", *KEY, spend_code=True)          # the code proved who
    ada = roster.find("ada")
    assert ada.keys == 1 and not ada.has_code and ada.signs_in == "1 key"
    assert roster.key_fingerprints("ada") == {KEY[0]} and roster.key_fingerprints("bob") == set()
    roster.set_password("ada", "a long passphrase")
    assert roster.find("ada").signs_in == "password, 1 key"
    roster.new_code("ada")                                          # a lost laptop
    assert roster.key_fingerprints("ada") == set()
    assert roster.find("ada").signs_in == "code pending"
    assert not roster.bind_key("bob", *KEY, spend_code=False)       # not on the roster
    roster.bind_key("ada", *KEY, spend_code=False)
    assert roster.remove("ada") and roster.key_fingerprints("ada") == set()


def test_names_are_sign_in_names():
    assert check_name(" Ada.L ") == "ada.l"
    for bad in ("", "9lives", "a b", "x" * 40, "ada;drop", "../etc"):
        with pytest.raises(NameError_):
            check_name(bad)


def test_the_class_command_adds_lists_and_removes(tutor_home):
    added = run("add", "ada", "bob")
    lines = added.stdout.split("\n")
    assert added.returncode == 0 and lines[0].startswith("ada ") and lines[1].startswith("bob ")
    code = lines[0].split()[1]
    assert Accounts(class_store_url(tutor_home / "class")).sign_in("ada", code)[1]
    assert run("add", "--teacher", "tess").returncode == 0
    listing = run("list").stdout
    assert "tess  teacher  code pending" in listing and "2 learners, 1 teacher" in listing
    bad = run("add", "Bad Name!")
    assert bad.returncode == 2 and "cannot be a sign-in name" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert run("remove", "bob").returncode == 0
    assert run("remove", "bob").returncode == 1
    roster = tutor_home / "roster.csv"
    roster.write_text("name,email\ncy,cy@example.org\ndee,dee@example.org\n")
    from_csv = run("add", "--csv", str(roster))
    assert [line.split()[0] for line in from_csv.stdout.split("\n") if line] == ["cy", "dee"]


def test_the_class_command_keeps_the_roster_in_the_store_db_names(tutor_home, store_url):
    added = run("add", "ada", "--db", store_url)
    assert added.returncode == 0, added.stderr
    code = added.stdout.split()[1]
    assert Accounts(store_url).sign_in("ada", code)[1]              # there, for every host
    assert Accounts(class_store_url(tutor_home / "class")).find("ada") is None
    assert "ada  learner  code pending" in run("list", "--db", store_url).stdout
    new = run("code", "ada", "--db", store_url).stdout.split()[1]
    assert Accounts(store_url).sign_in("ada", new)[1] and not Accounts(store_url).sign_in(
        "ada", code)[0]


def make_earlier_roster(path):
    """class.sqlite3 as the earlier version wrote it, with a code, a password, a teacher."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE people (name TEXT PRIMARY KEY, role TEXT NOT NULL, code_hash TEXT,"
               " password_hash TEXT, added REAL NOT NULL)")
    db.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?)", [
        ("ada", "learner", hash_secret("k7m2qx9fhd"), None, 1.0),
        ("bob", "learner", None, hash_secret("bobs passphrase"), 2.0),
        ("tess", "teacher", hash_secret("t3ach3rcod"), None, 3.0),
        ("Bad Name", "learner", None, None, 4.0)])              # not a name: left out
    db.commit()
    db.close()


def test_an_earlier_roster_file_is_brought_over_once(tutor_home, store_url):
    folder = tutor_home / "class"
    make_earlier_roster(folder / "class.sqlite3")
    Accounts(store_url).add("bob")                       # already in the store: kept as is
    roster = Accounts(store_url, folder)
    [said] = roster.warnings
    assert "(2 people; 1 already there kept as they were)" in said and ".migrated" in said
    assert not (folder / "class.sqlite3").exists()
    assert (folder / "class.sqlite3.migrated").exists()
    assert roster.sign_in("ada", "k7m2qx9fhd")[1]        # her code still works, once
    assert roster.find("tess").teacher
    assert roster.sign_in("bob", "bobs passphrase") == (None, False)   # the store's bob
    assert [p.name for p in roster.everyone()] == ["tess", "ada", "bob"]
    again = Accounts(store_url, folder)
    assert again.warnings == [] and len(again.everyone()) == 3


def test_the_class_command_brings_the_earlier_roster_over_and_says_so(tutor_home):
    folder = tutor_home / "class"
    make_earlier_roster(folder / "class.sqlite3")
    listing = run("list")
    assert listing.returncode == 0 and "is now in the class's store" in listing.stderr
    assert "ada  learner  code pending" in listing.stdout
    assert "bob  learner  password" in listing.stdout and "2 learners, 1 teacher" in listing.stdout
    assert "is now in" not in run("list").stderr           # once


def test_a_damaged_earlier_roster_is_left_alone_with_one_message(tutor_home):
    folder = tutor_home / "class"
    folder.mkdir(parents=True)
    (folder / "class.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x13" * 600)
    listing = run("list")
    assert listing.returncode == 0 and "Traceback" not in listing.stderr
    assert "could not be read" in listing.stderr and "0 learners" in listing.stdout
    assert (folder / "class.sqlite3").exists()             # left as it was


def test_a_class_store_that_cannot_be_reached_is_one_message(tutor_home):
    import socket

    with socket.socket() as s:                 # a loopback port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://tutor:hunter22@127.0.0.1:{port}/class"
    for argv in (["class", "list", "--db", url], ["serve", "--port", "0", "--db", url]):
        done = subprocess.run([sys.executable, "-m", "tutor.cli", *argv],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, done.stderr
        assert "the class's store postgresql://tutor@127.0.0.1" in done.stderr
        assert "could not be reached" in done.stderr and "hunter22" not in done.stderr
        assert "Traceback" not in done.stderr
    assert "cannot serve" in done.stderr
