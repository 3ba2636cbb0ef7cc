"""The "?" dialog: every action and its keys, grouped by menu, from the actions table."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from newsreader.ui.keymap import ShortcutHelpModel


class ShortcutsDialog(QDialog):
    def __init__(self, overrides: Mapping[str, list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(520, 640)
        self.model = ShortcutHelpModel(overrides, self)
        view = QTableView()
        view.setModel(self.model)
        view.verticalHeader().hide()
        view.horizontalHeader().hide()
        view.setShowGrid(False)
        view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        view.verticalHeader().setDefaultSectionSize(26)
        self.view = view
        hint = QLabel(self.tr("Change keys in Settings → Keyboard."))
        hint.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
