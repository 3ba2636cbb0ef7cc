"""The desktop window (PySide6). Nothing outside this package imports Qt.

Module map:
- `main`: application start (single instance, language, theme, first start) and `NewsreaderApp`.
- `window`: the main window, its panes and the wiring of every signal; `reading` and
  `library_commands` hold the command handlers named in `actions` (the table of every command).
- Models and views: `sections_model` + `sections_delegate`, `articles_model` +
  `article_delegate`, `views` (list views with empty states), `keymap` (key tables).
- `article_view` + `article_html`: the reading pane (sanitized HTML, images from the cache).
- Background work: `workers` (thread pools, queued results), `refresh`, `search`, `thumbnails`.
- Dialogs: `add_feed_dialog`, `settings_dialog`, `shortcuts_dialog`, `prompts`.
- Services: `messages` (status and error bridge), `i18n`, `theme`, `icons`, `text`,
  `single_instance`, `signals` (a PySide6 6.12 workaround for emitting from Python),
  `pyside_hook` (PySide6's import hook made cheap, installed here before the modules load).
"""

from newsreader.ui import pyside_hook

pyside_hook.install()  # before the package's modules load (start-up time: see the module)
