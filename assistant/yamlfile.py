"""Read YAML files keeping the line of every value, so errors can say where they are."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import AssistantError

Path_ = tuple[Any, ...]
MAX_BYTES = 2 * 1024 * 1024
"""The largest settings or language file read: a real one is a few kilobytes, and checking a
much larger one would take minutes."""


# libyaml's loader where PyYAML was built with it (ten times faster on the language files).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDocument:
    """The parsed content of one YAML file and where each value came from."""

    path: Path
    """The file that was read."""
    data: Any
    """The parsed content (plain dicts, lists and scalars)."""
    lines: dict[Path_, int] = field(default_factory=dict)
    """1-based line of each value, keyed by its path of keys and list indexes."""

    def line_of(self, *keys: Any) -> int | None:
        """The line of the value at `keys`, or of its nearest known parent."""
        keys_ = tuple(keys)
        while keys_ not in self.lines and keys_:
            keys_ = keys_[:-1]
        return self.lines.get(keys_)

    def error(self, message: str, *keys: Any, line: int | None = None) -> AssistantError:
        """An error pointing at the value at `keys` (or at an explicit line)."""
        return AssistantError(message, self.path, line or self.line_of(*keys))


def load_yaml(path: Path, max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Parse `path`; a syntax error, an alias, a key given twice or a file far too large becomes an
    AssistantError with file and line."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise AssistantError(f"the file is {size / 2**20:.1f} MB; at most {max_bytes / 2**20:g} MB is "
                                 "read (is it the right file?)", path)
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AssistantError(f"cannot read the file ({exc.strerror})", path) from None
    except UnicodeDecodeError:
        raise AssistantError("the file is not UTF-8 text", path) from None
    doc = YamlDocument(path=path, data=None)
    try:
        # One parse: the node tree gives the lines, and the same tree is turned into values, once
        # the tree is known to hold no alias (`*name` repeats a part of the file: a few hundred
        # bytes of nested aliases would expand to gigabytes, a "billion laughs"; no file of ours
        # needs them).
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _record_lines(node, (), doc.lines, doc, set())
            doc.data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise AssistantError(f"invalid YAML: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise AssistantError(f"invalid YAML: {exc}", path) from None
    except ValueError as exc:
        # A well-formed scalar PyYAML cannot turn into a value, e.g. the date 2026-02-30.
        line, value, is_date = _bad_scalar(text)
        what = "is not a date" if is_date else "is not a valid value"
        raise AssistantError(f"invalid value: {value!r} {what} ({exc})", path, line) from None
    return doc


def _bad_scalar(text: str) -> tuple[int | None, str, bool]:
    """Line, text and date-ness of the first scalar that cannot be constructed."""
    loader = _Loader(text)
    bad: list[tuple[int, str, bool]] = []
    try:
        stack = [loader.get_single_node()]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node, deep=True)
                except ValueError:
                    is_date = node.tag == "tag:yaml.org,2002:timestamp"
                    bad.append((node.start_mark.line + 1, node.value, is_date))
            elif isinstance(node, yaml.MappingNode):
                stack.extend(v for pair in node.value for v in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
    finally:
        loader.dispose()
    return min(bad, default=(None, "", False))


def _record_lines(node: yaml.Node, at: Path_, lines: dict[Path_, int], doc: YamlDocument,
                  seen_nodes: set[int]) -> None:
    lines[at] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        # An alias is the same node reached twice: refused before anything is expanded.
        if id(node) in seen_nodes:
            line = lines.get(at[:-1]) if at else None
            raise doc.error("aliases (*name) are not allowed in this file", line=line)
        seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + 1
            if key in seen:
                # YAML would keep the last one and drop the first without a word.
                raise doc.error(f"`{key}` is given twice (first on line {seen[key]}): keep one", line=line)
            seen[key] = line
            lines[(*at, key)] = line
            _record_lines(value_node, (*at, key), lines, doc, seen_nodes)
            # A key's own line is more useful than its value's when the value is a block.
            lines[(*at, key)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*at, index), lines, doc, seen_nodes)
