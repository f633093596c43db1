"""YAML parsing that remembers where every node came from, with bounds against hostile input.

PyYAML's composer gives nodes with line and column marks; we turn them into plain Python data ourselves
so that each value keeps its position, duplicate keys are caught, and an alias bomb is stopped by a
node budget instead of expanding in memory.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import yaml

from ..i18n import N_
from .problems import Message, Number, Path_
from .yaml_depth import deepest_point, may_nest_deeper_than
from .yaml_messages import unreadable_character, yaml_problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


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

    def resolve(
        self,
        kind,
        value,
        implicit,
        _scalar=yaml.ScalarNode,
        _sequence=yaml.SequenceNode,
        _may_be_number=_MAY_BE_NUMBER,
        _words=_WORDS,
    ):
        # libyaml calls this for every node (a million times for 1,000 maps); with no path resolvers,
        # collections and quoted scalars always get the default tags, which the base class reaches the
        # long way. Scalars come first and the names are bound as defaults: a third less time here.
        if kind is _scalar:
            if not implicit[0] or (value and value[0] not in _may_be_number and value not in _words):
                return STR_TAG
            return super().resolve(kind, value, implicit)
        return _SEQ_TAG if kind is _sequence else _MAP_TAG

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
# PyYAML's scalar constructors assume the resolver's patterns matched: an explicit tag on a value that
# does not fit (`!!bool maybe`, `!!timestamp abc`, an empty `!!int`) fails with any of these.
_SCALAR_KINDS = {
    "int": N_("an integer"),
    "float": N_("a number"),
    "bool": N_("true or false"),
    "null": N_("an empty value"),
}
_NESTED = N_("the YAML is nested more than %(most)d levels deep")
_CONSTRUCTION_ERRORS = (
    yaml.constructor.ConstructorError,
    ValueError,
    OverflowError,
    KeyError,
    IndexError,
    AttributeError,
    TypeError,
)


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
                Message(
                    N_("the YAML expands to more than %(most)s values (too many aliases or items)"),
                    most=Number(MAX_NODES),
                ),
                line,
                column,
                path[:1],
            )
        if depth > MAX_DEPTH:
            raise YamlError(Message(_NESTED, most=MAX_DEPTH), mark.line, mark.column, path)
        self.located.values[path] = (mark.line, mark.column)
        if node.tag not in PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            message = Message(N_("the YAML tag '%(tag)s' is not allowed; write a plain value"), tag=tag)
            raise YamlError(message, mark.line, mark.column, path)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == STR_TAG:
                return node.value
            try:
                return self.constructor.construct_object(node)
            except _CONSTRUCTION_ERRORS:
                if node.tag.endswith(":timestamp"):
                    message = Message(
                        N_("expected a real date as YYYY-MM-DD, got %(found)s"), found=repr(node.value)
                    )
                else:
                    kind = Message(_SCALAR_KINDS.get(node.tag.rsplit(":", 1)[-1], N_("a value")))
                    message = Message(
                        N_("expected %(kind)s, got %(found)s"), kind=kind, found=repr(node.value)
                    )
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
    """Refuse deep nesting ([[[[...) before libyaml's composer, which recurses on the C stack. Our own scan
    decides, never the YAML library: its releases refuse at different depths, in their own words."""
    if not may_nest_deeper_than(text, MAX_DEPTH):  # nearly every file: one cheap pass
        return
    point = deepest_point(text, MAX_DEPTH)
    if point is not None:
        raise YamlError(Message(_NESTED, most=MAX_DEPTH), *point)


class NeedsPositions(Exception):
    """The quick parse met something to report: parse_located finds it again, with its position."""


_SCALAR_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "null", "timestamp")}
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _QuickConverter:
    """Plain data from the composed nodes and nothing else: no positions, no paths.

    Most files are valid, and a valid file's positions are never read; recording one for each of a map's
    thousand nodes was most of the conversion's cost. Anything the located converter would report (a tag,
    a duplicate or merge key, a complex key, a bad scalar, too many nodes or too deep) stops this one.
    """

    def __init__(self):
        self.budget = MAX_NODES
        constructor = yaml.constructor.SafeConstructor()
        self.construct = {
            tag: functools.partial(f, constructor)
            for tag, f in constructor.yaml_constructors.items()
            if tag in _SCALAR_TAGS
        }

    def convert(self, node: yaml.Node, depth: int):
        self.budget -= 1
        if self.budget < 0 or depth > MAX_DEPTH:
            raise NeedsPositions
        kind, tag = type(node), node.tag
        if kind is yaml.ScalarNode:
            if tag == STR_TAG:
                return node.value
            if tag not in _SCALAR_TAGS:
                raise NeedsPositions
            try:
                return self.construct[tag](node)
            except _CONSTRUCTION_ERRORS:
                raise NeedsPositions from None
        depth += 1
        if kind is yaml.SequenceNode and tag == _SEQ_TAG:
            return [self.convert(item, depth) for item in node.value]
        if kind is yaml.MappingNode and tag == _MAP_TAG:
            result: dict = {}
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode or key_node.tag == _MERGE_TAG:
                    raise NeedsPositions
                key = key_node.value
                if key in result:
                    raise NeedsPositions
                result[key] = self.convert(value_node, depth)
            return result
        raise NeedsPositions


def quick_parse(text: str) -> object:
    """Parse one YAML document into the plain data parse_located would give, without positions.
    Raises NeedsPositions on anything parse_located would report (a duplicate key included): call it
    then, for the problem and where it is."""
    try:
        _check_flow_depth(text)
        node = yaml.compose(text, Loader=Loader)
    except (yaml.YAMLError, YamlError):
        raise NeedsPositions from None
    return None if node is None else _QuickConverter().convert(node, 0)


def parse_located(text: str) -> Located:
    """Parse one YAML document. Raises YamlError with a position on any problem."""
    try:
        _check_flow_depth(text)
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and "end of stream" in (error.problem or ""):
            mark = error.context_mark  # an unclosed quote or bracket: point at where it opens
        line, column = (mark.line, mark.column) if mark else (0, 0)
        found = text.split("\n")[line][column : column + 1] if line < text.count("\n") + 1 else ""
        raise YamlError(yaml_problem(error.problem, error.context, found), line, column) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position)
        column = error.position - (text.rfind("\n", 0, error.position) + 1)
        character = error.character if isinstance(error.character, int) else None
        raise YamlError(unreadable_character(character), line, column) from None
    except yaml.YAMLError as error:
        raise YamlError(yaml_problem(str(error), None), 0, 0) from None
    located = Located(data=None)
    if node is None:
        return located
    located.data = _Converter(located).convert(node, (), 0)
    return located
