"""Rendering generated pages' sections ahead, on the other cores, while the host writes pages in order.

A host such as MkDocs writes its pages one by one and asks for a page's sections as it writes it
(pages.py, `PageRenderer.render`). Rendering is a pure function of the page once the PageRenderer exists,
so worker processes forked from the host after that render the pages it will write next, in its order,
and the host takes each page's sections when it gets there. Output is the same, byte for byte.

- **Bounded.** At most `window` pages a worker, and `MAX_STOLEN` pages the host rendered early, are
  rendered and not yet taken: the host never holds every page's HTML at once (peak memory at 10,000 maps).
  The window is wide enough for the workers to keep busy while MkDocs reads every page's Markdown before
  it writes the first.
- **No idle host.** When the host reaches a page no worker has started, it renders that page itself and
  the workers carry on with the next ones. When it reaches one a worker is still rendering, it renders
  the last page not yet handed out while it waits (its own work is lighter than a map's sections, so the
  workers fall behind), and keeps that page's sections, at most `MAX_STOLEN` of them, until it writes it.
- **Failures are the host's.** A page whose rendering failed in a worker, or a worker that died, raises
  `AheadError` naming the page when the host reaches it; the pool stops, nothing waits on it.
- **Fork only.** A forked worker inherits the renderer, its compiled templates and the catalogue without
  pickling them. So: Linux, and a process with no other thread (fork copies only the calling thread; a
  lock another thread held stays held in the copy: `mkdocs serve` has threads, and renders in-process).
- **Silent rendering.** A worker's log records never reach the host's (nor `--strict`'s count): rendering
  logs nothing; whatever it must report belongs to loading, in the host, before the workers start.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..format.parallel_check import usable_cpus
from .pages import GeneratedPage, PageRenderer

PAGES_PER_WORKER = 24  # below this the host renders alone: a worker would have too little to do
WINDOW_PER_WORKER = 256  # pages rendered ahead per worker, at most: about 7 MB of dense map pages
MAX_STOLEN = 256  # pages the host renders from the end while it waits, and holds until it writes them

# What a forked worker renders from: set in the host just before the workers start, inherited by fork.
_work: tuple[PageRenderer, dict[str, GeneratedPage]] | None = None


class AheadError(Exception):
    """Rendering a page in a worker process failed (`cause` says how), or a worker process died."""

    def __init__(self, source: str, cause: BaseException):
        if isinstance(cause, BrokenProcessPool):  # which page it was on is lost with it
            message = f"a worker process stopped unexpectedly while rendering pages up to {source} ({cause})"
        else:
            message = f"rendering {source} failed: {type(cause).__name__}: {cause}"
        super().__init__(message)
        self.source, self.cause = source, cause


def fork_is_safe() -> bool:
    """Whether worker processes can be forked from here (Linux, and no thread but this one)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def worker_count(requested: int | None, page_count: int) -> int:
    """Workers for `page_count` pages: `requested` if given (0: none), else one per usable CPU beside the
    host's own, and none for a catalogue too small to share or where fork is unsafe."""
    if not fork_is_safe():
        return 0
    if requested is not None:
        return max(0, min(requested, page_count))
    return max(0, min(usable_cpus() - 1, page_count // PAGES_PER_WORKER))


class AheadRenderer:
    """Renders `pages` (in the order the host will ask for them) in `workers` forked processes."""

    def __init__(self, renderer: PageRenderer, pages: list[GeneratedPage], workers: int):
        global _work
        self._order = {page.source: position for position, page in enumerate(pages)}
        self._pages = pages
        self._renderer = renderer
        self._end = len(pages)  # pages from here on are the host's: taken from the end while it waited
        self._stolen = 0
        self._window = WINDOW_PER_WORKER * workers
        self._next = 0  # position of the next page to hand to the workers
        self._ahead: dict[str, Future] = {}
        # A page rendered here first builds what every page shares and the renderer computes on first use
        # (compiled templates, the index's relations): the workers inherit it instead of each building it.
        self._ready: dict[str, dict[str, str]] = {}
        first = next((p for p in pages if p.kind == "map"), pages[0] if pages else None)
        if first is not None:
            self._ready[first.source] = renderer.sections(first)
        _work = (renderer, {page.source: page for page in pages})
        self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork")
        )
        self._hand_out()

    def _hand_out(self) -> None:
        while self._pool is not None and self._next < self._end and len(self._ahead) < self._window:
            page = self._pages[self._next]
            self._next += 1
            if page.source in self._ready:
                continue
            try:
                self._ahead[page.source] = self._pool.submit(_render, page.source)
            except BrokenProcessPool:  # a worker died: the pages it had fail as the host reaches them
                self._next = self._end

    def take(self, page: GeneratedPage) -> dict[str, str] | None:
        """The page's sections if rendered ahead; None when the host should render it (a page not handed
        out, or one no worker has started). Raises AheadError when its rendering failed."""
        ready = self._ready.pop(page.source, None)
        if ready is not None:
            return ready
        future = self._ahead.pop(page.source, None)
        self._drop_skipped(page.source)
        if future is None or future.cancel():
            self._hand_out()
            return None
        while not future.done() and self._steal():
            pass
        try:
            sections = future.result()
        except BaseException as error:
            self.close()
            raise AheadError(page.source, error) from error
        self._hand_out()
        return sections

    def _steal(self) -> bool:
        """Render the last page not handed out, here; False when there is none or the host holds enough.
        A page that fails here is left for the host to render again when it reaches it, and fail then."""
        while self._stolen < MAX_STOLEN and self._end > self._next:
            self._end -= 1
            page = self._pages[self._end]
            if page.source in self._ready:
                continue
            try:
                self._ready[page.source] = self._renderer.sections(page)
            except Exception:
                return False
            self._stolen += 1
            return True
        return False

    def _drop_skipped(self, source: str) -> None:
        """Pages before this one that the host has not asked for (it skipped them: a dirty build) would
        hold their place in the window for ever."""
        position = self._order.get(source)
        if position is None:
            return
        for skipped in [s for s in self._ahead if self._order[s] < position]:
            self._ahead.pop(skipped).cancel()

    def close(self) -> None:
        """Stop the workers (waiting for the pages they are on); pages not started are dropped."""
        global _work
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._ahead.clear()
        self._ready.clear()
        _work = None


def _render(source: str) -> dict[str, str]:
    assert _work is not None, "a worker forked before the renderer was set"
    renderer, pages = _work
    return renderer.sections(pages[source])
