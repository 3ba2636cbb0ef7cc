""" "Load full article" (Article menu, key F): fetch and extract the open article's page now,
whatever its feed's policy or an earlier attempt decided, and show it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from newsreader.ui.command_host import ArticleHost
from newsreader.ui.messages import describe_error

if TYPE_CHECKING:
    from newsreader.core.models import Article


class FullArticleCommands(QObject):
    """The window's full-article command (`window.full_article`)."""

    def __init__(self, window: ArticleHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self.dialog_parent = parent  # dialogs open over the window

    def load(self) -> None:
        window = self.window
        article = window.current_article()
        if article is None:
            window.messages.info(self.tr("Choose an article first."))
            return
        if not article.link:
            window.messages.error(self.tr("This article has no web address to load"))
            return
        article_id = article.id
        library = window.library
        window.messages.info(self.tr("Loading the full article…"), 0)

        def done(full: Article) -> None:
            window.messages.info(self.tr("Full article loaded"))
            if window.shown_article_id == article_id:
                window.article_view.show_article(full)

        def failed(exc: BaseException) -> None:
            text = self.tr("Could not load the full article: %1")
            window.messages.error(text.replace("%1", describe_error(exc)))

        window.workers.run(
            lambda: library.load_full_article(article_id), done, failed, key="load-full"
        )
