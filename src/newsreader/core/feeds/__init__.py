"""Feed documents: parsing (in worker processes), JSON Feed, OPML, and the refresh pipeline."""
