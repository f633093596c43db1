"""YAML parsing that remembers where every node came from, with bounds against hostile input.

PyYAML's composer gives nodes with line and column marks; we turn them into plain Python data ourselves
so that each value keeps its position, duplicate keys are caught, and an alias bomb is stopped by a
node budget instead of expanding in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .problems import Path_

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES = 100_000  # a generous real map has a few thousand
MAX_DEPTH = 24


class YamlError(Exception):
    """A YAML problem at a 0-based line and column within the parsed text."""

    def __init__(self, message: str, line: int, column: int, path: Path_ = ()):
        super().__init__(message)
        self.message, self.line, self.column, self.path = message, line, column, path


@dataclass
class Located:
    """Parsed data plus the 0-based (line, column) of every value and of every mapping key."""

    data: object
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[tuple[Path_, tuple[int, int]]] = field(default_factory=list)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest located ancestor."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        for cut in range(len(path) - 1, -1, -1):
            prefix = path[:cut]
            if prefix in self.values:
                return self.values[prefix]
        return (0, 0)


class _Converter:
    def __init__(self, located: Located):
        self.located = located
        self.budget = MAX_NODES
        self.constructor = yaml.constructor.SafeConstructor()

    def convert(self, node: yaml.Node, path: Path_, depth: int):
        self.budget -= 1
        mark = node.start_mark
        if self.budget < 0:
            raise YamlError(
                f"the YAML expands to more than {MAX_NODES:,} values (too many aliases or items)",
                mark.line,
                mark.column,
                path,
            )
        if depth > MAX_DEPTH:
            raise YamlError(
                f"the YAML is nested more than {MAX_DEPTH} levels deep", mark.line, mark.column, path
            )
        self.located.values[path] = (mark.line, mark.column)
        if isinstance(node, yaml.ScalarNode):
            try:
                return self.constructor.construct_object(node)
            except (yaml.constructor.ConstructorError, ValueError, OverflowError) as error:
                raise YamlError(
                    f"cannot read this value ({node.tag}): {error}".split("\n")[0],
                    mark.line,
                    mark.column,
                    path,
                ) from None
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    km = key_node.start_mark
                    raise YamlError("a mapping key must be plain text", km.line, km.column, path)
                key = key_node.value
                if key == "<<" and key_node.tag == "tag:yaml.org,2002:merge":
                    km = key_node.start_mark
                    raise YamlError(
                        "YAML merge keys (<<) are not supported; write the fields out",
                        km.line,
                        km.column,
                        path,
                    )
                key_mark = (key_node.start_mark.line, key_node.start_mark.column)
                if key in result:
                    self.located.duplicates.append(((*path, key), key_mark))
                self.located.keys[(*path, key)] = key_mark
                result[key] = self.convert(value_node, (*path, key), depth + 1)
            return result
        raise YamlError("unsupported YAML node", mark.line, mark.column, path)


def parse_located(text: str) -> Located:
    """Parse one YAML document. Raises YamlError with a position on any problem."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "invalid YAML"
        if error.context:
            problem = f"{problem} ({error.context})"
        raise YamlError(
            f"invalid YAML: {problem}", mark.line if mark else 0, mark.column if mark else 0
        ) from None
    except yaml.YAMLError as error:
        raise YamlError(f"invalid YAML: {error}", 0, 0) from None
    located = Located(data=None)
    if node is None:
        return located
    located.data = _Converter(located).convert(node, (), 0)
    return located
