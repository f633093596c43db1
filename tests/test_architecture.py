"""The package is laid out as its architecture: each folder imports only the folders below it (README's
Layout table), no module sits loose beside the folders but the package's own, and no function is longer
than a reader takes in at once."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "journey_catalogue"

# README.md "Layout": what each folder may import of the package.
MAY_IMPORT = {
    "format": {"i18n"},
    "catalogue": {"i18n", "format"},
    "charts": {"i18n", "format", "catalogue", "assets"},
    "history": {"i18n", "format"},
    "interchange": {"i18n", "format"},
    "authoring": {"i18n", "format"},
    "render": {"i18n", "format", "catalogue", "charts", "history"},
    "generate": {"i18n", "format", "catalogue", "charts", "history", "render", "authoring", "assets"},
    "cli": {
        "i18n",
        "format",
        "catalogue",
        "charts",
        "history",
        "interchange",
        "authoring",
        "assets",
        "render",
        "generate",
    },
    "mkdocs_plugin": {"i18n", "format", "catalogue", "charts", "history", "render", "authoring", "assets"},
    "assets": set(),
    "i18n": set(),
}
MAX_FUNCTION_LINES = 80


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _folders_imported(path: Path) -> set[str]:
    """The package's top-level folders a module imports, relative or absolute."""
    here = path.relative_to(PACKAGE).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(here[: len(here) - (node.level - 1)]) if node.level - 1 <= len(here) else []
                parts = base + (node.module.split(".") if node.module else [])
                names = [a.name for a in node.names] if not parts else []
                found.update(parts[:1] or names)
            elif node.module and node.module.startswith("journey_catalogue."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("journey_catalogue."))
    return found - {"__init__", "__version__"}


def test_each_folder_imports_only_what_the_layout_allows():
    breaches = []
    for path in _modules():
        parts = path.relative_to(PACKAGE).parts
        if len(parts) == 1:
            continue
        folder = parts[0]
        assert folder in MAY_IMPORT, f"{folder}/ is not in the layout (README.md, this test)"
        for other in sorted(_folders_imported(path) - MAY_IMPORT[folder] - {folder}):
            breaches.append(f"{path.relative_to(PACKAGE)} imports {other}/")
    assert breaches == []


def test_each_folder_opens_with_a_docstring_saying_its_job():
    for folder in MAY_IMPORT:
        init = PACKAGE / folder / "__init__.py"
        assert init.exists(), folder
        assert ast.get_docstring(ast.parse(init.read_text("utf-8"))), f"{folder}/__init__.py has no docstring"


def test_at_most_three_modules_sit_loose_beside_the_folders():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(loose) <= 3, loose


def test_no_function_is_longer_than_80_lines():
    long = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({length} lines)")
    assert long == []
