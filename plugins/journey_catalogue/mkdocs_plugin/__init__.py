"""MkDocs glue: registers generated pages and assets, maps validator problems to MkDocs' log.

The same plugin runs on ProperDocs (the maintained fork of MkDocs 1.x), which loads it through its own
`properdocs.plugins` entry point. With ProperDocs installed, people who still run `mkdocs` see its
replacement warning (once, and never under `properdocs`).
"""

try:
    import properdocs.replacement_warning
except ImportError:  # ProperDocs is optional
    pass
else:
    properdocs.replacement_warning.setup()
