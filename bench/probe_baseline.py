"""The bare-PySide6 baseline for the start-up measurement: the same three panes, no data.

A ``QMainWindow`` with a menu bar, a tool bar, a status bar and a splitter of a tree view (the
feeds), a list view (the articles) and a text browser (the article) -- the shape of Newsreader's
window -- with empty models and nothing from Newsreader imported. Timed like
``probe_window.py startup``: from BENCH_T0 (the parent's clock just before it started this
process) to the list's first paint (a zero-delay timer after that paint event). Prints one JSON
document: the marks (seconds), the peak RSS (``VmHWM``, MB; see ``procmem.py``) and the RSS
(``VmRSS``) at that moment.
"""

from __future__ import annotations

import json
import os
import sys
import time

T0 = float(os.environ.get("BENCH_T0") or time.time())
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from procmem import current_rss_mb, peak_rss_mb  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QListView,
    QMainWindow,
    QSplitter,
    QTextBrowser,
    QTreeView,
)

IMPORTED = time.time() - T0


class Baseline(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.marks = {"imported": IMPORTED}
        window = QMainWindow()
        window.setWindowTitle("baseline")
        window.resize(1200, 800)
        window.menuBar().addMenu("&File").addAction("Quit", app.quit)
        window.addToolBar("Main").addAction("Refresh")
        window.statusBar().showMessage("ready")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.feeds = QTreeView()
        self.feeds.setModel(QStandardItemModel(self.feeds))
        self.articles = QListView()
        self.articles.setModel(QStringListModel(self.articles))
        self.article = QTextBrowser()
        for pane in (self.feeds, self.articles, self.article):
            splitter.addWidget(pane)
        window.setCentralWidget(splitter)
        self.window = window
        self._painted = False
        self.articles.viewport().installEventFilter(self)
        window.show()
        self.marks["shown"] = time.time() - T0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            QTimer.singleShot(0, self.finish)
        return False

    def finish(self) -> None:
        self.marks["painted"] = time.time() - T0
        result = {
            "marks": self.marks,
            "peak_rss_mb_at_paint": peak_rss_mb(),
            "rss_mb_at_paint": current_rss_mb(),
            "cpu_s_at_paint": time.process_time(),
        }
        print(json.dumps(result), flush=True)
        self.app.quit()


def main() -> int:
    app = QApplication(["baseline"])
    probe = Baseline(app)
    code = app.exec()
    del probe
    sys.stdout.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
