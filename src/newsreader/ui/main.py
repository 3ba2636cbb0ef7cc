"""Application start: one instance per library, language, theme, the library, the window.

`run` is what `newsreader` (no command) and `newsreader gui` call. `NewsreaderApp` owns what
outlives a window — the library, settings, worker pools, the refresh timer, theme and
translations — so changing the language can rebuild the window without stopping a refresh.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from newsreader import APP_ID, APP_NAME
from newsreader.core.errors import NewsreaderError
from newsreader.core.library import Library
from newsreader.paths import AppPaths
from newsreader.settings import SettingsStore
from newsreader.ui.gc_guard import GuiThreadCollector
from newsreader.ui.i18n import Translations, ui_language
from newsreader.ui.icons import app_icon
from newsreader.ui.messages import ExceptHookGuard, MessageBridge, describe_error
from newsreader.ui.network_watch import NetworkWatch
from newsreader.ui.refresh import RefreshController
from newsreader.ui.scripted_quit import ScriptedQuit
from newsreader.ui.signals import emit
from newsreader.ui.single_instance import SingleInstance, server_name
from newsreader.ui.theme import ThemeManager, ui_font
from newsreader.ui.tray import TrayController
from newsreader.ui.window import MainWindow, utc_now
from newsreader.ui.workers import Workers

log = logging.getLogger("newsreader.ui")

STARTUP_REFRESH_DELAY_MS = 1_500  # let the window paint before the network work starts
# Qt calls Python (each row a delegate paints, each slot) with the GIL taken anew; while a refresh
# keeps worker threads busy in Python, each such call may wait a whole switch interval for the
# GIL (5 ms by default): a list repaint of ten rows waited 50 ms. 1 ms bounds that wait.
GIL_SWITCH_INTERVAL_S = 0.001


class NewsreaderApp(QObject):
    """The running application around one library and its window."""

    window_closed = Signal()  # the window really closed (not to the tray): the app may end

    def __init__(
        self,
        app: QApplication,
        library: Library,
        settings: SettingsStore,
        *,
        messages: MessageBridge | None = None,
        open_url: Callable[[QUrl], bool] | None = None,
        clock: Callable[[], datetime] = utc_now,
        tray: bool | None = None,
        watch_network: bool = True,
    ) -> None:
        """`tray` overrides whether the desktop has a system tray (None: ask Qt)."""
        super().__init__()
        self.app = app
        self.library = library
        self.settings = settings
        self.messages = messages or MessageBridge()
        self.open_url = open_url
        self.clock = clock
        self.workers = Workers(threads=4, on_unhandled_error=self.messages.report_exception)
        self.image_workers = Workers(threads=3, on_unhandled_error=self.messages.report_exception)
        self.refresher = RefreshController(
            library, self.workers, settings.value.refresh_minutes, parent=self
        )
        self.translations = Translations()
        self.translations.install(ui_language(settings.value.language))
        app.setFont(ui_font())
        self.theme = ThemeManager(app, settings.value.theme)
        self.theme.apply()
        self.theme.changed.connect(self._on_theme_changed)
        self.window: MainWindow | None = None
        self.collector = GuiThreadCollector(self, busy=lambda: self.refresher.running)
        self.refresher.started.connect(self.collector.check)  # busy: check often from now on
        self.tray = TrayController(library, self.workers, available=tray, parent=self)
        self.tray.open_requested.connect(self._open_window)
        self.tray.refresh_requested.connect(self._refresh_if_idle)
        self.tray.quit_requested.connect(self._quit)
        self.refresher.finished.connect(self.tray.on_refresh_finished)
        # A laptop coming back online refreshes at once (where Qt can tell; silent otherwise).
        # Qt's reachability backend (a plugin) loads after the window's first paint.
        self.network = NetworkWatch(self, use_backend=False)
        self.network.back_online.connect(self._on_back_online)
        self.watch_network = watch_network

    def build_window(self, *, staged: bool = False) -> MainWindow:
        """The window on the library; `staged`: its commands are added once its first frame
        is painted (`MainWindow.finish_building`), as `run` starts it."""
        window = MainWindow(
            self.library,
            self.settings,
            workers=self.workers,
            image_workers=self.image_workers,
            refresher=self.refresher,
            messages=self.messages,
            open_url=self.open_url,
            clock=self.clock,
            dark=self.theme.dark,
            counts_later=True,
            staged=staged,
        )
        # Its icon is the application's (`run` sets it once the first window has painted).
        window.theme_change_requested.connect(self.theme.apply)
        window.language_change_requested.connect(self.change_language)
        window.closed.connect(lambda: emit(self.window_closed))
        window.hides_to_tray = lambda: self.settings.value.close_to_tray and self.tray.available
        window.after_first_paint.add(self.tray.show)
        model = window.sections_model
        model.modelReset.connect(lambda: self.tray.set_unread(model.unread_of("unread")))
        model.dataChanged.connect(lambda *_: self.tray.set_unread(model.unread_of("unread")))
        self.window = window
        return window

    def _open_window(self) -> None:
        if self.window is not None:
            self.window.bring_to_front()

    def _quit(self) -> None:
        if self.window is not None:
            self.window.quit()
        else:
            self.app.quit()

    def _on_theme_changed(self, dark: bool) -> None:
        if self.window is not None:
            self.window.set_dark(dark)

    def change_language(self, choice: str) -> None:
        """Switch the UI language: install the translation and rebuild the window in place."""
        self.translations.install(ui_language(choice))
        self.tray.retranslate()
        old = self.window
        if old is None:
            return
        old.save_state()
        new = self.build_window()
        new.show()
        old.replaced = True
        old.close()
        old.deleteLater()

    def on_started(self) -> None:
        """Once the window shows: on the very first start with an empty library subscribe to the
        bundled Vietnamese feeds (which then refresh); otherwise refresh shortly, unless the user
        refreshes only by hand."""
        if self.window is None:
            return
        first = not self.settings.value.defaults_imported
        if first:
            self.settings.update(defaults_imported=True)
            try:
                empty = not self.library.feeds()
            except NewsreaderError as exc:
                self.messages.report_exception(exc)
                return
            if empty:
                self.window.finish_building()  # an empty window: nothing to show first
                self.window.library_commands.import_defaults()
                return
        if self.settings.value.refresh_minutes:
            self.refresher.start_after(STARTUP_REFRESH_DELAY_MS)

    def _refresh_if_idle(self) -> None:
        """From the tray's menu: everything, now."""
        if not self.refresher.running:
            self.refresher.start(None)

    def _on_back_online(self) -> None:
        """Online again: the feeds that came due meanwhile, unless the user refreshes only by
        hand."""
        if self.settings.value.refresh_minutes and not self.refresher.running:
            self.refresher.start(None, due=True)

    def shutdown(self) -> bool:
        """Stop background work; True when every worker finished (so the library may close)."""
        self.refresher.set_interval(0)
        self.refresher.cancel()
        self.library.stop_background_work()  # requests and parses end now, not at a deadline
        images_done = self.image_workers.shutdown(2_000)
        done = self.workers.shutdown(15_000) and images_done
        self.collector.stop()
        self.tray.close()
        return done


def _fatal(message: str) -> int:
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
    return 1


def _quit_on_signals(app: QApplication) -> QTimer:
    """Ctrl+C and SIGTERM close the window normally (state is saved) instead of killing it.

    Python runs signal handlers only between bytecodes, so a timer wakes it while Qt waits."""

    def quit_app(_signum: int, _frame: object) -> None:
        app.closeAllWindows()
        app.quit()

    for number in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(ValueError, OSError):  # not the main thread, or no such signal
            signal.signal(number, quit_app)
    waker = QTimer(app)
    waker.timeout.connect(lambda: None)
    waker.start(300)
    return waker


def leave_now(code: int) -> NoReturn:
    """End the process once everything is saved and closed, without Python's and Qt's teardown:
    destroying every widget, module and object again took 200-400 ms of a quit for nothing."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run(paths: AppPaths, argv: list[str], *, fast_exit: bool = False) -> int:
    """Open the window on the library in `paths`; returns the process exit code.

    `fast_exit` (the `newsreader` command): after a clean shutdown the process ends right
    here (see `leave_now`); a shutdown that left work running exits the normal way."""
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(APP_NAME)
    QGuiApplication.setDesktopFileName(APP_ID)
    existing = QApplication.instance()
    if existing is None:  # before Qt aborts on a platform plugin it cannot load: say why
        from newsreader.ui.platform_libs import check_platform

        plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
        problem = check_platform(plugins / "platforms")
        if problem is not None:
            sys.stderr.write(problem)
            return 1
    app = existing if isinstance(existing, QApplication) else QApplication([APP_ID, *argv])
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)

    paths = paths.ensure()
    instance = SingleInstance(server_name(paths.data_dir))
    if not instance.claim(listen=False):  # the socket (QtNetwork) after the first paint
        log.info("Newsreader is already running on this library: brought it to the front")
        return 0

    settings = SettingsStore(paths.settings_file)
    messages = MessageBridge()
    guard = ExceptHookGuard(messages)
    guard.install()
    try:
        from newsreader.app import open_library

        try:
            library = open_library(paths)
        except NewsreaderError as exc:
            Translations().install(ui_language(settings.value.language))
            app.setWindowIcon(app_icon())
            return _fatal(describe_error(exc))
        controller = NewsreaderApp(app, library, settings, messages=messages)
        window = controller.build_window(staged=True)
        # The window may hide in the tray: the app ends when it really closes (or Quit).
        app.setQuitOnLastWindowClosed(False)
        controller.window_closed.connect(app.quit)
        instance.activated.connect(
            lambda: controller.window.bring_to_front() if controller.window else None
        )
        # What can wait runs once the list has painted: the reader sees the articles first.
        later = window.after_first_paint
        later.add(instance.listen)  # later launches wake this one from now on
        later.add(lambda: app.setWindowIcon(app_icon()))  # 8 sizes up to 256 px: 6 ms
        if controller.watch_network:
            later.add(controller.network.load_backend)
        window.show()
        controller.collector.settle()
        if library.recovery is not None:  # the database was damaged: say what happened, once
            window.prompts.inform(
                window,
                QCoreApplication.translate("Startup", "The library was repaired"),
                library.recovery.message,
                str(library.recovery.backup),
            )
        first_start = not settings.value.defaults_imported
        controller.on_started()
        if not first_start:  # the first start asks about the bundled feeds: one question at a time
            later.add(lambda: window.desktop_menu.offer_once(settings))
        waker = _quit_on_signals(app)
        scripted = ScriptedQuit()
        scripted.arm(lambda: controller.window.quit() if controller.window else None)
        code = app.exec()
        waker.stop()
        scripted.phase("window")
        clean = controller.shutdown()
        if clean:
            scripted.phase("workers")
            library.close()
            scripted.phase("library")
    finally:
        instance.release()
        guard.uninstall()
        sys.stdout.flush()
    if fast_exit and clean:
        scripted.report()
        leave_now(code)
    scripted.report()
    return code
