"""Journey Catalogue: customer journey maps as validated Markdown, published as a static catalogue."""

__version__ = "0.1.0"
