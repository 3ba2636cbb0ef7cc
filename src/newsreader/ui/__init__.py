"""The desktop window (PySide6). Nothing outside this package imports Qt.

Module map: `main` (application start), `window` (the main window and its wiring), `actions` (the
table of every command), models (`sections_model`, `articles_model`) and their delegates,
`workers` (background tasks), `refresh` and `search` controllers, dialogs, `theme`, `i18n`, `icons`,
`text` (plain-text helpers), `messages` (status and error bridge), `single_instance`.
"""
