"""The rules editor: the rules in force, a form to add one, and a live preview of what the
rule being typed would match among the stored articles (computed in a worker as you type)."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from newsreader.core.errors import NewsreaderError
from newsreader.core.library import Library
from newsreader.core.models import RULE_ACTIONS, RULE_FIELDS, Article, Rule
from newsreader.ui.workers import Workers

PREVIEW_DELAY_MS = 250
PREVIEW_KEY = "rules-preview"
RULE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class RulesDialog(QDialog):
    def __init__(
        self, library: Library, workers: Workers, folders: list[str], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rules_dialog")
        self.setWindowTitle(self.tr("Rules"))
        self.library = library
        self.workers = workers
        self.resize(640, 560)

        self.rules_model = QStandardItemModel(self)
        self.rules_view = QListView(self)
        self.rules_view.setObjectName("rules_list")
        self.rules_view.setModel(self.rules_model)
        self.rules_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.remove_button = QPushButton(self.tr("&Remove rule"), self)
        self.remove_button.clicked.connect(self.remove_selected)

        self.match_edit = QLineEdit(self)
        self.match_edit.setObjectName("rule_match")
        self.match_edit.setPlaceholderText(self.tr('words, "a phrase" or /regex/'))
        self.field_box = QComboBox(self)
        for field in RULE_FIELDS:
            self.field_box.addItem(self._field_label(field), field)
        self.field_box.setCurrentIndex(self.field_box.findData("any"))  # as `rule add`
        self.action_box = QComboBox(self)
        for action in RULE_ACTIONS:
            self.action_box.addItem(self._action_label(action), action)
        self.folder_box = QComboBox(self)
        self.folder_box.addItem(self.tr("Any folder"), None)
        for name in folders:
            self.folder_box.addItem(name, name)
        self.add_button = QPushButton(self.tr("&Add rule"), self)
        self.add_button.setObjectName("rule_add")
        self.add_button.clicked.connect(self.add_rule)

        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("rule_preview_label")
        self.preview_model = QStringListModel(self)
        self.preview_view = QListView(self)
        self.preview_view.setObjectName("rule_preview")
        self.preview_view.setModel(self.preview_model)
        self.preview_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)

        form = QFormLayout()
        form.addRow(self.tr("&Match:"), self.match_edit)
        form.addRow(self.tr("&In:"), self.field_box)
        form.addRow(self.tr("&Folder:"), self.folder_box)
        form.addRow(self.tr("&Then:"), self.action_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Rules apply to articles as they arrive:"), self))
        layout.addWidget(self.rules_view, 1)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.preview_view, 2)
        layout.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self.match_edit.textChanged.connect(self._timer.start)
        self.field_box.currentIndexChanged.connect(self._timer.start)
        self.folder_box.currentIndexChanged.connect(self._timer.start)
        self.action_box.currentIndexChanged.connect(self._timer.start)
        self.preview_label.setText(self._hint())
        self.reload()

    # -- labels ----------------------------------------------------------------------------

    def _hint(self) -> str:
        return self.tr("Type something to match to see what it would catch.")

    def _field_label(self, field: str) -> str:
        return {
            "title": self.tr("Title"),
            "lead": self.tr("Lead"),
            "body": self.tr("Body"),
            "author": self.tr("Author"),
            "any": self.tr("Anywhere"),
        }[field]

    def _action_label(self, action: str) -> str:
        return {
            "read": self.tr("Mark read"),
            "hide": self.tr("Hide"),
            "save": self.tr("Save"),
            "highlight": self.tr("Highlight"),
            "notify": self.tr("Notify"),
        }[action]

    def describe(self, rule: Rule) -> str:
        where = self._field_label(rule.field)
        folder = f" · {rule.folder}" if rule.folder else ""
        feed = f" · #{rule.feed_id}" if rule.feed_id is not None else ""
        return f"{self._action_label(rule.action)}: {rule.match}  ({where}{folder}{feed})"

    # -- rules -----------------------------------------------------------------------------

    def reload(self) -> None:
        self.workers.run(self.library.rules.all, self._show_rules, self._on_error)

    def _show_rules(self, rules: list[Rule]) -> None:
        self.rules_model.clear()
        for rule in rules:
            item = QStandardItem(self.describe(rule))
            item.setData(rule.id, RULE_ID_ROLE)
            self.rules_model.appendRow(item)

    def _form_rule(self) -> Rule | None:
        try:
            return self.library.rules.make(
                self.match_edit.text(),
                action=self.action_box.currentData(),
                field=self.field_box.currentData(),
                folder=self.folder_box.currentData(),
            )
        except NewsreaderError as exc:
            self.preview_label.setText(str(exc))
            return None

    def add_rule(self) -> None:
        rule = self._form_rule()
        if rule is None:
            return
        rules = self.library.rules

        def done(_rule: Rule) -> None:
            self.match_edit.clear()
            self.reload()

        self.workers.run(
            lambda: rules.add(rule.match, action=rule.action, field=rule.field, folder=rule.folder),
            done,
            self._on_error,
            writer=True,
        )

    def remove_selected(self) -> None:
        index = self.rules_view.currentIndex()
        if not index.isValid():
            return
        rule_id = int(index.data(RULE_ID_ROLE))
        rules = self.library.rules
        self.workers.run(
            lambda: rules.remove(rule_id), lambda _n: self.reload(), self._on_error, writer=True
        )

    # -- preview ---------------------------------------------------------------------------

    def update_preview(self) -> None:
        if not self.match_edit.text().strip():
            self.preview_model.setStringList([])
            self.preview_label.setText(
                self.tr("Type something to match to see what it would catch.")
            )
            return
        rule = self._form_rule()
        if rule is None:
            self.preview_model.setStringList([])
            return
        rules = self.library.rules
        self.workers.run(
            lambda: rules.preview(rule), self._show_preview, self._on_error, key=PREVIEW_KEY
        )

    def _show_preview(self, articles: list[Article]) -> None:
        self.preview_model.setStringList([f"{a.feed_title} — {a.title}" for a in articles])
        text = self.tr("Among recent articles, this rule would catch %n", None, len(articles))
        self.preview_label.setText(text)

    def _on_error(self, exc: BaseException) -> None:
        self.preview_label.setText(str(exc))
