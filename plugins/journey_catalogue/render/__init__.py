"""HTML for generated pages, rendered from the validated model with autoescaping Jinja templates: the page
list (pages.py), the render options that are also its cache key (options.py), and one module per section.

Imports `format/`, `catalogue/`, `charts/` and `history/`; knows nothing of MkDocs or the command line.
"""
