"""Charts as pure functions from a map (or the insights) to ECharts options, and what is derived from them:
the map chart, its split into a shared script and per-page data, the build-time SVG first frame, the
insights heatmap, and SVG/PNG export.

Imports `format/` and `catalogue/`; knows nothing of HTML pages, MkDocs or the command line.
"""
