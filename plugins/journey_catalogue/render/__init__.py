"""HTML for generated pages, rendered from the validated model with autoescaping Jinja templates."""
