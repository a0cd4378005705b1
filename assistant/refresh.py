"""Keep what skills need (menus, forecasts) fresh in the background, so a turn never waits."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable

from assistant.skills import Skill

log = logging.getLogger(__name__)


Refreshed = Callable[[list[Skill], dt.datetime], None]
"""Called with the skills that just got new data (e.g. to speak their likely answers ahead of time)."""


def refresh_if_needed(skills: list[Skill], now: dt.datetime, on_refreshed: Iterable[Refreshed] = ()) -> None:
    """Refresh every skill whose data is missing or stale; a failure is logged, never raised."""
    refreshed = [skill for skill in skills if _needs(skill, now) and _refresh(skill, now)]
    _tell(on_refreshed, refreshed, now)


def _needs(skill: Skill, now: dt.datetime) -> bool:
    try:
        return skill.needs_refresh(now)
    except Exception:
        log.exception("asking %s whether it needs a refresh failed", skill.name)
        return False


def _refresh(skill: Skill, now: dt.datetime) -> bool:
    """Refresh one skill; False (and a log line) when it failed."""
    try:
        skill.refresh(now)
    except Exception:  # a child's question must still be answered from whatever is cached
        log.exception("refreshing %s failed", skill.name)
        return False
    return True


def _tell(listeners: Iterable[Refreshed], refreshed: list[Skill], now: dt.datetime) -> None:
    for listener in listeners if refreshed else ():
        try:
            listener(refreshed, now)
        except Exception:
            log.exception("after-refresh callback failed")


class BackgroundRefresher:
    """A daemon thread that refreshes each skill on its own interval."""

    def __init__(self, skills: list[Skill], clock: Callable[[], dt.datetime], tick: float = 30.0,
                 on_refreshed: Iterable[Refreshed] = ()):
        self.skills = [s for s in skills if s.refresh_interval]
        self.on_refreshed: list[Refreshed] = list(on_refreshed)
        """Called after each round in which some skill got new data."""
        self.clock = clock
        self.tick = tick
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="refresh", daemon=True)
        self._last: dict[str, dt.datetime] = {}

    def start(self) -> BackgroundRefresher:
        """Start refreshing (the first round runs at once)."""
        if self.skills:
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop after the current round."""
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            now = self.clock()
            refreshed = []
            for skill in self.skills:
                last = self._last.get(skill.name)
                due = last is None or (now - last).total_seconds() >= (skill.refresh_interval or 0)
                if due or _needs(skill, now):
                    self._last[skill.name] = now
                    if _refresh(skill, now):
                        refreshed.append(skill)
            _tell(self.on_refreshed, refreshed, now)
            self._stop.wait(self.tick)
