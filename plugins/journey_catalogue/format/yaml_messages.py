"""What a YAML syntax error means, in our words.

PyYAML's messages are written for parser authors ("did not find expected '-' indicator (while parsing a
block collection)") and change between releases. A contributor gets our explanation and a fix instead,
the same on every PyYAML version; the library's words are only used to recognise the case, and shown as
they are only for a case this table does not know yet.
"""

from __future__ import annotations

from ..i18n import N_
from .problems import Message

_INVALID = N_("invalid YAML: %(explanation)s")

# Words in the library's problem (or, for some releases, its context) -> our message; first match wins.
_KNOWN: dict[str, str] = {
    "expected ',' or ']'": N_(
        "a '[' list before this point is not closed with ']', or a ',' between its items is missing"
    ),
    "expected ',' or '}'": N_(
        "a '{' mapping before this point is not closed with '}', or a ',' between its fields is missing"
    ),
    "expected '-' indicator": N_(
        "this line is not indented like the list items above it; start each item with '- ' in the same column"
    ),
    "mapping values are not allowed": N_(
        "a ': ' here cannot start a value: this line is indented unlike the field above it, "
        "or text containing ': ' needs quotes"
    ),
    "tab character": N_("a tab character is used for indentation; YAML needs spaces"),
    "could not find expected ':'": N_("this line is neither a field ('name: value') nor a list item"),
    "expected key": N_(
        "this line is not indented like the fields above it; fields of one mapping start in the same column"
    ),
    "expected <block end>": N_("this line's indentation does not fit the lines above it"),
    "expected the node content": N_("a value is missing here"),
    "undefined alias": N_("an alias (*name) refers to no anchor (&name) defined before it"),
    "duplicate anchor": N_("the same anchor (&name) is defined twice"),
    "unknown escape character": N_("an unknown escape in double quotes; write \\\\ for a backslash"),
    "expected alphabetic or numeric character": N_("an anchor or alias name must be letters or digits"),
    "single document": N_("the frontmatter holds more than one YAML document"),
}
# A problem whose meaning depends on where it happened: (problem words, context words, our message).
_KNOWN_IN_CONTEXT = (
    ("end of stream", "quoted scalar", N_("a quoted text starts here and its closing quote is missing")),
)


def yaml_problem(problem: str | None, context: str | None, character: str = "") -> str:
    """Our message for one of PyYAML's syntax errors, prefixed "invalid YAML: "; `character` is the
    text's character where the error is (libyaml does not always name it)."""
    problem, context = problem or "", context or ""
    if "cannot start any token" in problem:
        if character == "\t":
            explanation = Message(N_("a tab character is used for indentation; YAML needs spaces"))
        elif character.isprintable() and character.strip():
            explanation = Message(
                N_("a value cannot start with '%(character)s'; put the value in quotes"), character=character
            )
        else:
            explanation = Message(N_("a value cannot start with this character; put the value in quotes"))
        return Message(_INVALID, explanation=explanation)
    words = f"{problem} {context}"  # some releases put the telling words in the context
    for problem_words, context_words, ours in _KNOWN_IN_CONTEXT:
        if problem_words in words and context_words in context:
            return Message(_INVALID, explanation=Message(ours))
    for problem_words, ours in _KNOWN.items():
        if problem_words in words:
            return Message(_INVALID, explanation=Message(ours))
    found = f"{problem} ({context})" if problem and context else problem or context or "unreadable text"
    return Message(_INVALID, explanation=found)


def unreadable_character(code_point: int | None) -> str:
    """A character YAML does not accept anywhere (PyYAML's ReaderError)."""
    if code_point is None:
        return Message(_INVALID, explanation=Message(N_("the character is not allowed in YAML; remove it")))
    explanation = Message(
        N_("the character %(code)s is not allowed in YAML; remove it"), code=f"U+{code_point:04X}"
    )
    return Message(_INVALID, explanation=explanation)
