"""YAML syntax errors are explained in our words, whatever PyYAML release is installed (issue 12)."""

from __future__ import annotations

import pytest

from journey_catalogue.format.yaml_messages import yaml_problem
from journey_catalogue.format.yaml_source import YamlError, parse_located

CASES = {
    "title: Bell \x07 here\n": (0, 12, "the character U+0007 is not allowed in YAML; remove it"),
    "title: [a, *nope]\n": (0, 11, "an alias (*name) refers to no anchor (&name) defined before it"),
    'title: "a\\q"\n': (0, 9, "an unknown escape in double quotes; write \\\\ for a backslash"),
    "title: @foo\n": (0, 7, "a value cannot start with '@'; put the value in quotes"),
    "a: &x 1\nb: &x 2\nc: *x\n": (1, 3, "the same anchor (&name) is defined twice"),
    "steps:\n\t- one\n": (1, 0, "a tab character is used for indentation; YAML needs spaces"),
    "title: {a: 1\nnext: 2\n": (
        1,
        4,
        "a '{' mapping before this point is not closed with '}', or a ',' between its fields is missing",
    ),
}


@pytest.mark.parametrize("text", CASES)
def test_syntax_errors_get_our_message(text):
    line, column, message = CASES[text]
    with pytest.raises(YamlError) as caught:
        parse_located(text)
    assert caught.value.message == f"invalid YAML: {message}"
    assert (caught.value.line, caught.value.column) == (line, column)
    # none of the library's parser vocabulary reaches the contributor
    for words in ("while parsing", "while scanning", "did not find expected", "found unexpected"):
        assert words not in caught.value.message


def test_an_unknown_case_still_says_what_the_library_saw():
    assert yaml_problem("something new", "while doing it") == "invalid YAML: something new (while doing it)"
