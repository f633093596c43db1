"""What a YAML syntax error means, in our words.

PyYAML's messages are written for parser authors ("did not find expected '-' indicator (while parsing a
block collection)") and change between releases. A contributor gets our explanation and a fix instead,
the same on every PyYAML version; the library's words are only used to recognise the case, and shown as
they are only for a case this table does not know yet.
"""

from __future__ import annotations

# (words in the library's problem, words in its context or "", our message): first match wins.
_KNOWN: tuple[tuple[str, str, str], ...] = (
    ("end of stream", "quoted scalar", "a quoted text starts here and its closing quote is missing"),
    (
        "expected ',' or ']'",
        "",
        "a '[' list before this point is not closed with ']', or a ',' between its items is missing",
    ),
    (
        "expected ',' or '}'",
        "",
        "a '{' mapping before this point is not closed with '}', or a ',' between its fields is missing",
    ),
    (
        "expected '-' indicator",
        "",
        "this line is not indented like the list items above it; start each item with '- ' "
        "in the same column",
    ),
    (
        "mapping values are not allowed",
        "",
        "a ': ' here cannot start a value: this line is indented unlike the field above it, or text "
        "containing ': ' needs quotes",
    ),
    (
        "tab character",
        "",
        "a tab character is used for indentation; YAML needs spaces",
    ),
    ("could not find expected ':'", "", "this line is neither a field ('name: value') nor a list item"),
    (
        "expected key",
        "",
        "this line is not indented like the fields above it; fields of one mapping start in the same column",
    ),
    ("expected <block end>", "", "this line's indentation does not fit the lines above it"),
    ("expected the node content", "", "a value is missing here"),
    ("undefined alias", "", "an alias (*name) refers to no anchor (&name) defined before it"),
    ("duplicate anchor", "", "the same anchor (&name) is defined twice"),
    ("unknown escape character", "", "an unknown escape in double quotes; write \\\\ for a backslash"),
    ("expected alphabetic or numeric character", "", "an anchor or alias name must be letters or digits"),
    ("single document", "", "the frontmatter holds more than one YAML document"),
)


def yaml_problem(problem: str | None, context: str | None, character: str = "") -> str:
    """Our message for one of PyYAML's syntax errors, prefixed "invalid YAML: "; `character` is the
    text's character where the error is (libyaml does not always name it)."""
    problem, context = problem or "", context or ""
    if "cannot start any token" in problem:
        if character == "\t":
            return "invalid YAML: a tab character is used for indentation; YAML needs spaces"
        shown = f"'{character}'" if character.isprintable() and character.strip() else "this character"
        return f"invalid YAML: a value cannot start with {shown}; put the value in quotes"
    words = f"{problem} {context}"  # some releases put the telling words in the context
    for problem_words, context_words, ours in _KNOWN:
        if problem_words in words and context_words in context:
            return f"invalid YAML: {ours}"
    found = f"{problem} ({context})" if problem and context else problem or context or "unreadable text"
    return f"invalid YAML: {found}"


def unreadable_character(code_point: int | None) -> str:
    """A character YAML does not accept anywhere (PyYAML's ReaderError)."""
    name = f" U+{code_point:04X}" if code_point is not None else ""
    return f"invalid YAML: the character{name} is not allowed in YAML; remove it"
