"""The admin's login machinery and the page's language facts, without a server."""

from __future__ import annotations

from assistant.store import Store
from assistant.web.auth import LoginLimiter, PasswordStore, Sessions, hash_password, verify_password
from assistant.web.languages import language_choice
from tests.support.web import assistant_command, copy_config


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_password_is_kept_only_as_a_salted_hash() -> None:
    first, second = hash_password("solros123"), hash_password("solros123")
    assert first != second and "solros123" not in first and first.startswith("scrypt$")
    assert verify_password("solros123", first) and verify_password("solros123", second)
    assert not verify_password("solros124", first)
    assert not verify_password("solros123", "md5$abc") and not verify_password("x", "garbage")


def test_the_password_store_refuses_short_passwords(tmp_path) -> None:
    passwords = PasswordStore(Store(tmp_path / "db.sqlite3"))
    assert not passwords.is_set() and not passwords.check("")
    try:
        passwords.set("kort")
    except ValueError as exc:
        assert "8 characters" in str(exc)
    else:
        raise AssertionError("a four-letter password was accepted")
    passwords.set("langt-nog-nu")
    assert passwords.is_set() and passwords.check("langt-nog-nu") and not passwords.check("kort")


def test_sessions_end_after_the_idle_time_and_ids_are_never_reused() -> None:
    clock = Clock()
    sessions = Sessions(lambda: 60, clock)
    anonymous = sessions.new()
    teacher = sessions.new(authenticated=True)
    assert anonymous.id != teacher.id and anonymous.csrf != teacher.csrf
    clock.now += 59
    assert sessions.get(teacher.id) is teacher  # a click restarts the idle clock
    clock.now += 59
    assert sessions.get(teacher.id) is teacher
    clock.now += 61
    assert sessions.get(teacher.id) is None and sessions.get(teacher.id) is None
    assert sessions.get(None) is None and sessions.get("made-up") is None


def test_sessions_are_bounded_in_number() -> None:
    clock = Clock()
    sessions = Sessions(lambda: 600, clock, limit=3)
    made = []
    for _ in range(5):
        clock.now += 1
        made.append(sessions.new())
    assert sessions.get(made[0].id) is None and sessions.get(made[-1].id) is made[-1]


def test_the_login_waits_after_too_many_wrong_passwords() -> None:
    clock = Clock()
    limiter = LoginLimiter(lambda: 3, lambda: 900, clock)
    for _ in range(3):
        assert limiter.wait_seconds("10.0.0.7") == 0
        limiter.failed("10.0.0.7")
    assert limiter.wait_seconds("10.0.0.7") == 900
    assert limiter.wait_seconds("10.0.0.8") == 0  # another tablet is not locked out
    clock.now += 600
    assert limiter.wait_seconds("10.0.0.7") == 300
    clock.now += 301
    assert limiter.wait_seconds("10.0.0.7") == 0
    limiter.failed("10.0.0.7")
    limiter.succeeded("10.0.0.7")
    assert limiter.wait_seconds("10.0.0.7") == 0


def test_languages_show_a_flag_their_own_name_and_direction() -> None:
    assert language_choice("sv") == language_choice("sv", ()) and language_choice("sv").flag == "🇸🇪"
    assert language_choice("en").flag == "🇬🇧" and language_choice("en").name == "English"
    assert language_choice("en", (("en", "en_US"),)).flag == "🇺🇸"
    for rtl in ("ar", "fa"):
        assert language_choice(rtl).direction == "rtl"
    assert language_choice("so").direction == "ltr" and language_choice("so").name == "Soomaali"
    assert language_choice("zz").flag == "🏳️" and language_choice("zz").name == "zz"


def test_set_password_command(tmp_path) -> None:
    config_dir = copy_config(tmp_path / "config")
    short = assistant_command("admin", "set-password", "--config", str(config_dir), "--password-stdin",
                              stdin="kort\n")
    assert short.returncode == 2 and "at least 8 characters" in short.stderr
    done = assistant_command("admin", "set-password", "--config", str(config_dir), "--password-stdin",
                             stdin="solrosen-2026\n")
    assert done.returncode == 0 and "The admin password is set" in done.stdout
    store = Store(config_dir / "var" / "assistant.sqlite3")
    stored = store.query("SELECT hash FROM admin_password")[0]["hash"]
    assert "solrosen-2026" not in stored and PasswordStore(store).check("solrosen-2026")
