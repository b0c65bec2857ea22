"""`dealcoach users ...` as a subprocess on a real database."""

from __future__ import annotations

import subprocess

from tests.bot.test_console import DEALCOACH, _env


def users(db_url, *args):
    return subprocess.run([DEALCOACH, "users", *args], capture_output=True, text=True,
                          encoding="utf-8", env=_env(db_url), timeout=120)


def test_add_link_roles_and_managers(db_url):
    assert users(db_url, "add", "Dustin Brinkmann", "--role", "manager").returncode == 0
    assert users(db_url, "add", "Anna Snelling", "--manager", "Dustin Brinkmann").returncode == 0
    assert users(db_url, "link", "Anna Snelling", "--slack", "T1:U1", "--telegram", "4242").returncode == 0
    assert users(db_url, "set-role", "Dustin Brinkmann", "admin").returncode == 0
    listing = users(db_url, "list").stdout.splitlines()
    assert "Anna Snelling\trep\tmanager=Dustin Brinkmann\tslack:T1:U1, telegram:4242" in listing
    assert "Dustin Brinkmann\tadmin\tmanager=-\t-" in listing
    assert users(db_url, "set-manager", "Anna Snelling", "-").returncode == 0
    assert "Anna Snelling\trep\tmanager=-" in users(db_url, "list").stdout


def test_mistakes_are_clear_and_change_nothing(db_url):
    users(db_url, "add", "Anna")
    users(db_url, "add", "Bob")
    users(db_url, "link", "Anna", "--slack", "T1:U1")
    cases = [
        (("add", "Anna"), "already exists"),
        (("add", "Cleo", "--manager", "Nobody"), "no user called 'Nobody'"),
        (("set-role", "Nobody", "admin"), "no user called 'Nobody'"),
        (("link", "Bob", "--slack", "T1:U1"), "already belongs to Anna"),
        (("link", "Bob"), "say which identity to link"),
    ]
    for args, message in cases:
        out = users(db_url, *args)
        assert out.returncode == 2 and message in out.stderr, args
    listing = users(db_url, "list").stdout
    assert "Cleo" not in listing and "Bob\trep\tmanager=-\t-" in listing
