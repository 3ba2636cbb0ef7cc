"""Window commands for everyday habits: refresh what is due, save a search, edit rules.

Handlers named in `actions.ACTIONS` as `daily.<method>`; the work runs in workers, through the
library like every other command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from newsreader.core.models import SavedSearch
from newsreader.ui.sections_model import LATEST, Section

if TYPE_CHECKING:
    from newsreader.ui.window import MainWindow


class DailyCommands(QObject):
    """The everyday commands of one main window (`window.daily`)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def refresh_due(self) -> None:
        """Fetch only the feeds whose schedule says it is time ("Refresh all" fetches all)."""
        if not self.window.refresher.start(None, due=True):
            self.window.messages.info(self.tr("A refresh is already running"), 3_000)

    def save_search(self) -> None:
        """Keep what is typed in the search box as a section of the sidebar."""
        window = self.window
        text = window.search_box.text().strip()
        if not text:
            window.messages.info(self.tr("Type a search first, then save it"), 3_000)
            return
        name = window.prompts.text(window, self.tr("Save search"), self.tr("Name:"), text)
        if not name:
            return
        library = window.library

        def done(saved: SavedSearch) -> None:
            window.reload_sections(select=Section("search", search_id=saved.id, search=saved.match))

        window.workers.run(
            lambda: library.searches.save(name, text), done, window.on_write_failed, writer=True
        )

    def remove_search(self, section: Section, name: str) -> None:
        window = self.window
        question = self.tr("Forget the saved search “%1”? No article is removed.")
        if section.search_id is None or not window.prompts.confirm(
            window, self.tr("Remove saved search"), question.replace("%1", name), self.tr("Remove")
        ):
            return
        library, search_id = window.library, section.search_id
        window.workers.run(
            lambda: library.searches.remove(search_id),
            lambda _none: window.reload_sections(select=LATEST),
            window.on_write_failed,
            writer=True,
        )

    def edit_rules(self) -> None:
        from newsreader.ui.rules_dialog import RulesDialog  # loaded when first opened

        window = self.window
        dialog = RulesDialog(
            window.library,
            window.workers,
            [f.name for f in window.sections_model.folders],
            window,
        )
        dialog.exec()
        dialog.deleteLater()
