"""Charts as pure functions from a map (or the insights) to ECharts options, and what is derived from them:
the map chart (map_chart.py, built with pyecharts through pyecharts_kit.py), its split into a shared
script and per-page data (split.py), the build-time SVG first frame (first_frame.py), the insights heatmap
(heatmap.py) and SVG/PNG export (image_export.py). Their sizes, paddings and colours are in geometry.py.

Imports `format/` and `catalogue/`; knows nothing of HTML pages, MkDocs or the command line.
"""
