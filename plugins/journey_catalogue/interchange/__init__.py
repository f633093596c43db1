"""Maps in and out of other tools: JSON, CSV (one row a step) and Mermaid `journey` text.

Exporters are pure functions from a validated map to text; importers are pure functions from text to
frontmatter data plus the list of what the source could not provide. Files are written by the CLI.
"""
