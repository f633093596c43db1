"""Peak memory of a build: MkDocs reads every page before it writes any, so whatever a page holds from
on_page_content on is held for all pages at once. Map pages keep only their skeleton until MkDocs
writes them; the figures (10,000 maps) are the benchmark's, this holds the mechanism."""

from __future__ import annotations

from mkdocs.commands import build as mkdocs_build

from conftest import FIXTURE_CATALOGUE, build_site

RENDERED = 'class="jc-journey'  # the step table: only a rendered map page has it


def test_map_pages_hold_their_rendered_html_only_while_mkdocs_writes_them(tmp_path, monkeypatch):
    held_before_each_write = []
    written = []
    build_page = mkdocs_build._build_page

    def watched(page, config, doc_files, *args, **kwargs):
        held_before_each_write.append(
            sum(RENDERED in (f.page.content or "") for f in doc_files if f.page is not None)
        )
        build_page(page, config, doc_files, *args, **kwargs)
        written.append(RENDERED in (tmp_path / "site" / page.file.dest_uri).read_text(encoding="utf-8"))

    monkeypatch.setattr(mkdocs_build, "_build_page", watched)
    build_site(FIXTURE_CATALOGUE / "mkdocs.yml", tmp_path / "site", "http://127.0.0.1:8000/")
    assert sum(written) >= 5, "the fixture's map pages were written with their step tables"
    assert max(held_before_each_write) == 0, held_before_each_write
