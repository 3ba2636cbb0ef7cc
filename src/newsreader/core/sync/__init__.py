"""Sync accounts: a protocol-neutral engine (`engine`), one adapter per server API (`greader`,
`fever`) and the credentials store (`credentials`). See DESIGN.md §5."""
