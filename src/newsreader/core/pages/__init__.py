"""Web pages: HTML text helpers, the sanitizer, full-text extraction and section-page listings."""
