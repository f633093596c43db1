"""MkDocs glue: registers generated pages and assets, maps validator problems to MkDocs' log."""
