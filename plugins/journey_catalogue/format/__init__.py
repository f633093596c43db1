"""The journey format: model, loader and validation. Knows nothing of MkDocs or HTML."""
