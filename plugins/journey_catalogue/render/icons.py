"""Icons as CSS masks: one stylesheet per site instead of an inline SVG in every chip.

Inline SVG cost each map page some 15 KB and three elements per chip (which the search indexer parses
one by one). Pages now carry a class (`jc-i jc-i--N`), and the stylesheet maps N to the icon's SVG.
Indices, not names, go into class names, so no configured name ever lands in markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import quote

FIXED_ICONS = (
    "material/account-circle-outline",
    "material/file-edit-outline",
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
        return f"jc-i jc-i--{self._index[name]}" if name in self._index else "jc-i"

    def stylesheet(self, svg_for: Callable[[str], str]) -> str:
        rules = [
            ".jc-i::before { content: ''; display: inline-block; width: 1.15em; height: 1.15em; "
            "margin-right: .25em; vertical-align: -.2em; background-color: currentColor; "
            "-webkit-mask: var(--jc-icon) center / contain no-repeat; "
            "mask: var(--jc-icon) center / contain no-repeat; }",
            ".jc-i:not([class*='jc-i--'])::before { display: none; }",
        ]
        for i, name in enumerate(self.names):
            svg = svg_for(name)
            if svg:
                rules.append(
                    f'.jc-i--{i} {{ --jc-icon: url("data:image/svg+xml,{quote(svg, safe=" =:/")}"); }}'
                )
        return "\n".join(rules) + "\n"
