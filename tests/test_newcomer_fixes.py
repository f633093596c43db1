"""What a newcomer tripped over (issue 26): a neutral emotion's sign, citations by id only, the
scaffold's nav without Insights, and `./dev serve` on a busy port."""

from __future__ import annotations

import socket
import subprocess

import pytest
import yaml

from journey_catalogue.render.cells import signed

from conftest import ROOT

SCAFFOLD = ROOT / "plugins" / "journey_catalogue" / "authoring" / "scaffold" / "mkdocs.yml"


def test_neutral_emotion_has_no_sign():
    assert [signed(v) for v in (-2, -1, 0, 1, 2)] == ["−2", "−1", "0", "+1", "+2"]
    assert [signed(v) for v in (-0.04, 0.0, 0.5)] == ["0.0", "0.0", "+0.5"]


def test_the_scaffolds_nav_has_every_page_the_plugin_writes():
    text = SCAFFOLD.read_text().replace("!ENV", "").replace("__REPO_LINES__", "")
    nav = [next(iter(item.values())) for item in yaml.safe_load(text)["nav"]]
    assert "insights/index.md" in nav


def test_dev_serve_on_a_busy_port_says_so_in_one_line_and_names_the_option():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [str(ROOT / "dev"), "serve", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if str(port) in line]
    assert len(lines) == 1 and "--port" in lines[0], run.stderr


@pytest.mark.browser
def test_a_citation_names_its_source_in_its_tooltip(browser_page, served_site):
    page, watch = browser_page
    page.goto(f"{served_site['url']}maps/business-travel-booking/")
    page.wait_for_selector('a[href*="#source-"][title]', state="attached", timeout=5000)
    pairs = page.evaluate(
        """() => [...document.querySelectorAll('.jc-table-scroll a[href*="#source-"]')].map((a) =>
             [a.title, document.getElementById(a.hash.slice(1)).querySelector('strong').textContent])"""
    )
    assert pairs and all(title == name.strip() and title for title, name in pairs)
    watch.assert_clean()
