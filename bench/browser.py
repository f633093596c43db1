"""A map page in headless Chromium: time from navigation start until its chart has drawn, and its bytes.

The site is served by a local ThreadingHTTPServer (bound to port 0) that sends `Cache-Control:
max-age=600` as common static hosts do, so "warm" loads reuse the cached theme and ECharts scripts. A
MutationObserver installed before any page script runs records `performance.now()` (milliseconds since
navigation start) at two moments, each followed by the next animation frame (the frame that presents
it: animation frames run only once the page renders, so nothing counts while styles still block it):
  - "on screen": the chart's first frame is in the document: the build-time SVG the parser inserts
    (`.jc-chart svg.jc-chart-fallback`), or ECharts' own drawing if it comes first;
  - "drawn": ECharts has drawn it (`.jc-chart` gets `data-jc-drawn`), i.e. the chart is interactive.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import shutil
import statistics
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [  # as tests/conftest.py launches it, less its one renderer process for many tabs
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIRST_FRAME = ".jc-chart svg.jc-chart-fallback, .jc-chart[data-jc-drawn]"
WATCH_CHART = """
(() => {
  const FIRST_FRAME = "__FIRST_FRAME__";
  const framed = () => {
    if (window.__jcFramed !== undefined || !document.querySelector(FIRST_FRAME)) return;
    window.__jcFramed = performance.now();
    requestAnimationFrame(() => { window.__jcOnScreen = performance.now(); });
  };
  const seen = () => {
    framed();
    if (window.__jcDrawn !== undefined || !document.querySelector(".jc-chart[data-jc-drawn]")) return false;
    window.__jcDrawn = performance.now();
    requestAnimationFrame(() => { window.__jcPainted = performance.now(); });
    return true;
  };
  const observer = new MutationObserver(() => { if (seen()) observer.disconnect(); });
  // Script load events do not bubble, but they can be captured: when ECharts has been evaluated.
  document.addEventListener("load", (event) => {
    const src = event.target && event.target.src;
    if (src && src.endsWith("/echarts.common.min.js")) window.__jcEchartsLoaded = performance.now();
  }, true);
  observer.observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-jc-drawn"],
  });
})();
""".replace("__FIRST_FRAME__", FIRST_FRAME)
READ_TIMINGS = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  return {
    // Not before the page's first contentful paint: an animation frame can start before it is presented.
    on_screen: window.__jcOnScreen === undefined ? null : Math.max(window.__jcOnScreen,
      (performance.getEntriesByName("first-contentful-paint")[0] || {startTime: 0}).startTime),
    fcp: (performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime ?? null,
    chart_top: (document.querySelector(".jc-chart") || {getBoundingClientRect: () => ({top: null})})
      .getBoundingClientRect().top,
    drawn: window.__jcDrawn === undefined ? null : window.__jcDrawn,
    painted: window.__jcPainted === undefined ? null : window.__jcPainted,
    echarts_loaded: window.__jcEchartsLoaded === undefined ? null : window.__jcEchartsLoaded,
    dcl: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    html: {name: nav.name, transfer: nav.transferSize, body: nav.encodedBodySize},
    resources: performance.getEntriesByType("resource").map(r => ({
      name: r.name, transfer: r.transferSize, body: r.encodedBodySize,
      start: r.startTime, end: r.responseEnd,
    })),
  };
}
"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def serve(site_dir: Path, port: int = 0):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(_Handler, directory=str(site_dir))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _kind(url: str) -> str:
    name = url.split("?", 1)[0].rsplit("/", 1)[-1]
    if name == "echarts.common.min.js":
        return "echarts"
    if name in ("bundle.css", "bundle.js") and "/journeys/" in url:
        return "journeys." + name.split(".")[1]  # every page's styles and scripts, one file each (issue 29)
    if name == "search_index.json":
        return "search_index"  # fetched by Material's search worker on every first load
    if name == "sitemap.xml":
        return "sitemap"  # fetched by Material's instant navigation
    if "/assets/" in url:
        return "theme"  # Material's own CSS, JS and icons
    return "other"


def _bytes(timings: dict) -> dict:
    """Body bytes by type: the HTML (which carries the chart JSON), our CSS/JS, ECharts, the theme."""
    out = {"html": timings["html"]["body"], "html_transfer": timings["html"]["transfer"]}
    for entry in timings["resources"]:
        kind = _kind(entry["name"])
        out[kind] = out.get(kind, 0) + entry["body"]
        out[f"{kind}_transfer"] = out.get(f"{kind}_transfer", 0) + entry["transfer"]
    return out


def _load(page, url: str, *, need_chart: bool) -> dict:
    page.goto(url, wait_until="load")
    if need_chart:
        page.wait_for_function("window.__jcPainted !== undefined", timeout=15_000)
    # Byte counts include what the theme fetches after load (sitemap, search index) on both sites.
    page.wait_for_load_state("networkidle")
    timings = page.evaluate(READ_TIMINGS)
    timings["bytes"] = _bytes(timings)
    return timings


def _echarts_timing(timings: dict) -> None:
    """When the ECharts request started and its response ended, in ms since navigation start."""
    for entry in timings["resources"]:
        if _kind(entry["name"]) == "echarts":
            timings["echarts_start"], timings["echarts_end"] = entry["start"], entry["end"]
            return
    timings["echarts_start"] = timings["echarts_end"] = None


def _summary(loads: list[dict]) -> dict:
    def med(key):
        values = [t[key] for t in loads if t.get(key) is not None]
        return round(statistics.median(values), 1) if values else None

    for timings in loads:
        _echarts_timing(timings)

    return {
        "loads": len(loads),
        "on_screen_ms": med("on_screen"),  # the chart's first frame presented (build-time SVG)
        "first_contentful_paint_ms": med("fcp"),
        "drawn_ms": med("drawn"),  # ECharts has drawn it: interactive
        "painted_ms": med("painted"),
        "dom_content_loaded_ms": med("dcl"),
        "load_ms": med("load"),
        "echarts_request_start_ms": med("echarts_start"),
        "echarts_response_end_ms": med("echarts_end"),
        "echarts_evaluated_ms": med("echarts_loaded"),
        "drawn_ms_all": [round(t["drawn"], 1) for t in loads if t["drawn"] is not None],
        "on_screen_ms_all": [round(t["on_screen"], 1) for t in loads if t["on_screen"] is not None],
        "bytes": loads[0]["bytes"],
    }


def measure(site_dir: Path, page_path: str, *, loads: int = 7, baseline: tuple[Path, str] | None = None):
    """First loads (each in a fresh browser context, empty cache) and warm loads (one context, reloaded).

    `baseline` (site_dir, page_path) loads the baseline's page the same way, for comparison (no chart).
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium is not installed at {CHROMIUM} (./dev test installs it)")
    result: dict = {"page": page_path}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            targets = [("ours", site_dir, page_path, True)]
            if baseline:
                targets.append(("baseline", baseline[0], baseline[1], False))
            for name, folder, path, need_chart in targets:
                with serve(folder) as base:
                    url = base + path
                    first, warm = [], []
                    for _ in range(loads):
                        context = browser.new_context(viewport={"width": 1280, "height": 900})
                        context.add_init_script(WATCH_CHART)
                        first.append(_load(context.new_page(), url, need_chart=need_chart))
                        context.close()
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    context.add_init_script(WATCH_CHART)
                    page = context.new_page()
                    _load(page, url, need_chart=need_chart)  # fills the cache
                    for _ in range(loads):
                        warm.append(_load(page, url, need_chart=need_chart))
                    context.close()
                    result[name] = {"first": _summary(first), "warm": _summary(warm)}
        finally:
            browser.close()
    return result


# One hop of Material's instant navigation: the click's time, then the times the new page's chart is on
# screen (its first frame in the document, at the next animation frame) and drawn by ECharts (the
# document stays; only the content is swapped, and the catalogue page it starts from has no chart).
# On a plain page, with no chart, "on screen" is the swapped-in content itself (Material replaces its
# container element) and "drawn" is the same moment.
HOP = """
([selector, screen, drawn]) => {
  window.__jcHop = window.__jcHopScreen = undefined;
  document.querySelector("[data-md-component=container]").setAttribute("data-jc-left", "");
  let framed = false;
  const observer = new MutationObserver(() => {
    if (!framed && document.querySelector(screen)) {
      framed = true;
      requestAnimationFrame(() => {
        window.__jcHopScreen = performance.now() - window.__jcClick;
        if (!drawn) window.__jcHop = window.__jcHopScreen;
      });
      if (!drawn) observer.disconnect();
    }
    if (drawn && document.querySelector(drawn)) {
      window.__jcHop = performance.now() - window.__jcClick;
      observer.disconnect();
    }
  });
  observer.observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-jc-drawn"],
  });
  window.__jcClick = performance.now();
  document.querySelector(selector).click();
}
"""
PLAIN_CONTENT = "[data-md-component=container]:not([data-jc-left])"


SITEMAP_READ = """
() => performance.getEntriesByType("resource").some(r => r.name.endsWith("/sitemap.xml") && r.responseEnd > 0)
"""


def measure_instant(
    site_dir: Path, site_url: str, map_ids: list[str], *, hops: int = 7, plain: bool = False
) -> dict:
    """Browsing as readers do: from the catalogue page, click a map (instant navigation), go back, click
    another. The first hop of a visit evaluates ECharts (from the HTTP cache); later hops reuse it.
    With `plain`, the site is the baseline's plain pages: the hop ends when their content is on screen.

    Instant navigation follows links only at the site_url the site was built for, so the site is served
    on that port; returns {"skipped": reason} when the port is taken.
    """
    from urllib.parse import urlsplit

    from playwright.sync_api import sync_playwright

    port = urlsplit(site_url).port or 80
    first_hops, later_hops, first_screens, later_screens = [], [], [], []
    try:
        server = serve(site_dir, port)
        base = server.__enter__()
    except OSError as error:
        return {"skipped": f"port {port} is taken ({error.strerror})"}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(base + f"maps/{map_ids[0]}/", wait_until="networkidle")  # fills the HTTP cache
            for round_ in range(hops):
                page.goto(base + "maps/", wait_until="networkidle")  # a new visit: ECharts not evaluated
                # Material intercepts clicks only once it has read the sitemap.
                page.wait_for_function(SITEMAP_READ)
                page.wait_for_timeout(500)
                for hop in range(2):
                    map_id = map_ids[(2 * round_ + hop + 1) % len(map_ids)]
                    watched = [PLAIN_CONTENT, None] if plain else [FIRST_FRAME, ".jc-chart[data-jc-drawn]"]
                    page.evaluate(HOP, [f'a[href$="{map_id}/"]', *watched])
                    # Never set after a full page load (a new window): only an in-page hop passes.
                    page.wait_for_function(
                        "window.__jcHop !== undefined && window.__jcHopScreen !== undefined", timeout=15_000
                    )
                    assert page.url.rstrip("/").endswith(map_id), page.url
                    (first_hops if hop == 0 else later_hops).append(page.evaluate("window.__jcHop"))
                    (first_screens if hop == 0 else later_screens).append(
                        page.evaluate("window.__jcHopScreen")
                    )
                    page.go_back()
                    page.wait_for_selector(f'a[href$="{map_ids[(2 * round_ + 2) % len(map_ids)]}/"]')
            browser.close()
    finally:
        server.__exit__(None, None, None)
    return {
        "hops": hops,
        "first_hop_on_screen_ms": round(statistics.median(first_screens), 1),
        "later_hop_on_screen_ms": round(statistics.median(later_screens), 1),
        "first_hop_drawn_ms": round(statistics.median(first_hops), 1),
        "later_hop_drawn_ms": round(statistics.median(later_hops), 1),
        "first_hop_all": [round(t, 1) for t in first_hops],
        "later_hop_all": [round(t, 1) for t in later_hops],
        "first_hop_on_screen_all": [round(t, 1) for t in first_screens],
        "later_hop_on_screen_all": [round(t, 1) for t in later_screens],
    }


# -- a phone: CPU slowed 4x, Lighthouse's "slow 4G", a cold cache ------------------------------------------

SLOW_4G = {  # Lighthouse's mobile throttling: 150 ms RTT, 1.6 Mbps down, 750 kbps up
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8,
    "uploadThroughput": 750 * 1024 / 8,
}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True}
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg")


class _GzipHandler(_Handler):
    """Sends text files gzipped, as static hosts do (GitHub Pages, Netlify, nginx's gzip_static): on a slow
    network the bytes that cross it are the compressed ones."""

    cache: dict[str, bytes] = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        path = self.translate_path(self.path)
        if Path(path).is_dir():
            path = str(Path(path) / "index.html")
        if not path.endswith(COMPRESSED) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        try:
            body = self.cache.get(path) or gzip.compress(Path(path).read_bytes(), compresslevel=6)
        except OSError:
            return super().do_GET()
        self.cache[path] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the page closed before the end
            self.wfile.write(body)


@contextmanager
def serve_gzipped(site_dir: Path):
    handler = type("Handler", (_GzipHandler,), {"cache": {}})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


PAINTED = """
([chart]) => chart ? window.__jcOnScreen !== undefined
  && performance.getEntriesByName("first-contentful-paint").length > 0
  : performance.getEntriesByName("first-contentful-paint").length > 0
"""


def _phone_load(browser, url: str, *, chart: bool) -> dict:
    context = browser.new_context(**PHONE)
    context.add_init_script(WATCH_CHART)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    try:
        page.goto(url, wait_until="commit", timeout=60_000)
        page.wait_for_function(PAINTED, arg=[chart], timeout=60_000)
        timings = page.evaluate(READ_TIMINGS)
    finally:
        context.close()
    return {"on_screen": timings["on_screen"], "fcp": timings["fcp"], "chart_top": timings["chart_top"]}


def measure_phone(site_dir: Path, page_path: str, baseline: tuple[Path, str], *, loads: int = 5) -> dict:
    """Cold loads on an emulated phone (390 px, CPU slowed 4x with CDP Emulation.setCPUThrottlingRate,
    slow 4G with Network.emulateNetworkConditions), each in a fresh context, ours and the plain page
    alternating: time from navigation start until our chart is on screen, and the plain page's first
    contentful paint."""
    from playwright.sync_api import sync_playwright

    ours, plain = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with serve_gzipped(site_dir) as our_base, serve_gzipped(baseline[0]) as plain_base:
                for _ in range(loads):
                    ours.append(_phone_load(browser, our_base + page_path, chart=True))
                    plain.append(_phone_load(browser, plain_base + baseline[1], chart=False))
        finally:
            browser.close()
    return {
        "loads": loads,
        "network": "slow 4G (150 ms RTT, 1.6 Mbps down), CPU 4x slower, gzip",
        "chart_on_screen_ms": round(statistics.median(t["on_screen"] for t in ours), 1),
        "first_contentful_paint_ms": round(statistics.median(t["fcp"] for t in ours), 1),
        "plain_first_contentful_paint_ms": round(statistics.median(t["fcp"] for t in plain), 1),
        "chart_top_px": ours[0]["chart_top"],
        "chart_on_screen_all": [round(t["on_screen"], 1) for t in ours],
        "plain_fcp_all": [round(t["fcp"], 1) for t in plain],
    }
