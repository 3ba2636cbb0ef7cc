"""The "Add feed" dialog: a feed or a web page, discovery, a choice of feed and folder.

The address is looked up in a worker (`Library.discover`); when a page names several feeds they
are listed to choose from (a model/view pair). Subscribing runs in a worker too. Errors are shown
inline, as plain text; the dialog never blocks the window behind it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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

from newsreader.core.errors import NotAFeedError
from newsreader.core.library import Library, SiteSubscription, Subscription
from newsreader.ui.messages import describe_error
from newsreader.ui.text import plain_line
from newsreader.ui.workers import Workers

_KEY = "add-feed"


class AddFeedDialog(QDialog):
    """Ask for an address; on success `subscription` holds the new feed."""

    def __init__(
        self,
        library: Library,
        workers: Workers,
        folders: Sequence[str],
        parent: QWidget | None = None,
        *,
        folder: str | None = None,
        url: str = "",
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._workers = workers
        self.subscription: Subscription | None = None
        self.site: SiteSubscription | None = None
        self._found_for = ""  # the address the candidate list belongs to
        self.setWindowTitle(self.tr("Add feed"))
        self.setMinimumWidth(520)

        self.url_edit = QLineEdit(url)
        self.url_edit.setPlaceholderText("https://vnexpress.net/rss/tin-moi-nhat.rss")
        self.url_edit.setClearButtonEnabled(True)
        self.folder_box = QComboBox()
        self.folder_box.setEditable(True)
        self.folder_box.addItem(self.tr("(No folder)"), None)
        for name in folders:
            self.folder_box.addItem(plain_line(name, 200), name)
        if folder is not None and folder in folders:
            self.folder_box.setCurrentIndex(list(folders).index(folder) + 1)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("Use the feed's own name"))
        # A private feed's login: kept in the system keyring, never in the address or database.
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText(self.tr("User name (private feeds only)"))
        self.password_edit = QLineEdit()
        self.password_edit.setPlaceholderText(self.tr("Password"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        login_row = QHBoxLayout()
        login_row.addWidget(self.user_edit)
        login_row.addWidget(self.password_edit)
        self.site_check = QCheckBox(
            self.tr("Whole news site: add its feeds and its sections (Thời sự, Kinh tế…)")
        )
        self.site_check.setToolTip(
            self.tr(
                "For a site's home page: every section becomes a feed in the site's folder, "
                "even sections that publish no feed."
            )
        )

        self.candidates = QStringListModel(self)
        self.candidate_view = QListView()
        self.candidate_view.setModel(self.candidates)
        self.candidate_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.candidate_view.setMaximumHeight(140)
        self.candidate_label = QLabel(self.tr("This page names several feeds. Choose one:"))
        self.candidate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.candidate_view.hide()
        self.candidate_label.hide()

        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setObjectName("dialogStatus")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button: QPushButton = self.buttons.addButton(
            self.tr("Add"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self._on_add)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Address:"), self.url_edit)
        form.addRow(self.tr("Folder:"), self.folder_box)
        form.addRow(self.tr("Name:"), self.title_edit)
        form.addRow(self.tr("Login:"), login_row)
        form.addRow("", self.site_check)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The address of a feed, or of a news site or page that has one."))
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.candidate_label)
        layout.addWidget(self.candidate_view)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.url_edit.textChanged.connect(self._on_url_changed)

    # -- state -----------------------------------------------------------------------------

    def chosen_folder(self) -> str | None:
        text = self.folder_box.currentText().strip()
        index = self.folder_box.currentIndex()
        if index >= 0 and self.folder_box.itemText(index) == text:
            data = self.folder_box.itemData(index)
            return data if isinstance(data, str) else None
        return text or None

    def _set_busy(self, busy: bool, message: str = "") -> None:
        for widget in (self.url_edit, self.folder_box, self.title_edit, self.add_button):
            widget.setEnabled(not busy)
        self.candidate_view.setEnabled(not busy)
        self._show_status(message, error=False)

    def _show_status(self, message: str, *, error: bool) -> None:
        self.status.setProperty("error", error)
        self.status.setStyleSheet("color: palette(bright-text);" if error else "")
        self.status.setText(plain_line(message, 400))

    def _on_url_changed(self) -> None:
        if not self.candidate_view.isHidden():
            self.candidate_view.hide()
            self.candidate_label.hide()
        self._found_for = ""
        self.status.clear()

    # -- steps -----------------------------------------------------------------------------

    def _on_add(self) -> None:
        url = self.url_edit.text().strip()
        if not url:
            self._show_status(self.tr("Type the address of a feed or a web page."), error=True)
            return
        if self.site_check.isChecked():
            self._add_site(url)
            return
        typed_login = "@" in url.split("://", 1)[-1].split("/", 1)[0]  # user:pass@host/…
        if self.login() is not None or typed_login:
            self._subscribe(url)  # a private feed: no discovery without its login
            return
        if self._found_for == url and not self.candidate_view.isHidden():
            current = self.candidate_view.currentIndex()
            if current.isValid():
                self._subscribe(str(current.data()))
                return
        self._discover(url)

    def _discover(self, url: str) -> None:
        self._set_busy(True, self.tr("Looking for feeds…"))
        library = self._library
        self._workers.run(
            lambda: library.discover(url),
            lambda found: self._on_discovered(url, found),
            self._on_error,
            key=_KEY,
        )

    def _add_site(self, url: str) -> None:
        self._set_busy(True, self.tr("Reading the site's sections…"))
        library = self._library
        folder = self.chosen_folder()
        self._workers.run(
            lambda: library.add_site(url, folder=folder),
            self._on_site_added,
            self._on_error,
            key=_KEY,
        )

    def _on_site_added(self, site: SiteSubscription) -> None:
        self._set_busy(False)
        self.site = site
        self.accept()

    def _follow_page(self, url: str) -> None:
        """No feed on this page: follow the headlines it lists instead."""
        self._set_busy(True, self.tr("No feed here; reading the page's headlines…"))
        library = self._library
        folder = self.chosen_folder()
        title = self.title_edit.text().strip() or None
        self._workers.run(
            lambda: library.subscribe_section(url, folder=folder, title=title),
            self._on_subscribed,
            self._on_error,
            key=_KEY,
        )

    def _on_discovered(self, url: str, found: list[str]) -> None:
        self._set_busy(False)
        if not found:
            self._follow_page(url)
            return
        if len(found) == 1:
            self._subscribe(found[0])
            return
        self._found_for = url
        self.candidates.setStringList(found)
        self.candidate_view.setCurrentIndex(self.candidates.index(0, 0))
        self.candidate_label.show()
        self.candidate_view.show()
        self.add_button.setText(self.tr("Subscribe"))
        self.candidate_view.setFocus()

    def login(self) -> tuple[str, str] | None:
        user = self.user_edit.text().strip()
        return (user, self.password_edit.text()) if user else None

    def _subscribe(self, feed_url: str) -> None:
        self._set_busy(True, self.tr("Subscribing…"))
        library = self._library
        folder = self.chosen_folder()
        title = self.title_edit.text().strip() or None
        login = self.login()
        self._workers.run(
            lambda: library.subscribe(feed_url, folder=folder, title=title, login=login),
            self._on_subscribed,
            self._on_error,
            key=_KEY,
        )

    def _on_subscribed(self, subscription: Subscription) -> None:
        self._set_busy(False)
        self.subscription = subscription
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, NotAFeedError):
            self._show_status(self.tr("No feed and no article links were found here."), error=True)
            return
        self._show_status(describe_error(exc), error=True)

    def reject(self) -> None:
        self._workers.forget(_KEY)  # a late answer must not reach a closed dialog
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._workers.forget(_KEY)
        super().closeEvent(event)
