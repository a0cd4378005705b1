"""A language's `words:`: the names a translator gives to things skills show (dishes, holidays)."""

from __future__ import annotations


class Words:
    """The `words:` groups of one language: `words("food")` is that group's key → name."""

    def __init__(self, groups: dict[str, dict[str, str]]):
        self._groups = groups

    def __call__(self, group: str) -> dict[str, str]:
        """The names of one group (empty when the language has none)."""
        return self._groups.get(group, {})

    def groups(self) -> list[str]:
        """The groups the language names."""
        return sorted(self._groups)
