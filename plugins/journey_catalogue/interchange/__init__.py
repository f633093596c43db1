"""Maps in and out of other tools: JSON, CSV (one row a step) and Mermaid `journey` text; and `journeys
review`'s report as Markdown and JSON (review_report.py), with the Mermaid escaping the export uses.

Exporters are pure functions from a validated map to text; importers are pure functions from text to
frontmatter data plus the list of what the source could not provide. Files are written by the CLI.
"""
