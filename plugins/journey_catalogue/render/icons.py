"""Icons as CSS masks: one stylesheet per site instead of an inline SVG in every chip.

Inline SVG cost each map page some 15 KB and three elements per chip (which the search indexer parses
one by one). Pages now carry one class (`jc-i--N`), and the stylesheet maps N to the icon's SVG; an icon
with no SVG gets no rule, so it draws nothing. Indices, not names, go into class names, so no configured
name ever lands in markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import quote

FIXED_ICONS = (
    "material/account-circle-outline",
    "material/file-edit-outline",
    "material/form-select",
    "material/source-branch",
    # current and future state, and journey hierarchy (render/relations.py)
    "material/crystal-ball",
    "material/map-marker-path",
    "material/file-tree-outline",
)


class IconSet:
    def __init__(self, names: Iterable[str]):
        self.names = sorted(set(names) | set(FIXED_ICONS))
        self._index = {name: i for i, name in enumerate(self.names)}

    def css_class(self, name: str) -> str:
        """The icon's class, or "" for a name that is not in the set."""
        return f"jc-i--{self._index[name]}" if name in self._index else ""

    def stylesheet(self, svg_for: Callable[[str], str]) -> str:
        drawn, rules = [], []
        for i, name in enumerate(self.names):
            svg = svg_for(name)
            if svg:
                drawn.append(f".jc-i--{i}::before")
                rules.append(
                    f'.jc-i--{i} {{ --jc-icon: url("data:image/svg+xml,{quote(svg, safe=" =:/")}"); }}'
                )
        if not drawn:
            return ""
        shape = (
            " { content: ''; display: inline-block; width: 1.15em; height: 1.15em; "
            "margin-right: .25em; vertical-align: -.2em; background-color: currentColor; "
            "-webkit-mask: var(--jc-icon) center / contain no-repeat; "
            "mask: var(--jc-icon) center / contain no-repeat; }"
        )
        return ", ".join(drawn) + shape + "\n" + "\n".join(rules) + "\n"
