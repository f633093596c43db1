"""Theme templates compiled once a process (render/compiled_templates.py): a second build in the same
process, as `mkdocs serve` rebuilds, compiles none of them and writes the same pages; the compiled code
is reused only where Jinja would have compiled the same code."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from journey_catalogue.render import compiled_templates
from journey_catalogue.render.compiled_templates import KINDS_KEPT, CompiledTemplates

from conftest import FIXTURE_CATALOGUE, build_site, copy_catalogue

URL = "http://127.0.0.1:8000/"


def _html(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


def test_a_second_build_in_the_process_compiles_no_theme_template_and_writes_the_same_pages(
    tmp_path, monkeypatch
):
    cache = CompiledTemplates()
    monkeypatch.setattr(compiled_templates, "TEMPLATES", cache)
    config = copy_catalogue(FIXTURE_CATALOGUE, tmp_path / "catalogue")
    build_site(config, tmp_path / "first", URL)
    first_compiled = cache.compiled
    assert first_compiled > 20 and cache.reused == 0  # Material's main.html, base.html, partials...
    build_site(config, tmp_path / "second", URL)
    assert cache.compiled == first_compiled
    assert cache.reused >= first_compiled
    first, second = _html(tmp_path / "first"), _html(tmp_path / "second")
    assert len(first) > 20 and first == second


def _env(cache, templates, **filters) -> Environment:
    env = Environment(loader=DictLoader(templates), bytecode_cache=cache)
    env.filters.update(filters)
    return env


def test_a_changed_source_compiles_again():
    cache = CompiledTemplates()
    assert _env(cache, {"t.html": "{{ 6 * 7 }}"}).get_template("t.html").render() == "42"
    assert _env(cache, {"t.html": "{{ 6 * 7 }}"}).get_template("t.html").render() == "42"
    assert (cache.compiled, cache.reused) == (1, 1)
    assert _env(cache, {"t.html": "{{ 6 * 8 }}"}).get_template("t.html").render() == "48"
    assert (cache.compiled, cache.reused) == (2, 1)


def test_code_is_not_shared_between_environments_that_would_compile_it_differently():
    # Jinja's optimizer applies a filter to a constant while compiling: the result is in the code
    cache = CompiledTemplates()
    source = {"t.html": "{{ 'Word' | shout }}"}
    assert _env(cache, source, shout=str.upper).get_template("t.html").render() == "WORD"
    assert _env(cache, source, shout=str.lower).get_template("t.html").render() == "word"
    assert _env(cache, source, shout=str.upper).get_template("t.html").render() == "WORD"
    assert (cache.compiled, cache.reused) == (2, 1)
    # and other syntax or escaping settings are other kinds too
    escaped = Environment(loader=DictLoader({"t.html": "{{ '<b>' }}"}), bytecode_cache=cache, autoescape=True)
    assert escaped.get_template("t.html").render() == "&lt;b&gt;"
    plain = Environment(loader=DictLoader({"t.html": "{{ '<b>' }}"}), bytecode_cache=cache)
    assert plain.get_template("t.html").render() == "<b>"


def test_only_the_last_few_kinds_are_kept():
    cache = CompiledTemplates()
    for number in range(KINDS_KEPT + 3):
        # a new filter function each time, as a plugin that makes them for every build would
        env = _env(cache, {"t.html": "{{ 1 }}"}, own=lambda value, n=number: value)
        assert env.get_template("t.html").render() == "1"
    assert cache.compiled == KINDS_KEPT + 3 and len(cache._kinds) == KINDS_KEPT
