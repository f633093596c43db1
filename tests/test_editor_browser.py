"""The map editor in a real headless Chromium, on built catalogues: this repository's own (every example map
round-trips byte for byte; a new map from a template is checked at its fields and downloads a file that
`journeys validate` accepts; the GitHub link carries the file; drafts survive a reload; keyboard users add,
reorder and remove steps; a 390 px phone does not scroll sideways), and a Russian copy of the fixture
catalogue (the editor words a problem as `journeys validate` does, in English and Russian)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import ARTIFACTS, FIXTURE_CATALOGUE, ROOT, PageWatch, copy_catalogue, serving_built_site

pytestmark = pytest.mark.browser
JOURNEYS = str(Path(sys.executable).parent / "journeys")
EXAMPLE_MAPS = sorted((ROOT / "journeys" / "maps").glob("*.md"))


@pytest.fixture(scope="module")
def russian_catalogue(tmp_path_factory):
    work = tmp_path_factory.mktemp("editor-ru")
    config = copy_catalogue(FIXTURE_CATALOGUE, work / "catalogue")
    config.write_text(config.read_text().replace("  name: material\n", "  name: material\n  language: ru\n"))
    with serving_built_site(config, work / "site") as url:
        yield {"url": url, "config": config}


def _open(new_tab, url, *, width=1280, scheme="light"):
    page = new_tab(width=width)
    index = 1 if scheme == "dark" else 0
    page.add_init_script(f"localStorage.setItem('/.__palette', JSON.stringify({{index: {index}}}))")
    watch = PageWatch(page, url.split("/editor/")[0] + "/")
    page.goto(url)
    page.wait_for_selector("[data-jc-editor-download]")
    return page, watch


def _downloaded(page) -> str:
    with page.expect_download() as info:
        page.click("[data-jc-editor-download]")
    return Path(info.value.path()).read_text(encoding="utf-8")


def _error_at(page, path: str) -> str:
    return page.locator(f'[data-jc-path="{path}"] > .jc-field-error').text_content()


def _validate(file: Path, config: Path, *language: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [JOURNEYS, "validate", "--config", str(config), *language, str(file)],
        capture_output=True,
        text=True,
        cwd=config.parent,
        check=False,
    )


def test_every_example_map_downloads_unchanged(new_tab, own_site):
    page, watch = _open(new_tab, own_site + "editor/?map=" + EXAMPLE_MAPS[0].stem)
    for source in EXAMPLE_MAPS:
        page.select_option("[data-jc-editor-start]", "map:" + source.stem)
        page.click("[data-jc-editor-open]")
        page.wait_for_function(f"() => jcEditor.state.id === {source.stem!r}")
        assert _downloaded(page) == source.read_text(encoding="utf-8"), source.name
        assert page.locator("[data-jc-editor-valid]").count() == 1, source.name
    watch.assert_clean()


def test_a_new_map_from_a_template_is_checked_at_its_fields(new_tab, own_site, tmp_path):
    page, watch = _open(new_tab, own_site + "editor/?template=b2c-generic-journey")
    page.fill("[data-jc-editor-id]", "my-new-journey")
    page.fill('[data-jc-path="title"] input', "Buying a bicycle online")
    # the template's placeholder persona is no file of this catalogue: unknown, as the CLI says
    assert _error_at(page, "personas").startswith(
        "personas[0]: unknown persona 'template-consumer': there is no personas/template-consumer.md"
    )
    page.check('[data-jc-focus="personas:young-urban-professional"]')
    page.click('[data-jc-focus="personas:template-consumer"]')  # unknown: gone once unticked
    emotion = '[data-jc-path="stages.0.steps.0.emotion"]'
    page.fill(f"{emotion} input", "5")
    assert _error_at(page, "stages.0.steps.0.emotion") == "expected an integer from -2 to 2, got 5"
    assert page.locator(f"{emotion} input").get_attribute("aria-invalid") == "true"
    assert page.locator("[data-jc-editor-valid]").count() == 0
    # the preview draws the curve and follows the emotion
    page.fill(f"{emotion} input", "-2")
    page.wait_for_selector("[data-jc-editor-valid]")
    first = page.evaluate(
        "() => echarts.getInstanceByDom(document.querySelector('[data-jc-editor-chart]'))"
        ".getOption().series[0].data[0]"
    )
    assert first == -2
    page.locator("[data-jc-editor-chart]").screenshot(path=str(ARTIFACTS / "editor-preview.png"))
    text = _downloaded(page)
    assert text.startswith("---\n# yaml-language-server: $schema=../../docs/schema/map.schema.json\n")
    # the template quotes its title; the Document keeps that style for the new text
    assert 'title: "Buying a bicycle online"\n' in text and "template: false\n" in text
    catalogue = tmp_path / "catalogue"
    shutil.copytree(ROOT / "journeys", catalogue / "journeys")
    shutil.copy(ROOT / "mkdocs.yml", catalogue / "mkdocs.yml")
    target = catalogue / "journeys" / "maps" / "my-new-journey.md"
    target.write_text(text, encoding="utf-8")
    result = _validate(target, catalogue / "mkdocs.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    # GitHub's new-file page, with the file's path and content filled in
    link = page.get_attribute('[data-jc-editor-github="new"]', "href")
    parsed = urlparse(link)
    assert parsed.netloc == "github.com" and parsed.path == "/journey-catalogue/journey-catalogue/new/main"
    query = parse_qs(parsed.query)
    assert query["filename"] == ["journeys/maps/my-new-journey.md"] and query["value"] == [text]
    watch.assert_clean()


def test_an_existing_map_links_to_githubs_edit_page(new_tab, own_site):
    page, _ = _open(new_tab, own_site + "editor/?map=support-escalation")
    link = page.get_attribute('[data-jc-editor-github="edit"]', "href")
    assert link.endswith("/journey-catalogue/journey-catalogue/edit/main/journeys/maps/support-escalation.md")


def test_a_draft_survives_a_reload(new_tab, own_site):
    page, _ = _open(new_tab, own_site + "editor/?template=b2b-generic-journey")
    page.fill('[data-jc-path="owner"] input', "Team Draft")
    page.reload()
    page.wait_for_selector("[data-jc-editor-download]")
    page.goto(own_site + "editor/")
    page.wait_for_selector("[data-jc-editor-download]")
    assert page.input_value('[data-jc-path="owner"] input') == "Team Draft"
    assert "owner: Team Draft\n" in page.evaluate("() => jcEditor.serialise()")


def _step_actions(page, stage: int) -> list[str]:
    return page.evaluate(f"() => jcEditor.state.doc.toJS().stages[{stage}].steps.map((s) => s.action)")


def test_keyboard_users_add_reorder_and_remove_steps(new_tab, own_site):
    page, _ = _open(new_tab, own_site + "editor/?template=b2c-generic-journey")
    before = _step_actions(page, 0)
    page.focus('[data-jc-focus="stages.0.steps:add"]')
    page.keyboard.press("Enter")
    assert _step_actions(page, 0) == [*before, ""]
    assert page.evaluate("() => document.activeElement.dataset.jcFocus") == "stages.0.steps:add"
    page.focus('[data-jc-focus="stages.0.steps.0:down"]')
    page.keyboard.press("Enter")
    assert _step_actions(page, 0)[:2] == [before[1], before[0]]
    assert page.evaluate("() => document.activeElement.dataset.jcFocus") == "stages.0.steps.1:down"
    page.focus(f'[data-jc-focus="stages.0.steps.{len(before)}:remove"]')
    page.keyboard.press("Space")
    assert len(_step_actions(page, 0)) == len(before)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_phone_does_not_scroll_sideways(new_tab, own_site, scheme):
    page, _ = _open(new_tab, own_site + "editor/?map=support-escalation", width=390, scheme=scheme)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.screenshot(path=str(ARTIFACTS / f"editor-phone-{scheme}.png"))
    page, _ = _open(new_tab, own_site + "editor/?template=b2c-generic-journey", scheme=scheme)
    page.screenshot(path=str(ARTIFACTS / f"editor-{scheme}.png"))


def _own_catalogue_copy(target: Path) -> Path:
    shutil.copytree(ROOT / "journeys", target / "journeys")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target / "mkdocs.yml"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_editor_words_a_problem_as_journeys_validate(new_tab, request, tmp_path, language):
    if language == "en":
        url, config = request.getfixturevalue("own_site"), _own_catalogue_copy(tmp_path)
    else:
        catalogue = request.getfixturevalue("russian_catalogue")
        url, config = catalogue["url"], catalogue["config"]
    page, _ = _open(new_tab, url + "editor/?map=support-escalation")
    page.fill('[data-jc-path="stages.0.steps.0.emotion"] input', "7")
    page.fill('[data-jc-path="title"] input', "")
    page.fill('[data-jc-path="updated"] input', "soon")
    text = page.evaluate("() => jcEditor.serialise()")
    shown = {path: _error_at(page, path) for path in ("stages.0.steps.0.emotion", "title", "updated")}
    page.screenshot(path=str(ARTIFACTS / f"editor-problems-{language}.png"))
    broken = config.parent / "journeys" / "maps" / "support-escalation.md"
    broken.write_text(text, encoding="utf-8")
    output = _validate(broken, config).stdout
    said = dict(re.findall(r"^[^:]+:\d+:\d+: ([^:]+): (.*)$", output, re.M))
    fields = {
        "stages[0].steps[0].emotion": "stages.0.steps.0.emotion",
        "title": "title",
        "updated": "updated",
    }
    assert set(fields) <= set(said), output
    for cli_field, path in fields.items():
        assert shown[path] == said[cli_field], cli_field
