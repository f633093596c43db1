"""YAML parsing that remembers where every node came from, with bounds against hostile input.

PyYAML's composer gives nodes with line and column marks; we turn them into plain Python data ourselves
so that each value keeps its position, duplicate keys are caught, and an alias bomb is stopped by a
node budget instead of expanding in memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .problems import Path_

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STR_TAG = "tag:yaml.org,2002:str"


class Loader(_BaseLoader):
    """The safe loader, with the per-scalar Python work cut to what journey files need.

    Most scalars are prose; only those starting with a character that begins a YAML 1.1 number, date,
    boolean, null or merge key need the implicit resolvers. We use no path resolvers.
    """

    _MAY_BE_NUMBER = frozenset("-+0123456789.~<=")
    _WORDS = frozenset(  # YAML 1.1 booleans and nulls, the only typed scalars that start with a letter
        [
            "y",
            "Y",
            "yes",
            "Yes",
            "YES",
            "n",
            "N",
            "no",
            "No",
            "NO",
            "true",
            "True",
            "TRUE",
            "false",
            "False",
            "FALSE",
            "on",
            "On",
            "ON",
            "off",
            "Off",
            "OFF",
            "null",
            "Null",
            "NULL",
        ]
    )

    def resolve(self, kind, value, implicit):
        if (
            kind is yaml.ScalarNode
            and implicit[0]
            and value
            and value[0] not in self._MAY_BE_NUMBER
            and value not in self._WORDS
        ):
            return STR_TAG
        return super().resolve(kind, value, implicit)

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


MAX_NODES = 100_000  # a generous real map has a few thousand
MAX_DEPTH = 24
# Tags YAML resolves by itself; any other tag (!!python/object, !custom) is refused, never constructed.
PLAIN_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}
_BRACKETS = re.compile(r"[\[\]{}]")


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
            # The path deep inside an expansion means nothing to an author: name the top-level field.
            line, column = self.located.values.get(path[:1], (mark.line, mark.column))
            raise YamlError(
                f"the YAML expands to more than {MAX_NODES:,} values (too many aliases or items)",
                line,
                column,
                path[:1],
            )
        if depth > MAX_DEPTH:
            raise YamlError(
                f"the YAML is nested more than {MAX_DEPTH} levels deep", mark.line, mark.column, path
            )
        self.located.values[path] = (mark.line, mark.column)
        if node.tag not in PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlError(
                f"the YAML tag '{tag}' is not allowed; write a plain value", mark.line, mark.column, path
            )
        if isinstance(node, yaml.ScalarNode):
            if node.tag == STR_TAG:
                return node.value
            try:
                return self.constructor.construct_object(node)
            except (yaml.constructor.ConstructorError, ValueError, OverflowError):
                if node.tag.endswith(":timestamp"):
                    message = f"expected a real date as YYYY-MM-DD, got {node.value!r}"
                else:
                    message = f"cannot read the value {node.value!r}"
                raise YamlError(message, mark.line, mark.column, path) from None
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


def _check_flow_depth(text: str) -> None:
    """Refuse deep flow nesting ([[[[...) before libyaml's composer, which recurses on the C stack."""
    # A cheap upper bound first (brackets inside quotes count too); only a deep one needs the real check.
    deepest = depth = 0
    for bracket in _BRACKETS.findall(text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    if deepest <= MAX_DEPTH:
        return
    depth = 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH + 1:
                mark = event.start_mark
                raise YamlError(
                    f"the YAML is nested more than {MAX_DEPTH} levels deep", mark.line, mark.column
                )
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def parse_located(text: str) -> Located:
    """Parse one YAML document. Raises YamlError with a position on any problem."""
    try:
        _check_flow_depth(text)
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and "end of stream" in (error.problem or ""):
            mark = error.context_mark  # an unclosed quote or bracket: point at where it opens
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
