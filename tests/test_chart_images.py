"""The chart as an image: the map page's PNG and SVG downloads in Chromium (light, dark, after instant
navigation), `journeys export --format svg|png` without a browser, and the print stylesheet on A4."""

from __future__ import annotations

import base64
import re
import shutil
import struct
import sys
import xml.etree.ElementTree as ET

import pytest

from journey_catalogue.cli.main import main
from journey_catalogue.format.channels import ChannelVocabulary
from journey_catalogue.format.loader import load_catalogue
from journey_catalogue.i18n import Translator

from conftest import ARTIFACTS, FIXTURE_CATALOGUE, ROOT, instant_navigation

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _svg_texts(svg: str) -> str:
    root = ET.fromstring(svg)  # a well-formed SVG document, or this fails
    assert root.tag == f"{SVG}svg"
    return " ".join(" ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG}text")).split())


def _actions(catalogue_root, map_id: str) -> list[str]:
    catalogue = load_catalogue(catalogue_root / "journeys", base=catalogue_root)
    return [step.action for stage in catalogue.maps[map_id].meta.stages for step in stage.steps]


# -- on the map page ------------------------------------------------------------------------------------


def _open_map(new_tab, served_site, map_id: str, scheme: str):
    page = new_tab()
    page.goto(f"{served_site['url']}maps/{map_id}/")
    page.evaluate(
        "(index) => localStorage.setItem('/.__palette', JSON.stringify({index}))",
        1 if scheme == "dark" else 0,
    )
    page.reload()
    page.wait_for_selector(".jc-chart[data-jc-drawn] canvas")
    return page


def _download(page, name: str):
    button = page.get_by_role("button", name=name)
    assert button.is_visible()
    with page.expect_download() as info:
        button.click()
    return info.value


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_download_buttons_give_a_png_and_an_svg_of_the_chart(new_tab, served_site, scheme, tmp_path):
    page = _open_map(new_tab, served_site, "business-travel-booking", scheme)
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    width = page.evaluate("() => document.querySelector('.jc-chart').clientWidth")

    png = _download(page, "Download PNG")
    assert png.suggested_filename == "business-travel-booking-chart.png"
    assert png.url.startswith("data:image/png;base64,")
    data = base64.b64decode(png.url.split(",", 1)[1])
    image_width, image_height = _png_size(data)
    assert image_width == 2 * width and image_height > 2 * 500  # pixelRatio 2; the chart and its key
    assert len(data) > 40_000
    # the scheme's own background, read back from the PNG by the browser
    corner = page.evaluate(
        """async (url) => { const img = new Image(); img.src = url; await img.decode();
        const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
        const g = c.getContext('2d'); g.drawImage(img, 0, 0);
        return Array.from(g.getImageData(2, 2, 1, 1).data); }""",
        png.url,
    )
    assert f"rgb({corner[0]}, {corner[1]}, {corner[2]})" == background

    svg_download = _download(page, "Download SVG")
    assert svg_download.suggested_filename == "business-travel-booking-chart.svg"
    path = tmp_path / "chart.svg"
    svg_download.save_as(path)
    svg = path.read_text(encoding="utf-8")
    texts = _svg_texts(svg)
    for action in _actions(served_site["catalogue"], "business-travel-booking"):
        assert action in texts
    # the key: each step's number, then its action without the number its table cell starts with
    assert "2.1 Searches and books a flight" in texts and "2.1 2.1" not in texts
    assert "Olga, travelling consultant" in texts  # the legend
    assert f'fill="{background.replace(" ", "")}"' in svg.replace(" ", "")


@pytest.mark.browser
def test_downloads_work_after_instant_navigation(new_tab, served_site, tmp_path):
    page = _open_map(new_tab, served_site, "business-travel-booking", "light")
    page.goto(f"{served_site['url']}maps/")
    with instant_navigation(page):
        page.click(".jc-card a[href$='maps/support-escalation/']")
        page.wait_for_url(re.compile(r".*/maps/support-escalation/$"))
        page.wait_for_selector(".jc-chart[data-jc-drawn] canvas")
    group = page.get_by_role("group", name="Download the chart")
    assert group.count() == 1 and group.get_by_role("button").all_inner_texts() == [
        "Download PNG",
        "Download SVG",
    ]
    # where the page had them: after the chart's live region, before the table's heading
    after = "() => document.querySelector('[data-jc-chart-announce]').nextElementSibling.className"
    assert page.evaluate(after) == "jc-chart-downloads"
    download = _download(page, "Download SVG")
    assert download.suggested_filename == "support-escalation-chart.svg"
    download.save_as(tmp_path / "chart.svg")
    texts = _svg_texts((tmp_path / "chart.svg").read_text(encoding="utf-8"))
    assert all(a in texts for a in _actions(served_site["catalogue"], "support-escalation"))
    assert "Receives the client meeting invitation" not in texts  # not the previous map's


@pytest.mark.browser
def test_without_a_chart_there_are_no_download_buttons(chromium, served_site):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site['url']}maps/business-travel-booking/")
    assert page.locator(".jc-chart svg.jc-chart-fallback").is_visible()
    # the page script makes them (issue 29: the page does not carry markup it cannot use)
    assert page.locator("[data-jc-downloads], [data-jc-download]").count() == 0
    context.close()


@pytest.mark.browser
def test_a_printed_map_fits_a4_without_site_chrome(new_tab, served_site):
    page = _open_map(new_tab, served_site, "support-escalation", "light")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.md-header', '.md-sidebar--primary', '.md-search', '.jc-chart-downloads', '.md-footer']
          .map((s) => document.querySelector(s)).filter(Boolean)
          .map((n) => getComputedStyle(n).display)"""
    )
    assert hidden and set(hidden) == {"none"}
    # A4 landscape less 10 mm margins is 277 mm = 1047 CSS px wide; chart and table must fit in it
    page.set_viewport_size({"width": 1047, "height": 740})
    widths = page.evaluate(
        """() => [document.querySelector('.jc-chart canvas').getBoundingClientRect().width,
                  document.querySelector('table.jc-journey').getBoundingClientRect().width,
                  getComputedStyle(document.querySelector('table.jc-journey tr')).breakInside,
                  // the chart takes its own room: the table starts below the chart's picture
                  document.querySelector('table.jc-journey').getBoundingClientRect().top
                    - document.querySelector('.jc-chart canvas').getBoundingClientRect().bottom]"""
    )
    assert 600 < widths[0] <= 1047 and widths[1] <= 1047 and widths[2] == "avoid" and widths[3] > 0
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "map-print.pdf"), prefer_css_page_size=True, print_background=False)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and {(round(float(w)), round(float(h))) for w, h in boxes} == {(842, 595)}  # A4 landscape
    assert 1 <= len(boxes) <= 6  # a 12-step map with its research and story


# -- from the command line ---------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copytree(FIXTURE_CATALOGUE / "journeys", tmp_path / "journeys")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.skipif(not shutil.which("node"), reason="Node.js renders the chart (./dev setup installs it)")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_export_svg_and_png_from_the_command_line(project, capsys, scheme):
    code, _, err = run(
        capsys, "export", "support-escalation", "--format", "svg", "--scheme", scheme, "-o", "c.svg"
    )
    assert (code, err) == (0, "")
    svg = (project / "c.svg").read_text(encoding="utf-8")
    texts = _svg_texts(svg)
    assert all(a in texts for a in _actions(project, "support-escalation"))
    assert "Escalating a payroll-blocking support case" in texts
    assert ('fill="#1e2129"' in svg) == (scheme == "dark")
    code, _, err = run(
        capsys, "export", "support-escalation", "--format", "png", "--scheme", scheme, "-o", "c.png"
    )
    assert (code, err) == (0, "")
    data = (project / "c.png").read_bytes()
    width, height = _png_size(data)
    svg_height = int(re.search(r'<svg width="1200" height="(\d+)"', svg).group(1))
    assert (width, height) == (2400, 2 * svg_height)
    assert len(data) > 60_000


@pytest.mark.skipif(not shutil.which("node"), reason="Node.js renders the chart (./dev setup installs it)")
def test_map_text_is_escaped_in_the_svg(project, capsys):
    path = project / "journeys" / "maps" / "support-escalation.md"
    path.write_text(
        path.read_text().replace("Payroll calculation stops", "<script>alert(1)</script> & stops", 1)
    )
    code, out, err = run(capsys, "export", "support-escalation", "--format", "svg")
    assert (code, err) == (0, "")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; stops" in out
    assert "<script>alert(1)</script> & stops" in _svg_texts(out)


def test_without_node_the_export_says_what_is_missing(project, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, out, err = run(capsys, "export", "support-escalation", "--format", "png", "-o", "c.png")
    assert (code, out) == (1, "")
    assert err == (
        "journeys: error: an SVG or PNG needs Node.js to run ECharts;"
        " install it (Debian: apt-get install nodejs)\n"
    )
    assert not (project / "c.png").exists()


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("node"), reason="Node.js renders the chart")
@pytest.mark.skipif(not shutil.which("chromium"), reason="the fallback runs Chromium")
def test_png_without_resvg_falls_back_to_chromium(project, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "resvg_py", None)  # as if the `images` extra were not installed
    code, _, err = run(capsys, "export", "support-escalation", "--format", "png", "-o", "c.png")
    assert (code, err) == (0, "")
    assert _png_size((project / "c.png").read_bytes())[0] == 2400


@pytest.mark.skipif(not shutil.which("node"), reason="Node.js renders the chart")
def test_png_without_resvg_or_chromium_says_what_to_install(project, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "resvg_py", None)
    monkeypatch.setattr("journey_catalogue.charts.image_export.CHROMIUMS", ())
    code, _, err = run(capsys, "export", "support-escalation", "--format", "png", "-o", "d.png")
    assert (code, err) == (
        1,
        "journeys: error: a PNG needs resvg-py (pip install 'journey-catalogue[images]') or Chromium;"
        " `--format svg` needs neither\n",
    )


@pytest.mark.skipif(not shutil.which("node"), reason="Node.js renders the chart (./dev setup installs it)")
def test_an_exported_svg_speaks_the_catalogues_language(project, capsys):
    code, _, err = run(
        capsys, "export", "support-escalation", "--format", "svg", "--language", "pl", "-o", "c.svg"
    )
    assert (code, err) == (0, "")
    texts = _svg_texts((project / "c.svg").read_text(encoding="utf-8"))
    gettext = Translator("pl").gettext
    assert gettext("Emotion") in texts and "Emotion" not in texts  # the axis
    channel = ChannelVocabulary.build().get("email").label  # a default channel the map uses
    assert gettext(channel) in texts and channel not in texts
