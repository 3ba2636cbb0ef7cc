"""What the window does when an enclosure line of the article view is clicked.

"open" plays or shows the file with the system's application (`QDesktopServices` through the
window's URL opener): the downloaded copy when there is one, else its web address. "download"
fetches it for offline use in a worker (the library keeps it within the image cache's budget,
through the address guard) and says when it is there.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QWidget

from newsreader.ui.command_host import ArticleHost
from newsreader.ui.messages import describe_error

log = logging.getLogger("newsreader.ui.enclosures")


class EnclosureCommands(QObject):
    """Opening and downloading the enclosures of the article on screen."""

    def __init__(self, window: ArticleHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self.dialog_parent = parent  # dialogs open over the window

    def handle(self, action: str, position: int) -> None:
        article = self.window.article_view.current_article()
        if article is None or not 0 <= position < len(article.enclosures):
            return
        if action == "download":
            self.download(article.id, position)
        else:
            self.open(article.id, position)

    def open(self, article_id: int, position: int) -> None:
        library = self.window.library
        try:
            path = library.enclosure_file(article_id, position)
            enclosure = library.article(article_id).enclosures[position]
        except Exception as exc:
            self.window.messages.report_exception(exc)
            return
        url = QUrl.fromLocalFile(str(path)) if path is not None else QUrl(enclosure.url)
        if not self.window.open_url(url):
            self.window.messages.error(self.tr("No application could open this file"))

    def download(self, article_id: int, position: int) -> None:
        library = self.window.library
        self.window.messages.info(self.tr("Downloading…"), 0)

        def done(_path: object) -> None:
            self.window.messages.info(self.tr("Downloaded: it plays offline now"), 5_000)

        def failed(exc: BaseException) -> None:
            self.window.messages.error(
                self.tr("Could not download: %1").replace("%1", describe_error(exc))
            )

        self.window.workers.run(
            lambda: library.download_enclosure(article_id, position), done, failed
        )
