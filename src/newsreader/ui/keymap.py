"""Models over the actions table: the key remapping table and the shortcut help list.

`KeymapModel` edits a copy of the user's remaps (action id -> key list) and marks keys that two
actions share; `ShortcutHelpModel` lists every action with its keys, grouped by menu, read-only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QKeySequenceEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from newsreader.ui.actions import ACTIONS, MENUS, ActionSpec, conflicts, keys_for, plain_label
from newsreader.ui.signals import emit

AnyIndex = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()  # the invisible root, as a default argument
KEYS_ROLE = Qt.ItemDataRole.UserRole + 1  # list[str] of portable key texts


def key_label(key: str) -> str:
    """One key sequence (portable text) as the user types it: a plain letter in lower case
    ("j", not "J", which reads like Shift+J), a chord as its keys one after the other ("g l"),
    anything with a modifier in the platform's notation ("Shift+A", "Ctrl+F")."""
    sequence = QKeySequence(key, QKeySequence.SequenceFormat.PortableText)
    parts = []
    for i in range(sequence.count()):
        combination = sequence[i]  # type: ignore[index]  # the stub lacks __getitem__
        text = QKeySequence(combination).toString(QKeySequence.SequenceFormat.NativeText)
        if combination.keyboardModifiers() == Qt.KeyboardModifier.NoModifier and len(text) == 1:
            text = text.lower()
        parts.append(text)
    return " ".join(parts)


def keys_text(keys: Iterable[str]) -> str:
    """Key sequences for display, as typed ("Ctrl+F or /", "j", "g l")."""
    shown = [key_label(k) for k in keys]
    separator = QCoreApplication.translate("Keymap", " or ")
    return separator.join(s for s in shown if s)


def _normalized(keys: Iterable[str]) -> list[str]:
    out = []
    for text in keys:
        seq = QKeySequence(text, QKeySequence.SequenceFormat.PortableText)
        norm = seq.toString(QKeySequence.SequenceFormat.PortableText)
        if norm and norm not in out:
            out.append(norm)
    return out


class KeymapModel(QAbstractTableModel):
    """Action | Keys; the Keys column is edited through `KeySequenceDelegate`."""

    def __init__(self, overrides: Mapping[str, list[str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._overrides: dict[str, list[str]] = {k: list(v) for k, v in overrides.items()}
        self._conflicts = conflicts(self._overrides)

    def spec(self, row: int) -> ActionSpec:
        return ACTIONS[row]

    def keys(self, row: int) -> list[str]:
        return list(keys_for(ACTIONS[row], self._overrides))

    def overrides(self) -> dict[str, list[str]]:
        """The remaps that differ from the defaults (what goes into the settings)."""
        out = {}
        for spec in ACTIONS:
            if spec.id in self._overrides:
                keys = _normalized(self._overrides[spec.id])
                if keys != _normalized(spec.keys):
                    out[spec.id] = keys
        return out

    def conflicts(self) -> dict[str, list[str]]:
        return dict(self._conflicts)

    def conflict_message(self) -> str:
        if not self._conflicts:
            return ""
        key, ids = next(iter(sorted(self._conflicts.items())))
        names = ", ".join(plain_label(ACTIONS[self._row_of(i)]) for i in ids)
        text = QCoreApplication.translate("Keymap", "%1 is used by more than one action: %2")
        return text.replace("%1", keys_text([key])).replace("%2", names)

    def _row_of(self, action_id: str) -> int:
        return next(i for i, s in enumerate(ACTIONS) if s.id == action_id)

    def set_keys(self, row: int, keys: Sequence[str]) -> None:
        self._overrides[ACTIONS[row].id] = _normalized(keys)
        self._changed()

    def reset_row(self, row: int) -> None:
        self._overrides.pop(ACTIONS[row].id, None)
        self._changed()

    def reset_all(self) -> None:
        self._overrides.clear()
        self._changed()

    def _changed(self) -> None:
        self._conflicts = conflicts(self._overrides)
        if ACTIONS:
            emit(self.dataChanged, self.index(0, 0), self.index(len(ACTIONS) - 1, 1))

    def _in_conflict(self, row: int) -> bool:
        spec = ACTIONS[row]
        return any(spec.id in ids for ids in self._conflicts.values())

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(ACTIONS)

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (
                QCoreApplication.translate("Keymap", "Action")
                if section == 0
                else QCoreApplication.translate("Keymap", "Keys")
            )
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 1:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < len(ACTIONS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return plain_label(ACTIONS[row]) if column == 0 else keys_text(self.keys(row))
        if role == Qt.ItemDataRole.EditRole and column == 1:
            keys = self.keys(row)
            return keys[0] if keys else ""
        if role == KEYS_ROLE:
            return self.keys(row)
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and self._in_conflict(row):
            return QApplication.palette().color(QPalette.ColorRole.BrightText)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1 and self._in_conflict(row):
            return QCoreApplication.translate("Keymap", "This key is also used by another action")
        return None

    def set_key_at(self, index: AnyIndex, text: str) -> None:
        """Make `text` (portable, "" = none) the only key of the action in `index`'s row.

        (Deliberately not an override of setData: PySide6 6.12 drops a reference to the bool a
        Python setData returns when C++ calls it, which crashes the interpreter at exit.)"""
        if index.isValid() and index.column() == 1:
            self.set_keys(index.row(), [text] if text else [])


class KeySequenceDelegate(QStyledItemDelegate):
    """Edits a key cell by pressing the keys (up to a two-key chord such as "G, L")."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QKeySequenceEdit(parent)
        editor.setMaximumSequenceLength(2)
        editor.setClearButtonEnabled(True)
        editor.editingFinished.connect(lambda: emit(self.commitData, editor))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QKeySequenceEdit):
            text = str(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.setKeySequence(QKeySequence(text, QKeySequence.SequenceFormat.PortableText))

    def setModelData(self, editor: QWidget, model: object, index: AnyIndex) -> None:
        if isinstance(editor, QKeySequenceEdit) and isinstance(model, KeymapModel):
            text = editor.keySequence().toString(QKeySequence.SequenceFormat.PortableText)
            model.set_key_at(index, text)


class ShortcutHelpModel(QAbstractTableModel):
    """Every action and its keys, with a bold heading row per menu."""

    def __init__(self, overrides: Mapping[str, list[str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, bool]] = []  # (label, keys, is_heading)
        for menu_id, title in MENUS:
            specs = [s for s in ACTIONS if s.menu == menu_id]
            if not specs:
                continue
            heading = QCoreApplication.translate("Actions", title).replace("&", "")
            self._rows.append((heading, "", True))
            for spec in specs:
                self._rows.append((plain_label(spec), keys_text(keys_for(spec, overrides)), False))

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else 2

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        label, keys, heading = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return label if index.column() == 0 else keys
        if role == Qt.ItemDataRole.FontRole and heading:
            font = QFont(QApplication.font())
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled
