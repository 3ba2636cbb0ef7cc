"""Small modal questions the window asks (file names, a name, a folder, a confirmation).

They live behind one class so tests can answer them without showing a dialog. Every text shown
is plain text (message boxes are told so explicitly).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget


class Prompts:
    """The real dialogs; tests substitute an object with the same methods."""

    def open_opml_path(self, parent: QWidget) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            parent,
            QCoreApplication.translate("Prompts", "Import subscriptions"),
            "",
            QCoreApplication.translate("Prompts", "OPML files (*.opml *.xml);;All files (*)"),
        )
        return path or None

    def save_opml_path(self, parent: QWidget) -> str | None:
        path, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("Prompts", "Export subscriptions"),
            "newsreader.opml",
            QCoreApplication.translate("Prompts", "OPML files (*.opml)"),
        )
        return path or None

    def text(self, parent: QWidget, title: str, label: str, value: str) -> str | None:
        text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, value)
        return text.strip() if ok and text.strip() else None

    def folder(
        self, parent: QWidget, folders: Sequence[str], current: str | None
    ) -> tuple[bool, str | None]:
        """(chosen?, folder name or None for "no folder"); a new name creates a folder."""
        none = QCoreApplication.translate("Prompts", "(No folder)")
        items = [none, *folders]
        start = items.index(current) if current in items else 0
        text, ok = QInputDialog.getItem(
            parent,
            QCoreApplication.translate("Prompts", "Move to folder"),
            QCoreApplication.translate("Prompts", "Folder (type a new name to create one):"),
            items,
            start,
            True,
        )
        if not ok:
            return False, None
        text = text.strip()
        return True, (None if not text or text == none else text)

    def confirm(self, parent: QWidget, title: str, text: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        ok = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(ok)
        box.exec()
        return box.clickedButton() is ok

    def inform(self, parent: QWidget, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if details:
            box.setDetailedText(details)
        box.exec()
