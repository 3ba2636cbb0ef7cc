"""Sync accounts: a protocol-neutral engine (`engine`) and one adapter per server API (`greader`,
`fever`). Account passwords and tokens live with every other secret in `core/secrets.py`. See
DESIGN.md §5."""
