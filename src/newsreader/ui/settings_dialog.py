"""The settings dialog: reading, look and language, keys, and what to keep offline.

It edits a copy of `Settings` and hands back the changed values (`changes()`); the window saves
and applies them. The keys page edits the remap table from `actions.py`; two actions sharing a key
block OK until resolved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from newsreader.settings import (
    IMAGE_CACHE_MB_RANGE,
    PER_FEED_RANGE,
    REFRESH_MINUTES_RANGE,
    RETENTION_DAYS_RANGE,
    TEXT_SCALE_RANGE,
    Settings,
)
from newsreader.ui.keymap import KeymapModel, KeySequenceDelegate


def _spin(low_high: tuple[int, int], value: int, suffix: str = "", step: int = 1) -> QSpinBox:
    box = QSpinBox()
    box.setRange(*low_high)
    box.setValue(value)
    box.setSingleStep(step)
    if suffix:
        box.setSuffix(suffix)
    return box


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = settings
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumSize(560, 480)
        tabs = QTabWidget()
        tabs.addTab(self._reading_page(settings), self.tr("Reading"))
        tabs.addTab(self._look_page(settings), self.tr("Appearance"))
        tabs.addTab(self._keys_page(settings), self.tr("Keyboard"))
        tabs.addTab(self._storage_page(settings), self.tr("Storage"))
        tabs.addTab(self._network_page(settings), self.tr("Network"))
        self.tabs = tabs
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.buttons)
        self._update_conflicts()

    # -- pages -----------------------------------------------------------------------------

    def _reading_page(self, s: Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.refresh_minutes = _spin(REFRESH_MINUTES_RANGE, s.refresh_minutes, self.tr(" min"), 5)
        self.refresh_minutes.setSpecialValueText(self.tr("Only when I ask"))
        self.open_marks_read = QCheckBox(self.tr("Opening an article marks it read"))
        self.open_marks_read.setChecked(s.open_marks_read)
        self.show_thumbnails = QCheckBox(self.tr("Show pictures in the article list"))
        self.show_thumbnails.setChecked(s.show_thumbnails)
        self.close_to_tray = QCheckBox(
            self.tr("Closing the window keeps Newsreader in the system tray")
        )
        self.close_to_tray.setChecked(s.close_to_tray)
        self.text_scale = _spin(TEXT_SCALE_RANGE, s.text_scale, " %", 10)
        form.addRow(self.tr("Refresh every:"), self.refresh_minutes)
        form.addRow("", self.open_marks_read)
        form.addRow("", self.show_thumbnails)
        form.addRow("", self.close_to_tray)
        form.addRow(self.tr("Article text size:"), self.text_scale)
        return page

    def _look_page(self, s: Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.theme = QComboBox()
        for value, label in (
            ("system", self.tr("Follow the system")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
        ):
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(s.theme)))
        self.language = QComboBox()
        for value, label in (
            ("system", self.tr("Follow the system")),
            ("en", "English"),
            ("vi", "Tiếng Việt"),
        ):
            self.language.addItem(label, value)
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        form.addRow(self.tr("Theme:"), self.theme)
        form.addRow(self.tr("Language:"), self.language)
        return page

    def _keys_page(self, s: Settings) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        hint = QLabel(self.tr("Double-click a key to change it, then press the new keys."))
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        self.keymap = KeymapModel(s.keys, self)
        self.keys_view = QTableView()
        self.keys_view.setModel(self.keymap)
        self.keys_view.setItemDelegateForColumn(1, KeySequenceDelegate(self.keys_view))
        self.keys_view.verticalHeader().hide()
        self.keys_view.setShowGrid(False)
        self.keys_view.setAlternatingRowColors(True)
        self.keys_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.keys_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.keys_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.keys_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.conflict_label = QLabel()
        self.conflict_label.setTextFormat(Qt.TextFormat.PlainText)
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setStyleSheet("color: palette(bright-text);")
        clear = QPushButton(self.tr("No key"))
        clear.clicked.connect(self._clear_key)
        reset = QPushButton(self.tr("Default"))
        reset.clicked.connect(self._reset_key)
        reset_all = QPushButton(self.tr("Restore all defaults"))
        reset_all.clicked.connect(self.keymap.reset_all)
        row = QHBoxLayout()
        row.addWidget(clear)
        row.addWidget(reset)
        row.addStretch(1)
        row.addWidget(reset_all)
        layout.addWidget(hint)
        layout.addWidget(self.keys_view, 1)
        layout.addWidget(self.conflict_label)
        layout.addLayout(row)
        self.keymap.dataChanged.connect(self._update_conflicts)
        return page

    def _storage_page(self, s: Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.keep_read_days = _spin(RETENTION_DAYS_RANGE, s.keep_read_days, self.tr(" days"))
        self.keep_per_feed = _spin(PER_FEED_RANGE, s.keep_per_feed, "", 100)
        self.keep_unread_per_feed = _spin(PER_FEED_RANGE, s.keep_unread_per_feed, "", 100)
        self.image_cache_mb = _spin(IMAGE_CACHE_MB_RANGE, s.image_cache_mb, " MB", 50)
        note = QLabel(self.tr("Saved articles and their pictures are always kept."))
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        form.addRow(self.tr("Keep read articles for:"), self.keep_read_days)
        form.addRow(self.tr("Articles kept per feed:"), self.keep_per_feed)
        form.addRow(self.tr("Unread articles kept per feed:"), self.keep_unread_per_feed)
        form.addRow(self.tr("Picture cache size:"), self.image_cache_mb)
        form.addRow("", note)
        return page

    # -- keys ------------------------------------------------------------------------------

    def _selected_row(self) -> int:
        index = self.keys_view.currentIndex()
        return index.row() if index.isValid() else -1

    def _clear_key(self) -> None:
        row = self._selected_row()
        if row >= 0:
            self.keymap.set_keys(row, [])

    def _reset_key(self) -> None:
        row = self._selected_row()
        if row >= 0:
            self.keymap.reset_row(row)

    def _network_page(self, s: Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.proxy_mode = QComboBox()
        for value, label in (
            ("system", self.tr("The system's proxy")),
            ("none", self.tr("No proxy")),
            ("manual", self.tr("This proxy:")),
        ):
            self.proxy_mode.addItem(label, value)
        self.proxy_mode.setCurrentIndex(max(0, self.proxy_mode.findData(s.proxy_mode)))
        self.proxy_url = QLineEdit(s.proxy_url)
        self.proxy_url.setPlaceholderText("http://proxy.lan:3128 · socks5h://127.0.0.1:1080")
        self.proxy_error = QLabel()
        self.proxy_error.setTextFormat(Qt.TextFormat.PlainText)
        self.proxy_error.setWordWrap(True)
        form.addRow(self.tr("Proxy:"), self.proxy_mode)
        form.addRow(self.tr("Address:"), self.proxy_url)
        form.addRow("", self.proxy_error)
        self.proxy_mode.currentIndexChanged.connect(self._update_conflicts)
        self.proxy_url.textChanged.connect(self._update_conflicts)
        return page

    def _proxy_problem(self) -> str:
        if not hasattr(self, "proxy_url"):
            return ""
        manual = self.proxy_mode.currentData() == "manual"
        self.proxy_url.setEnabled(manual)
        if not manual:
            return ""
        from newsreader.core.errors import InvalidInputError
        from newsreader.core.fetch.proxy import check_proxy_url

        try:
            check_proxy_url(self.proxy_url.text())
        except InvalidInputError as exc:
            return str(exc)
        return ""

    def _update_conflicts(self) -> None:
        message = self.keymap.conflict_message()
        self.conflict_label.setText(message)
        self.conflict_label.setVisible(bool(message))
        problem = self._proxy_problem()
        if hasattr(self, "proxy_error"):
            self.proxy_error.setText(problem)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not message and not problem)

    # -- result ----------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """Every setting this dialog shows, as chosen."""
        return {
            "refresh_minutes": self.refresh_minutes.value(),
            "open_marks_read": self.open_marks_read.isChecked(),
            "show_thumbnails": self.show_thumbnails.isChecked(),
            "close_to_tray": self.close_to_tray.isChecked(),
            "text_scale": self.text_scale.value(),
            "theme": self.theme.currentData(),
            "language": self.language.currentData(),
            "keys": self.keymap.overrides(),
            "keep_read_days": self.keep_read_days.value(),
            "keep_per_feed": self.keep_per_feed.value(),
            "keep_unread_per_feed": self.keep_unread_per_feed.value(),
            "image_cache_mb": self.image_cache_mb.value(),
            "proxy_mode": self.proxy_mode.currentData(),
            "proxy_url": self.proxy_url.text().strip(),
        }

    def changes(self) -> dict[str, Any]:
        """Only the settings that differ from what the dialog was opened with."""
        return {k: v for k, v in self.values().items() if getattr(self._original, k) != v}
