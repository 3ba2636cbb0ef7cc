"""The "Add account" dialog: a sync server's API address, user name and password, a *Test*
button, and *Add* (which tests, keeps the account, and syncs it once).

Everything that touches the network runs in a worker; errors show inline as plain text. The
password lives only in this dialog's field and goes to `Library.accounts` (the keyring)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from newsreader.core.library import Library
from newsreader.core.models import Account, AccountSync
from newsreader.ui.messages import describe_error
from newsreader.ui.text import plain_line
from newsreader.ui.workers import Workers

_KEY = "add-account"


class AccountDialog(QDialog):
    """On success `account` holds the new account and `first_sync` what its first sync did."""

    def __init__(self, library: Library, workers: Workers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._workers = workers
        self.account: Account | None = None
        self.first_sync: AccountSync | None = None
        self.setWindowTitle(self.tr("Add account"))
        self.setMinimumWidth(520)

        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://rss.example.org/api/greader.php")
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_box = QComboBox()
        self.api_box.addItem(self.tr("Find out"), None)
        self.api_box.addItem(self.tr("Google Reader API"), "greader")
        self.api_box.addItem(self.tr("Fever API"), "fever")

        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setObjectName("dialogStatus")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.test_button: QPushButton = self.buttons.addButton(
            self.tr("Test"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.add_button: QPushButton = self.buttons.addButton(
            self.tr("Add"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.add_button.setDefault(True)
        self.test_button.clicked.connect(self._on_test)
        self.add_button.clicked.connect(self._on_add)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("API address:"), self.url_edit)
        form.addRow(self.tr("User:"), self.user_edit)
        form.addRow(self.tr("Password:"), self.password_edit)
        form.addRow(self.tr("API:"), self.api_box)
        intro = QLabel(
            self.tr(
                "A FreshRSS, Miniflux, Inoreader, The Old Reader, BazQux or Fever server."
                " The password is kept in the system keyring."
            )
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def _fields(self) -> tuple[str, str, str, str | None] | None:
        url, user = self.url_edit.text().strip(), self.user_edit.text().strip()
        password = self.password_edit.text()
        if not url or not user or not password:
            self._show(self.tr("Type the API address, the user name and the password."), True)
            return None
        kind = self.api_box.currentData()
        return url, user, password, kind if isinstance(kind, str) else None

    def _busy(self, busy: bool, message: str = "") -> None:
        for widget in (self.url_edit, self.user_edit, self.password_edit, self.api_box,
                       self.test_button, self.add_button):  # fmt: skip
            widget.setEnabled(not busy)
        self._show(message, False)

    def _show(self, message: str, error: bool) -> None:
        self.status.setProperty("error", error)
        self.status.setStyleSheet("color: palette(bright-text);" if error else "")
        self.status.setText(plain_line(message, 400))

    def _on_test(self) -> None:
        fields = self._fields()
        if fields is None:
            return
        url, user, password, kind = fields
        accounts = self._library.accounts
        self._busy(True, self.tr("Connecting…"))
        self._workers.run(
            lambda: accounts.test(url, user, password, kind),
            self._on_tested,
            self._on_error,
            key=_KEY,
        )

    def _on_tested(self, kind: str) -> None:
        self._busy(False)
        api = self.tr("Google Reader API") if kind == "greader" else self.tr("Fever API")
        self._show(self.tr("Connected: the server speaks the %1.").replace("%1", api), False)

    def _on_add(self) -> None:
        fields = self._fields()
        if fields is None:
            return
        url, user, password, kind = fields
        accounts = self._library.accounts

        def work() -> tuple[Account, AccountSync]:
            account = accounts.add(url, user, password, kind=kind)
            return account, accounts.sync([account.id])[0]

        self._busy(True, self.tr("Connecting and syncing…"))
        self._workers.run(work, self._on_added, self._on_error, key=_KEY)

    def _on_added(self, result: tuple[Account, AccountSync]) -> None:
        self._busy(False)
        self.account, self.first_sync = result
        self.password_edit.clear()
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        self._busy(False)
        self._show(describe_error(exc), True)

    def reject(self) -> None:
        self._workers.forget(_KEY)
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._workers.forget(_KEY)
        super().closeEvent(event)
