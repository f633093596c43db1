"""Property-based tests: whatever the model accepts renders; whatever a contributor breaks is located.

1. Random valid maps (any text, unicode and markup included; 1-5 stages of 1-4 steps; emotions as one
   number or per persona; pains and opportunities as text or objects; touchpoints from the default
   channels) are written as real frontmatter files, loaded without a single problem, and every page of the
   catalogue renders, with a JSON-serialisable chart payload that carries the text unchanged.
2. Random mutations of a valid catalogue (lines deleted, duplicated or re-indented, characters replaced,
   bytes inserted, files truncated) never raise: every problem names a file, a line and a column >= 1 and
   says something; the CLI exits 0 or 1.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
import string
import tempfile
from pathlib import Path

import jinja2
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from journey_catalogue.catalogue.index import CatalogueIndex
from journey_catalogue.charts.map_chart import chart_payload
from journey_catalogue.cli.main import main
from journey_catalogue.format.channels import DEFAULT_CHANNELS
from journey_catalogue.format.loader import load_catalogue
from journey_catalogue.format.phases import DEFAULT_PHASES
from journey_catalogue.render import pages as pages_module
from journey_catalogue.render.options import RenderOptions
from journey_catalogue.render.pages import PageRenderer

TODAY = dt.date(2026, 11, 23)
BASE = Path(__file__).parent / "corpus" / "base" / "journeys"
CHANNEL_IDS = [c.id for c in DEFAULT_CHANNELS]
PERSONA_POOL = ["olga", "mark", "amira"]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MUTATION_EXAMPLES = 150
CLI_EXAMPLES = 12

# -- strategies -------------------------------------------------------------------------------------

MARKUP = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "{{ 7*7 }}",
    "{% raw %}",
    "{a|x} {b}",
    "&lt;b&gt;&amp;",
    "javascript:alert(1)",
    "--- not a fence",
    "# not a heading",
    "key: value",
    "- item",
    "مرحبا \u202eשלום",
    "Возврат товара",
    "😀 emoji",
    "tab\tinside",
]
# Any character YAML can carry in a file (no surrogates, no unassigned code points).
# Frontmatter text may not hold control characters (the model refuses them); bodies and raw bytes may.
_characters = st.characters(blacklist_categories=("Cs", "Cn", "Cc"))
_any_characters = st.characters(blacklist_categories=("Cs", "Cn"))
text = st.one_of(
    st.text(_characters, min_size=1, max_size=30),
    st.sampled_from(MARKUP),
    st.builds(lambda a, b: f"{a} {b}", st.sampled_from(MARKUP), st.text(_characters, max_size=10)),
).filter(lambda s: s.strip() != "")
ids = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8)


@st.composite
def maps(draw):
    personas = draw(st.lists(st.sampled_from(PERSONA_POOL), min_size=1, max_size=3, unique=True))
    source_ids = draw(st.lists(ids, max_size=3, unique=True))
    sources = [
        {
            "id": sid,
            "type": draw(st.sampled_from(["survey", "interview", "analytics", "review", "other"])),
            "title": draw(text),
            **draw(
                st.fixed_dictionaries({}, optional={"url": st.sampled_from(["https://x.org/a", "../r.pdf"])})
            ),
        }
        for sid in source_ids
    ]

    def cited(item_text: str, extra_key: str, extra_values: list[str]):
        return st.one_of(
            st.just(item_text),
            st.fixed_dictionaries(
                {"text": st.just(item_text)},
                optional={
                    extra_key: st.sampled_from(extra_values),
                    "sources": st.lists(st.sampled_from(source_ids), unique=True)
                    if source_ids
                    else st.just([]),
                },
            ),
        )

    def emotion():
        valence = st.integers(-2, 2)
        return st.one_of(
            valence,
            st.dictionaries(st.sampled_from(personas), valence, max_size=len(personas)),
        )

    n_stages = draw(st.integers(1, 5))
    explicit = draw(st.lists(st.booleans(), min_size=n_stages, max_size=n_stages))
    stage_ids = draw(st.lists(ids, min_size=n_stages, max_size=n_stages, unique=True))
    stages = []
    for s in range(n_stages):
        steps = []
        for _ in range(draw(st.integers(1, 4))):
            step = {"action": draw(text)}
            step |= draw(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "touchpoints": st.lists(st.sampled_from(CHANNEL_IDS), max_size=4, unique=True),
                        "emotion": emotion(),
                        "feeling": text,
                        "thought": text,
                        "pains": st.lists(
                            text.flatmap(lambda t: cited(t, "severity", ["low", "medium", "high"])),
                            max_size=3,
                        ),
                        "opportunities": st.lists(
                            text.flatmap(
                                lambda t: cited(t, "status", ["idea", "planned", "in-progress", "done"])
                            ),
                            max_size=3,
                        ),
                        "backstage": st.lists(text, max_size=2),
                        "extra": st.dictionaries(ids, text, max_size=2),
                    },
                )
            )
            steps.append(step)
        stage = {"name": draw(text), "steps": steps}
        if explicit[s]:
            stage["id"] = stage_ids[s]
        stage |= draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "phase": st.sampled_from([p.id for p in DEFAULT_PHASES]),
                    "goal": text,
                    "needs": st.lists(text, max_size=3),
                    "kpis": st.lists(
                        st.fixed_dictionaries({"name": text, "value": text}, optional={"target": text}),
                        max_size=2,
                    ),
                },
            )
        )
        stages.append(stage)
    # `next` may only name explicit ids (slugs are the loader's business): loops and branches between them
    named = [stage["id"] for stage in stages if "id" in stage]
    if named:
        for stage in stages:
            if draw(st.booleans()):
                stage["next"] = draw(st.lists(st.sampled_from(named), max_size=3, unique=True))
    front = {
        "title": draw(text),
        "summary": draw(text),
        "segment": draw(st.sampled_from(["B2B", "B2C"])),
        "industry": draw(text),
        "personas": personas,
        "tags": draw(st.lists(text, max_size=4)),
        "owner": draw(text),
        "updated": draw(st.dates(dt.date(2020, 1, 1), TODAY)).isoformat(),
        "status": draw(st.sampled_from(["draft", "published", "archived"])),
        "template": draw(st.booleans()),
        "sources": sources,
        "stages": stages,
    }
    body = draw(st.one_of(st.just(""), st.text(_any_characters, max_size=200), st.sampled_from(MARKUP)))
    return front, body


def write(path: Path, front: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{text}---\n{body}", encoding="utf-8")


def persona(pid: str) -> dict:
    return {"name": f"{pid.title()} <b>&</b>", "role": "Tester", "segment": "B2C", "channels": ["web"]}


# -- 1. accepted maps render ---------------------------------------------------------------------------


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Each PageRenderer compiles its templates once; sharing the bytecode keeps 40 renderers fast."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()


def renderer_for(index: CatalogueIndex) -> PageRenderer:
    original = pages_module.Environment
    pages_module.Environment = lambda **kwargs: original(bytecode_cache=_BYTECODE, **kwargs)
    try:
        return PageRenderer(index, RenderOptions())
    finally:
        pages_module.Environment = original


@SETTINGS
@given(journeys=st.lists(maps(), min_size=1, max_size=3))
def test_any_accepted_map_loads_cleanly_and_renders_every_page(journeys):
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "journeys"
        for pid in PERSONA_POOL:
            write(root / "personas" / f"{pid}.md", persona(pid), "About <i>them</i>.")
        for n, (front, body) in enumerate(journeys):
            write(root / "maps" / f"map-{n}.md", front, body)
        catalogue = load_catalogue(root, base=Path(work), today=TODAY)
        assert catalogue.errors == [], [str(p) for p in catalogue.errors]
        assert len(catalogue.maps) == len(journeys)

        index = CatalogueIndex(catalogue, TODAY, 180, True)
        renderer = renderer_for(index)
        pages = renderer.pages()
        # catalogue, personas, templates, insights, editor
        assert len(pages) == 5 + len(journeys) + len(PERSONA_POOL)
        names = {p.id: p.meta.name for p in catalogue.personas.values()}
        for page in pages:
            sections = renderer.sections(page)
            assert set(sections) == {name for _, name in page.sections}
            rendered = renderer.render(page, page.markdown())
            assert "journeys:section" not in rendered
            if page.kind != "map":
                continue
            journey = catalogue.maps[page.id]
            for stage in journey.meta.stages:
                for step in stage.steps:
                    assert str(escape(step.action)) in sections["table"]
            payload = chart_payload(journey, catalogue.channels, names)
            json.dumps(payload, allow_nan=False)
            steps = [step for stage in journey.meta.stages for step in stage.steps]
            assert len(payload["steps"]) == len(steps) and len(set(payload["steps"])) == len(steps)
            for number, step in zip(payload["steps"], steps, strict=True):
                # the page script finds a step's text in the table through its number
                cell = f'<td id="step-{number.replace(".", "-")}"><b>{number}</b> '
                assert cell + str(escape(step.action)) + "</td>" in sections["table"]


# -- 2. mutations are located, never a traceback -----------------------------------------------------


def _mutate(data: bytes, operations: list[tuple[str, int, int, bytes]]) -> bytes:
    for kind, a, b, junk in operations:
        lines = data.split(b"\n")
        i = a % max(len(lines), 1)
        if kind == "delete-line":
            del lines[i]
        elif kind == "duplicate-line":
            lines.insert(i, lines[i])
        elif kind == "indent":
            lines[i] = b" " * (b % 5) + lines[i].lstrip(b" ") if b % 2 else lines[i][b % 4 :]
        elif kind == "tab-indent":
            lines[i] = b"\t" + lines[i]
        elif kind == "replace-char":
            flat = b"\n".join(lines).decode("utf-8", errors="surrogateescape")
            if flat:
                j = a % len(flat)
                char = junk.decode("utf-8", errors="surrogateescape")[:1] or "\u202e"
                flat = flat[:j] + char + flat[j + 1 :]
            lines = flat.encode("utf-8", errors="surrogateescape").split(b"\n")
        elif kind == "insert-bytes":
            flat = b"\n".join(lines)
            j = a % (len(flat) + 1)
            lines = (flat[:j] + junk + flat[j:]).split(b"\n")
        elif kind == "truncate":
            flat = b"\n".join(lines)
            lines = flat[: a % (len(flat) + 1)].split(b"\n")
        data = b"\n".join(lines)
    return data


operations = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "delete-line",
                "duplicate-line",
                "indent",
                "tab-indent",
                "replace-char",
                "insert-bytes",
                "truncate",
            ]
        ),
        st.integers(0, 10_000),
        st.integers(0, 100),
        st.one_of(
            st.binary(min_size=1, max_size=8),
            st.text(_any_characters, min_size=1, max_size=3).map(lambda s: s.encode("utf-8")),
            st.sampled_from(
                [b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"---\n", b"&a *a", b": [", b"!!python/x"]
            ),
        ),
    ),
    min_size=1,
    max_size=3,
)
FILES = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*.md"))


def _mutated_catalogue(work: Path, target: str, ops) -> tuple[Path, bytes]:
    root = work / "journeys"
    shutil.copytree(BASE, root)
    path = root / target
    data = _mutate(path.read_bytes(), ops)
    path.write_bytes(data)
    return root, data


def _assert_located(catalogue, root: Path, work: Path):
    for problem in catalogue.problems:
        assert problem.file and problem.message.strip(), problem
        assert problem.line >= 1 and problem.column >= 1, str(problem)
        assert (work / problem.file).is_file(), f"{problem.file} is not a file of the catalogue"
        lines = (work / problem.file).read_bytes().count(b"\n") + 1
        assert problem.line <= lines + 1, f"{problem} points past the end of the file ({lines} lines)"


@settings(max_examples=MUTATION_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(FILES), ops=operations)
def test_mutated_files_validate_or_give_located_errors(target, ops):
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        root, _ = _mutated_catalogue(work, target, ops)
        catalogue = load_catalogue(root, base=work, today=TODAY)
        _assert_located(catalogue, root, work)
        if any(p.is_error for p in catalogue.problems):
            assert target.removesuffix(".md").split("/")[-1] not in {
                **catalogue.maps,
                **catalogue.personas,
            }, "a file with errors must not be published"


@settings(max_examples=CLI_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(FILES), ops=operations)
def test_the_cli_exits_0_or_1_on_mutated_files(target, ops):
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        root, _ = _mutated_catalogue(work, target, ops)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(["validate", "--root", str(root), "--config", str(work / "no-mkdocs.yml")])
        assert code in (0, 1), out.getvalue()
        assert "Traceback" not in out.getvalue()
        assert out.getvalue().strip().splitlines()[-1].startswith("1 map, 2 personas")


def test_the_unmutated_base_is_valid():
    """The mutation tests blame every problem on a mutation: the base itself has none, and the CLI says so."""
    catalogue = load_catalogue(BASE, base=BASE.parent, today=TODAY)
    assert [str(p) for p in catalogue.problems] == []
    published = [f"maps/{m}.md" for m in catalogue.maps] + [f"personas/{p}.md" for p in catalogue.personas]
    assert sorted(published) == FILES
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["validate", "--root", str(BASE), "--config", str(BASE / "no-mkdocs.yml")])
    assert (code, out.getvalue()) == (0, "1 map, 2 personas: valid\n")


_SEGMENT = st.sampled_from(["maps", "personas", "journey-1", "index.html", ".", "..", "", "x.md"])
_SITE_PATH = st.lists(_SEGMENT, max_size=5).map("/".join).map(lambda p: p or ".")


@given(target=_SITE_PATH, start=_SITE_PATH, absolute=st.booleans())
def test_the_links_relative_path_is_posixpaths(target, start, absolute):
    """render/layout.py's _relpath skips relpath's getcwd calls: the same answer for any site path."""
    import posixpath

    from journey_catalogue.render.layout import _relpath

    if absolute:
        target, start = "/" + target, "/" + start
    assert _relpath(target, start) == posixpath.relpath(target, start)
