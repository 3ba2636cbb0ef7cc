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

from newsreader.core.atomic import SHARED_MODE, atomic_write
from newsreader.ui.command_host import LibraryHost
from newsreader.ui.network_errors import describe_error_text
from newsreader.ui.sections_model import LATEST, Section, read_only_text
from newsreader.ui.text import plain_line

if TYPE_CHECKING:
    from newsreader.core.library import ImportSummary, Subscription
    from newsreader.core.models import Feed

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

    def add_account(self) -> None:
        """A sync server (Google Reader API or Fever): its feeds become a group of their own."""
        from newsreader.ui.account_dialog import AccountDialog  # loaded when first opened

        dialog = AccountDialog(self.window.library, self.window.workers, self.dialog_parent)
        accepted = dialog.exec()
        account, first = dialog.account, dialog.first_sync
        dialog.deleteLater()
        if not accepted or account is None:
            return
        if first is not None and first.status == "error":
            failure = describe_error_text(first.error or "")
            text = self.tr("Added %1, but its sync failed: %2").replace("%2", failure)
        else:
            text = self.tr("Added %1: %2 articles").replace(
                "%2", str(first.new_articles if first else 0)
            )
        warning = self.window.library.accounts.credentials.warning  # no keyring: a 0600 file
        text = text.replace("%1", plain_line(account.name, 80))
        self.window.messages.info(text + (" · " + plain_line(warning, 300) if warning else ""))
        self.window.reload_sections(select=Section("account", account_id=account.id))

    def _on_subscribed(self, subscription: Subscription) -> None:
        feed = subscription.feed
        new = subscription.first_refresh.new_articles if subscription.first_refresh else 0
        text = self.tr("Subscribed to %1 (%2 articles)").replace("%1", plain_line(feed.title, 80))
        self.window.messages.info(text.replace("%2", str(new)))
        self.window.reload_sections(select=Section("feed", feed_id=feed.id))
        if new:  # its articles get their pages and pictures now, as a refresh's would
            self.window.prepare_offline()

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
        # The summary, always: what came in (into which folders) and what did not, and why.
        folders = sorted({f.folder for f in summary.added if f.folder})
        lines = [f"+ {plain_line(f.title or f.url, 200)}" for f in summary.added]
        lines += [
            f"− {plain_line(what, 200)}: {plain_line(reason, 200)}"
            for what, reason in summary.skipped
        ]
        if folders:
            text += "\n" + self.tr("Folders: %1").replace("%1", ", ".join(folders))
        if added:
            text += "\n" + self.tr("Their articles arrive with the refresh that starts now.")
        self.window.prompts.inform(
            self.dialog_parent, self.tr("Import subscriptions"), text, "\n".join(lines)
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
            self.window.offer_start_empty(list(summary.added))
            self.window.refresher.start(None)

    def export_opml(self) -> None:
        path = self.window.prompts.save_opml_path(self.dialog_parent)
        if not path:
            return
        library = self.window.library

        def work() -> int:
            data = library.export_opml()
            atomic_write(Path(path), data, mode=SHARED_MODE)
            return len(data)

        def done(_size: int) -> None:
            self.window.messages.info(self.tr("Subscriptions exported to %1").replace("%1", path))

        self.window.workers.run(work, done, self.window.messages.report_exception)

    def _read_only(self, sections: list[Section]) -> bool:
        """True (and says why) when one of `sections` belongs to a read-only (Fever) account."""
        model = self.window.sections_model
        fever = model.read_only_accounts
        if not fever:
            return False
        owner: dict[int | None, int | None] = {f.id: f.account_id for f in model.feeds}
        for s in sections:
            account_id = owner.get(s.feed_id) if s.kind == "feed" else s.account_id
            if account_id in fever:
                self.window.messages.error(read_only_text())
                return True
        return False

    def set_user_agent(self, feed: Feed) -> None:
        """Give a feed its own User-Agent (for a site that refuses ours); empty: ours again."""
        library = self.window.library
        current = library.user_agent_of(feed) or ""
        text = self.window.prompts.text(
            self.dialog_parent,
            self.tr("User-Agent"),
            self.tr("User-Agent sent for this feed (empty: Newsreader's own):"),
            current,
        )
        if text is None or text.strip() == current:
            return
        value = text.strip() or None
        self.window.workers.run(
            lambda: library.set_user_agent(feed.id, value),
            lambda _none: self.window.sync_library(),
            self.window.on_write_failed,
            writer=True,
        )

    def rename_section(self) -> None:
        section = self.window.current_section
        if self._read_only([section]):
            return
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
        elif section.account_id is not None and section.folder is not None:
            account_id, old = section.account_id, section.folder
            renamed = Section("folder", folder=name, account_id=account_id)

            def rename_account_folder() -> None:
                library.accounts.rename_folder(account_id, old, name)

            self._structure_task(rename_account_folder, renamed)
        elif section.folder_id is not None:
            folder_id = section.folder_id
            renamed = Section("folder", folder=name, folder_id=folder_id)
            self._structure_task(lambda: library.rename_folder(folder_id, name), renamed)

    def move_feed(self) -> None:
        section = self.window.current_section
        if section.kind != "feed" or section.feed_id is None or self._read_only([section]):
            return
        feeds = {f.id: f for f in self.window.sections_model.feeds}
        account_id = feeds[section.feed_id].account_id if section.feed_id in feeds else None
        if account_id is None:
            names = [f.name for f in self.window.sections_model.folders]
        else:  # a sync account's feed moves between that account's folders (its labels)
            names = sorted(
                {f.folder for f in feeds.values() if f.account_id == account_id and f.folder},
                key=str.casefold,
            )
        chosen, folder = self.window.prompts.folder(self.dialog_parent, names, section.folder)
        if not chosen or folder == section.folder:
            return
        feed_id = section.feed_id
        library = self.window.library
        moved = Section("feed", feed_id=feed_id, folder=folder)
        self._structure_task(lambda: library.move_feed(feed_id, folder), moved)

    def selected_sections(self) -> list[Section]:
        """The feeds and folders selected in the sections pane (the current one at least)."""
        window = self.window
        chosen: list[Section] = []
        for index in window.sections_view.selectionModel().selectedIndexes():
            section = window.sections_model.section(index)
            if section is not None and section.kind in ("feed", "folder"):
                chosen.append(section)
        current = window.current_section
        if current.kind in ("feed", "folder") and current.key not in {s.key for s in chosen}:
            chosen = [current] if not chosen else [*chosen, current]
        return chosen

    def remove_section(self) -> None:
        """Remove the selected feeds and folders (a folder with its feeds), after one question;
        undoable for a while (the removal happens when the offer to undo ends)."""
        window = self.window
        if window.current_section.kind == "account":
            self._remove_account(window.current_section)
            return
        if window.current_section.kind == "search":
            section = window.current_section
            index = window.sections_model.index_for_key(section.key)
            window.daily.remove_search(section, str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
            return
        sections = self.selected_sections()
        if not sections or self._read_only(sections):
            return
        folder_ids = {s.folder_id for s in sections if s.kind == "folder" and s.folder_id}
        # a folder is its name in the local library or in one account (None: local)
        folders = {(s.account_id, s.folder) for s in sections if s.kind == "folder"}
        account_folders = {(a, name) for a, name in folders if a is not None and name}
        feed_ids = {s.feed_id for s in sections if s.kind == "feed" and s.feed_id is not None}
        feed_ids |= {
            f.id for f in window.sections_model.feeds if (f.account_id, f.folder) in folders
        }
        if len(sections) == 1:
            index = window.sections_model.index_for_key(sections[0].key)
            name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            if sections[0].kind == "feed":
                title = self.tr("Remove feed")
                question = self.tr("Remove the feed “%1”? Its saved articles are kept.")
            else:
                title = self.tr("Remove folder")
                question = self.tr(
                    "Remove the folder “%1” and its %n feeds? Their saved articles are kept.",
                    "",
                    len(feed_ids),
                )
            question = question.replace("%1", name)
        else:
            title = self.tr("Remove feeds")
            question = self.tr(
                "Remove %n feeds and folders? Their saved articles are kept.", "", len(sections)
            )
        if not window.prompts.confirm(self.dialog_parent, title, question, self.tr("Remove")):
            return
        self.remove_later(feed_ids, folder_ids, account_folders)

    def _remove_account(self, section: Section) -> None:
        window, account_id = self.window, section.account_id
        if account_id is None:
            return
        index = window.sections_model.index_for_key(section.key)
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        question = self.tr(
            "Remove the account “%1”? Its feeds and articles leave this computer (saved"
            " articles are kept); nothing changes on the server."
        )
        if not window.prompts.confirm(
            self.dialog_parent,
            self.tr("Remove account"),
            question.replace("%1", name),
            self.tr("Remove"),
        ):
            return
        library = window.library
        self._structure_task(lambda: library.accounts.remove(account_id), LATEST)

    def remove_later(
        self,
        feed_ids: set[int],
        folder_ids: set[int],
        account_folders: set[tuple[int, str]] | None = None,
    ) -> None:
        """Hide these feeds and folders now and remove them from the library when the offer to
        undo ends (see undo.py). `account_folders`: (account, name) of sync accounts' folders,
        removed on their server too (after their feeds)."""
        account_folders = set(account_folders or ())
        window = self.window
        window.undo_stack.commit_all()  # an earlier removal happens first
        window.hidden_feeds |= feed_ids
        window.hidden_folders |= folder_ids
        window.reload_sections(select=LATEST)
        listed = window.articles_model.query
        taken = window.articles_model.take_out(feed_ids)  # their articles leave the list now
        library = window.library

        def commit() -> None:
            def work() -> None:
                for feed_id in sorted(feed_ids):
                    library.unsubscribe(feed_id)
                for folder_id in sorted(folder_ids):
                    library.delete_folder(folder_id)
                for account_id, name in sorted(account_folders):
                    library.accounts.delete_folder(account_id, name)

            def done(_result: object) -> None:
                window.hidden_feeds -= feed_ids
                window.hidden_folders -= folder_ids
                shown = window.articles_model.articles()
                if not window.search_active and any(a.feed_id in feed_ids for a in shown):
                    window.show_section(window.current_section)  # their articles are gone
                window.sync_library()

            window.workers.run(work, done, window.on_write_failed, writer=True)

        def revert() -> None:
            window.hidden_feeds -= feed_ids
            window.hidden_folders -= folder_ids
            window.reload_sections()
            if window.articles_model.query == listed and not window.search_active:
                window.articles_model.put_back(taken)

        text = self.tr("%n feeds removed", "", len(feed_ids))
        if (folder_ids or account_folders) and not feed_ids:
            text = self.tr("%n folders removed", "", len(folder_ids) + len(account_folders))
        window.undo_stack.push_deferred(text, commit, revert)

    def _structure_task(self, work: Callable[[], object], select: Section) -> None:
        def done(_result: object) -> None:
            self.window.reload_sections(select=select)

        self.window.workers.run(work, done, self.window.on_write_failed, writer=True)
