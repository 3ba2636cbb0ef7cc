"""Commands that change what the library subscribes to: add, import, export, rename, move, remove.

`LibraryCommands` belongs to the main window (`window.library_commands`), which it sees only
through `LibraryHost` (ui/command_host.py); the actions table names its methods as handlers
("library_commands.add_feed"). Questions go through the window's
`prompts`, work through its writer pool, and every change ends in `MainWindow.reload_sections`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from newsreader.core.atomic import atomic_write
from newsreader.ui.command_host import LibraryHost
from newsreader.ui.sections_model import LATEST, Section
from newsreader.ui.text import plain_line

if TYPE_CHECKING:
    from newsreader.core.library import ImportSummary, Subscription

MAX_OPML_BYTES = 20 * 1024 * 1024


class LibraryCommands(QObject):
    """The subscription commands of one main window."""

    def __init__(self, window: LibraryHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self.dialog_parent = parent  # dialogs and questions open over the window

    def add_feed(self, url: str = "", whole_site: bool = False) -> None:
        folder = (
            self.window.current_section.folder
            if self.window.current_section.kind != "latest"
            else None
        )
        from newsreader.ui.add_feed_dialog import AddFeedDialog  # loaded when first opened

        dialog = AddFeedDialog(
            self.window.library,
            self.window.workers,
            [f.name for f in self.window.sections_model.folders],
            self.dialog_parent,
            folder=folder,
            url=url,
        )
        dialog.site_check.setChecked(whole_site)
        accepted = dialog.exec()
        subscription, site = dialog.subscription, dialog.site
        dialog.deleteLater()
        if accepted and subscription is not None:
            self._on_subscribed(subscription)
        elif accepted and site is not None:
            text = self.tr("Added %1: %2 sections").replace("%1", plain_line(site.folder, 80))
            self.window.messages.info(text.replace("%2", str(len(site.sections) + len(site.feeds))))
            self.window.reload_sections()

    def _on_subscribed(self, subscription: Subscription) -> None:
        feed = subscription.feed
        new = subscription.first_refresh.new_articles if subscription.first_refresh else 0
        text = self.tr("Subscribed to %1 (%2 articles)").replace("%1", plain_line(feed.title, 80))
        self.window.messages.info(text.replace("%2", str(new)))
        self.window.reload_sections(select=Section("feed", feed_id=feed.id))

    def import_opml(self) -> None:
        path = self.window.prompts.open_opml_path(self.dialog_parent)
        if not path:
            return
        library = self.window.library

        def work() -> ImportSummary:
            with open(path, "rb") as handle:
                data = handle.read(20 * 1024 * 1024 + 1)
            if len(data) > 20 * 1024 * 1024:
                raise OSError(27, self.tr("The file is too large for a subscription list"), path)
            return library.import_opml(data)

        self.window.messages.info(self.tr("Importing subscriptions…"), 0)
        self.window.workers.run(
            work, self._on_imported, self.window.messages.report_exception, writer=True
        )

    def _on_imported(self, summary: ImportSummary) -> None:
        added = len(summary.added)
        text = self.tr("%n feeds added", "", added)
        if summary.skipped:
            text += " · " + self.tr("%n skipped", "", len(summary.skipped))
        self.window.messages.info(text)
        self.window.reload_sections()
        if summary.skipped:
            details = "\n".join(
                f"{plain_line(what, 200)}: {plain_line(reason, 200)}"
                for what, reason in summary.skipped
            )
            self.window.prompts.inform(
                self.dialog_parent, self.tr("Import subscriptions"), text, details
            )
        if added:
            self.window.refresher.start([f.id for f in summary.added])

    def import_defaults(self) -> None:
        """Subscribe to the bundled Vietnamese feeds (first start), then refresh them."""
        library = self.window.library
        self.window.workers.run(library.import_defaults, self._on_defaults_imported, writer=True)

    def _on_defaults_imported(self, summary: ImportSummary) -> None:
        self.window.reload_sections()
        if summary.added:
            self.window.messages.info(
                self.tr("%n Vietnamese news feeds added", "", len(summary.added))
            )
            self.window.refresher.start(None)

    def export_opml(self) -> None:
        path = self.window.prompts.save_opml_path(self.dialog_parent)
        if not path:
            return
        library = self.window.library

        def work() -> int:
            data = library.export_opml()
            atomic_write(Path(path), data)
            return len(data)

        def done(_size: int) -> None:
            self.window.messages.info(self.tr("Subscriptions exported to %1").replace("%1", path))

        self.window.workers.run(work, done, self.window.messages.report_exception)

    def rename_section(self) -> None:
        section = self.window.current_section
        index = self.window.sections_model.index_for_key(section.key)
        if section.kind not in ("feed", "folder") or not index.isValid():
            return
        current = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if section.kind == "feed":
            name = self.window.prompts.text(
                self.dialog_parent, self.tr("Rename feed"), self.tr("Name:"), current
            )
        else:
            name = self.window.prompts.text(
                self.dialog_parent, self.tr("Rename folder"), self.tr("Name:"), current
            )
        if not name or name == current:
            return
        library = self.window.library
        if section.kind == "feed" and section.feed_id is not None:
            feed_id = section.feed_id
            self._structure_task(lambda: library.rename_feed(feed_id, name), section)
        elif section.folder_id is not None:
            folder_id = section.folder_id
            renamed = Section("folder", folder=name, folder_id=folder_id)
            self._structure_task(lambda: library.rename_folder(folder_id, name), renamed)

    def move_feed(self) -> None:
        section = self.window.current_section
        if section.kind != "feed" or section.feed_id is None:
            return
        names = [f.name for f in self.window.sections_model.folders]
        chosen, folder = self.window.prompts.folder(self.dialog_parent, names, section.folder)
        if not chosen or folder == section.folder:
            return
        feed_id = section.feed_id
        library = self.window.library
        moved = Section("feed", feed_id=feed_id, folder=folder)
        self._structure_task(lambda: library.move_feed(feed_id, folder), moved)

    def remove_section(self) -> None:
        section = self.window.current_section
        index = self.window.sections_model.index_for_key(section.key)
        if not index.isValid():
            return
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        library = self.window.library
        if section.kind == "feed" and section.feed_id is not None:
            question = self.tr("Remove the feed “%1”? Its saved articles are kept.")
            if not self.window.prompts.confirm(
                self.dialog_parent,
                self.tr("Remove feed"),
                question.replace("%1", name),
                self.tr("Remove"),
            ):
                return
            feed_id = section.feed_id
            self._structure_task(lambda: library.unsubscribe(feed_id), LATEST)
        elif section.kind == "folder" and section.folder_id is not None:
            question = self.tr("Remove the folder “%1”? Its feeds are kept, outside any folder.")
            if not self.window.prompts.confirm(
                self.dialog_parent,
                self.tr("Remove folder"),
                question.replace("%1", name),
                self.tr("Remove"),
            ):
                return
            folder_id = section.folder_id
            self._structure_task(lambda: library.delete_folder(folder_id), LATEST)

    def _structure_task(self, work: Callable[[], object], select: Section) -> None:
        def done(_result: object) -> None:
            self.window.reload_sections(select=select)

        self.window.workers.run(work, done, self.window.on_write_failed, writer=True)
