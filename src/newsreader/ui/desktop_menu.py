"""The window's side of `newsreader install-desktop`: the File menu's "Add to application menu",
and a one-time offer from the second start on (the first start already asks whether to keep the
bundled feeds; a window-modal question that never blocks the window's start and is not asked again,
whatever the answer).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from newsreader import desktop_entry
from newsreader.ui.command_host import MessagesHost

if TYPE_CHECKING:
    from newsreader.settings import SettingsStore


class DesktopMenuCommands(QObject):
    """Adds Newsreader to the desktop's application menu (`window.desktop_menu`)."""

    def __init__(
        self, window: MessagesHost, parent: QWidget, env: Mapping[str, str] = os.environ
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.dialog_parent = parent  # dialogs open over the window
        self.env = env
        self.offer_box: QMessageBox | None = None

    def install(self) -> None:
        try:
            files = desktop_entry.install(self.env)
        except OSError as exc:
            text = self.tr("Could not add Newsreader to the application menu: %1")
            self.window.messages.error(text.replace("%1", exc.strerror or str(exc)))
            return
        text = self.tr("Newsreader is in your application menu now (%1)")
        self.window.messages.info(text.replace("%1", str(files.entry)))

    def offer_once(self, settings: SettingsStore) -> QMessageBox | None:
        """Ask once whether to add the menu entry; None when it is there or was offered."""
        if settings.value.desktop_entry_offered or desktop_entry.is_installed(self.env):
            return None
        settings.update(desktop_entry_offered=True)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Add to the application menu?"),
            self.tr(
                "Newsreader can appear in your desktop's application menu, so you can start it "
                "without a terminal. You can do this later from File ▸ Add to application menu."
            ),
            parent=self.dialog_parent,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        add = box.addButton(self.tr("Add to menu"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Not now"), QMessageBox.ButtonRole.RejectRole)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered() -> None:
            if box.clickedButton() is add:
                self.install()
            self.offer_box = None

        box.finished.connect(answered)
        app = QApplication.instance()
        if app is not None:  # a quit while the question is open must not wait for it
            app.aboutToQuit.connect(box.close)
        box.open()
        self.offer_box = box
        return box
