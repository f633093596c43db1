"""Generated documentation stays in step with the code it describes."""

from __future__ import annotations

from journey_catalogue.mkdocs_plugin import options_reference
from journey_catalogue.mkdocs_plugin.config import JourneysConfig

from conftest import ROOT


def test_plugin_options_page_matches_the_config():
    page = (ROOT / "docs" / "reference" / "plugin.md").read_text(encoding="utf-8")
    assert options_reference.refresh(page) == page, (
        "run: python -m journey_catalogue.mkdocs_plugin.options_reference --write"
    )


def test_every_plugin_option_is_documented():
    table = options_reference.options_markdown()
    for name, _ in JourneysConfig._schema:
        row = next(line for line in table.splitlines() if line.startswith(f"| `{name}` |"))
        assert row.rstrip(" |").split("|")[-1].strip(), f"option {name} has no description"
