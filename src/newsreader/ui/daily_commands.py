"""Window commands for everyday habits: refresh what is due, save a search, edit rules.

Handlers named in `actions.ACTIONS` as `daily.<method>`; the work runs in workers, through the
library like every other command. The window is seen only through `DailyHost`
(ui/command_host.py).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from newsreader.core.models import SavedSearch
from newsreader.ui.command_host import DailyHost
from newsreader.ui.sections_model import LATEST, Section


class DailyCommands(QObject):
    """The everyday commands of one main window (`window.daily`)."""

    def __init__(self, window: DailyHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self.dialog_parent = parent  # dialogs and questions open over the window

    def refresh_due(self) -> None:
        """Fetch only the feeds whose schedule says it is time ("Refresh all" fetches all)."""
        if not self.window.refresher.start(None, due=True):
            self.window.messages.info(self.tr("A refresh is already running"), 3_000)

    def toggle_pause(self) -> None:
        """Pause the current feed (no refresh fetches it until resumed), or resume it."""
        window = self.window
        feed_id = window.current_section.feed_id
        if window.current_section.kind != "feed" or feed_id is None:
            window.messages.info(self.tr("Choose a feed to pause or resume"), 3_000)
            return
        library = window.library

        def work() -> bool:
            paused = library.feed(feed_id).option("paused") is None
            library.set_schedule(feed_id, paused=paused)
            return paused

        def done(paused: bool) -> None:
            text = (
                self.tr("Feed paused: no refresh fetches it until you resume it")
                if paused
                else self.tr("Feed resumed")
            )
            window.messages.info(text, 4_000)

        window.workers.run(work, done, window.on_write_failed, writer=True)

    def set_interval(self) -> None:
        """Ask how often the current feed is fetched (0: as its server and history suggest)."""
        window = self.window
        feed_id = window.current_section.feed_id
        if window.current_section.kind != "feed" or feed_id is None:
            window.messages.info(self.tr("Choose a feed to set its refresh interval"), 3_000)
            return
        current = window.library.feed(feed_id).option("interval") or "0"
        answer = window.prompts.text(
            self.dialog_parent,
            self.tr("Refresh interval"),
            self.tr("Minutes between fetches (0: automatic):"),
            current,
        )
        if answer is None:
            return
        if not answer.isdigit():
            window.messages.error(self.tr("Type a whole number of minutes"))
            return
        library, minutes = window.library, int(answer)
        window.workers.run(
            lambda: library.set_schedule(feed_id, interval_minutes=minutes),
            None,
            window.on_write_failed,
            writer=True,
        )

    def save_search(self) -> None:
        """Keep what is typed in the search box as a section of the sidebar."""
        window = self.window
        text = window.search_box.text().strip()
        if not text:
            window.messages.info(self.tr("Type a search first, then save it"), 3_000)
            return
        name = window.prompts.text(
            self.dialog_parent, self.tr("Save search"), self.tr("Name:"), text
        )
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
            self.dialog_parent,
            self.tr("Remove saved search"),
            question.replace("%1", name),
            self.tr("Remove"),
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
            self.dialog_parent,
        )
        dialog.exec()
        dialog.deleteLater()
