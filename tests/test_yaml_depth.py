"""Our own nesting guard: it decides before, and without, the YAML library (issue 12)."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from journey_catalogue.format import yaml_source
from journey_catalogue.format.yaml_depth import deepest_point, may_nest_deeper_than
from journey_catalogue.format.yaml_source import MAX_DEPTH, YamlError, parse_located

LIMIT = MAX_DEPTH


def _nesting(value) -> int:
    """Collections nested in `value`, the outermost counting 1."""
    if isinstance(value, list):
        return 1 + max((_nesting(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_nesting(v) for v in value.values()), default=0)
    return 0


def test_the_guard_speaks_without_calling_the_yaml_library(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the YAML library was asked first")

    for name in ("parse", "compose", "scan", "load"):
        monkeypatch.setattr(yaml_source.yaml, name, refuse)
    text = "title: " + "[" * 30_000 + "Booking" + "]" * 30_000 + "\n"
    with pytest.raises(YamlError) as caught:
        parse_located(text)
    # the 25th bracket is the 26th level, counting the top-level mapping
    assert (caught.value.line, caught.value.column) == (0, len("title: ") + 24)
    assert caught.value.message == f"the YAML is nested more than {LIMIT} levels deep"


@pytest.mark.parametrize(
    "text",
    [
        'title: "' + "[" * 40 + '"\n',
        "title: '" + "[{" * 40 + "'' still quoted'\n",
        "title: costs " + "[" * 40 + " in a plain scalar\n",
        "title: ok  # " + "[" * 40 + " a comment\n",
        "body: |\n  " + "[" * 40 + "\n  more text\nnext: 1\n",
        "folded: >-\n    " + "{" * 40 + "\n",
        "list: ['" + "[" * 40 + "', \"" + "{" * 40 + '"]\n',
    ],
)
def test_brackets_that_open_nothing_do_not_count(text):
    assert may_nest_deeper_than(text, LIMIT)  # the cheap bound cannot tell ...
    assert deepest_point(text, LIMIT) is None  # ... the scan can
    parse_located(text)  # and the text is valid YAML that parses


def test_block_and_flow_levels_add_up():
    lines = [f"{'  ' * level}k{level}:" for level in range(20)]
    lines.append("  " * 20 + "v: " + "[" * 6 + "]" * 6)
    text = "\n".join(lines) + "\n"
    assert _nesting(yaml.safe_load(text)) == 27
    line, column = deepest_point(text, LIMIT)
    assert line == 20 and text.split("\n")[20][column] == "["


def test_deep_indentation_alone_is_refused_before_the_library_sees_it():
    text = "".join(f"{' ' * level}k{level}:\n" for level in range(300)) + " " * 300 + "v: 1\n"
    assert may_nest_deeper_than(text, LIMIT)
    point = deepest_point(text, LIMIT)
    assert point is not None and point[0] == LIMIT + 1


_scalars = st.one_of(
    st.integers(-5, 5),
    st.text(alphabet="ab[]{}:,#'\" -|>&*!", min_size=1, max_size=8),
)
_trees = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3),
        st.dictionaries(st.text(alphabet="abc", min_size=1, max_size=3), children, min_size=1, max_size=3),
    ),
    max_leaves=60,
)


@settings(max_examples=300, deadline=None)
@given(tree=_trees, limit=st.integers(0, 6))
def test_flow_style_depth_is_exact(tree, limit):
    """On any data PyYAML writes in flow style, the scan agrees with the data's real nesting."""
    text = yaml.safe_dump({"root": tree}, default_flow_style=True, width=40)
    too_deep = _nesting({"root": tree}) > limit + 1
    assert (deepest_point(text, limit) is not None) == too_deep, text


@settings(max_examples=300, deadline=None)
@given(tree=_trees, limit=st.integers(0, 6))
def test_block_style_is_never_refused_when_shallow(tree, limit):
    """Block style may hide a level (a list written under its key, not indented), never add one."""
    text = yaml.safe_dump({"root": tree}, default_flow_style=False, width=40)
    if _nesting({"root": tree}) <= limit + 1:
        assert deepest_point(text, limit) is None, text
