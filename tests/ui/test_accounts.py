"""The window and sync accounts: the Add account dialog (Test, Add, errors inline) against the
Google Reader API test server, and each account a top-level group of the sections pane with its
folders, feeds, counts and error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from newsreader.core.library import Library
from newsreader.core.models import Account, ArticleQuery
from newsreader.ui.account_dialog import AccountDialog
from newsreader.ui.sections_model import Section, SectionRole, SectionsModel
from newsreader.ui.workers import Workers
from tests.core.sync.greader_server import GReaderServer, State
from tests.ui.conftest import WindowKit, wait_idle

PASSWORD = "ui-Pässword-9"


@pytest.fixture
def server() -> Iterator[GReaderServer]:
    state = State("reader", PASSWORD)
    feed = state.add_feed("https://vn.example/rss", "Tin Việt", "Việt Nam")
    loose = state.add_feed("https://tech.example/atom", "Tech")
    for n in range(3):
        state.add_item(feed, f"Tin {n}")
    state.add_item(loose, "Máy tính")
    srv = GReaderServer(state).start()
    yield srv
    srv.stop()


def test_add_account_dialog_tests_then_adds_and_syncs(
    qtbot: Any, library: Library, server: GReaderServer
) -> None:
    workers = Workers()
    dialog = AccountDialog(library, workers)
    qtbot.addWidget(dialog)
    dialog.url_edit.setText(server.url)
    dialog.user_edit.setText("reader")
    dialog.password_edit.setText("wrong")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "refused" in dialog.status.text(), timeout=10_000)
    dialog.password_edit.setText(PASSWORD)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "Google Reader API" in dialog.status.text(), timeout=10_000)
    assert library.accounts.list() == []  # a test keeps nothing
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.add_button.click()
    assert dialog.account is not None and dialog.first_sync is not None
    assert dialog.first_sync.new_articles == 4
    assert library.count_articles(ArticleQuery(account_id=dialog.account.id)) == 4
    assert dialog.password_edit.text() == ""
    workers.shutdown()


def _tree(model: SectionsModel) -> list[tuple[int, str, str, int]]:
    out = []

    def walk(parent: Any, depth: int) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            out.append(
                (depth, str(index.data(SectionRole.KIND)), str(index.data()),
                 int(index.data(SectionRole.UNREAD)))
            )  # fmt: skip
            walk(index, depth + 1)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex(), 0)
    return out


def test_each_account_is_a_group_with_folders_feeds_counts_and_error(
    qtmodeltester: Any, library: Library, server: GReaderServer
) -> None:
    account = library.accounts.add(server.url, "reader", PASSWORD, title="My FreshRSS")
    library.accounts.sync()
    model = SectionsModel()
    model.set_library_state(
        library.feeds(), library.folders(), library.totals(), library.accounts.list()
    )
    qtmodeltester.check(model, force_py=True)
    tree = _tree(model)
    assert (0, "account", "My FreshRSS", 4) in tree
    start = tree.index((0, "account", "My FreshRSS", 4))
    assert tree[start + 1 :] == [  # the account comes after the local sections
        (1, "folder", "Việt Nam", 3),
        (2, "feed", "Tin Việt", 3),
        (1, "feed", "Tech", 1),
    ]
    folder = Section.from_key(f"account:{account.id}/folder:Việt Nam")
    assert folder is not None and library.count_articles(folder.query()) == 3
    group = Section.from_key(f"account:{account.id}")
    assert group is not None and library.count_articles(group.query()) == 4
    # the account's error shows on its group, like a feed's
    failed = [Account(account.id, "greader", server.url, "reader", "My FreshRSS",
                      last_error="HTTP 503 Service Unavailable")]  # fmt: skip
    model.set_library_state(library.feeds(), library.folders(), library.totals(), failed)
    index = model.index_for_key(f"account:{account.id}")
    # Shown in plain words, in the UI language (ui/network_errors.py).
    assert index.data(SectionRole.ERROR) == (
        "The server answered with an error: HTTP 503 Service Unavailable."
    )
    assert index.data(SectionRole.ICON_NAME) == "error"


def test_window_shows_accounts_and_syncs_them_with_the_refresh(
    qtbot: Any, make_window: Any, library: Library, server: GReaderServer
) -> None:
    account = library.accounts.add(server.url, "reader", PASSWORD)
    kit: WindowKit = make_window(library)
    wait_idle(qtbot, kit)
    assert kit.window.sections_model.index_for_key(f"account:{account.id}").isValid()
    kit.refresher.start(None)
    qtbot.waitUntil(lambda: library.count_articles() == 4, timeout=15_000)
    wait_idle(qtbot, kit, 15_000)
    qtbot.waitUntil(
        lambda: kit.window.sections_model.unread_of(f"account:{account.id}") == 4, timeout=10_000
    )


def test_renaming_an_account_folder_in_the_window_reaches_the_server(
    qtbot: Any, make_window: Any, library: Library, server: GReaderServer
) -> None:
    account = library.accounts.add(server.url, "reader", PASSWORD)
    library.accounts.sync()
    kit: WindowKit = make_window(library)
    wait_idle(qtbot, kit)
    folder = Section("folder", folder="Việt Nam", account_id=account.id)
    kit.window.select_section(folder)
    kit.prompts.answers["text"] = "Tin trong nước"
    kit.window.library_commands.rename_section()
    key = f"account:{account.id}/folder:Tin trong nước"
    qtbot.waitUntil(lambda: kit.window.sections_model.index_for_key(key).isValid(), timeout=10_000)
    wait_idle(qtbot, kit)
    library.accounts.sync()
    assert {lab for s in server.state.subs.values() for lab in s.labels} == {"Tin trong nước"}


def test_removing_an_account_in_the_window(
    qtbot: Any, make_window: Any, library: Library, server: GReaderServer
) -> None:
    account = library.accounts.add(server.url, "reader", PASSWORD)
    library.accounts.sync()
    kit: WindowKit = make_window(library)
    wait_idle(qtbot, kit)
    kit.window.select_section(Section("account", account_id=account.id))
    kit.prompts.answers["confirm"] = True
    kit.window.library_commands.remove_section()
    key = f"account:{account.id}"
    qtbot.waitUntil(
        lambda: not kit.window.sections_model.index_for_key(key).isValid(), timeout=10_000
    )
    assert library.accounts.list() == [] and library.count_articles() == 0
    assert server.state.subs  # nothing changed on the server


def test_removing_an_account_folder_in_the_window_reaches_the_server(
    qtbot: Any, make_window: Any, library: Library, server: GReaderServer
) -> None:
    from tests.ui.conftest import add_feed, entries

    account = library.accounts.add(server.url, "reader", PASSWORD)
    library.accounts.sync()
    local = add_feed(library, "Báo địa phương", entries("dp", 2), folder="Việt Nam")  # same name
    kit: WindowKit = make_window(library)
    wait_idle(qtbot, kit)
    kit.window.select_section(Section("folder", folder="Việt Nam", account_id=account.id))
    kit.prompts.answers["confirm"] = True
    kit.window.library_commands.remove_section()
    kit.window.undo_stack.commit_all()  # the removal waits for the offer to undo to end
    qtbot.waitUntil(lambda: library.storage.outbox_count(account.id) == 2, timeout=10_000)
    wait_idle(qtbot, kit)
    assert sorted(f.title for f in library.feeds()) == ["Báo địa phương", "Tech"]
    assert library.feed(local.id).folder == "Việt Nam"  # the local folder of that name stays
    library.accounts.sync()
    assert set(server.state.subs) == {"feed/https://tech.example/atom"}  # unsubscribed
    assert server.state.requests["disable-tag"] == 1  # and the label removed


def test_moving_an_account_feed_offers_the_accounts_folders_and_reaches_the_server(
    qtbot: Any, make_window: Any, library: Library, server: GReaderServer
) -> None:
    from tests.ui.conftest import add_feed, entries

    library.accounts.add(server.url, "reader", PASSWORD)
    library.accounts.sync()
    add_feed(library, "Báo địa phương", entries("dp", 2), folder="Địa phương")
    kit: WindowKit = make_window(library)
    wait_idle(qtbot, kit)
    tech = next(f for f in library.feeds() if f.title == "Tech")
    kit.window.select_section(Section("feed", feed_id=tech.id))
    kit.prompts.answers["folder"] = (True, "Việt Nam")
    kit.window.library_commands.move_feed()
    assert kit.prompts.asked[-1] == ("folder", (("Việt Nam",),))  # not the local folders
    qtbot.waitUntil(lambda: library.feed(tech.id).folder == "Việt Nam", timeout=10_000)
    wait_idle(qtbot, kit)
    library.accounts.sync()
    assert server.state.subs["feed/https://tech.example/atom"].labels == {"Việt Nam"}


def test_the_refresh_message_counts_failed_feeds_and_failed_accounts_apart(
    qtbot: Any, make_window: Any, library: Library
) -> None:
    from newsreader.core.models import AccountSync, FeedRefresh, RefreshResult
    from newsreader.ui.i18n import Translations

    Translations().install("en")  # English plural forms
    kit: WindowKit = make_window(library)
    window = kit.window
    shown: list[str] = []
    window.messages.posted.connect(lambda text, _error, _ms: shown.append(text))
    bad_feed = FeedRefresh(1, "https://example.vn/a.rss", "error", error="HTTP 500")
    bad_account = AccountSync(1, "error", error="the server refused the user name or password")
    window._on_refresh_started()
    window._on_refresh_finished(RefreshResult(feeds=(bad_feed, bad_feed), accounts=(bad_account,)))
    assert shown[-1] == "0 new articles · 2 feeds failed · 1 account failed to sync"
    window._on_refresh_started()
    window._on_refresh_finished(RefreshResult(accounts=(bad_account, bad_account)))
    assert shown[-1] == "0 new articles · 2 accounts failed to sync"


def test_a_fever_accounts_feeds_are_not_changed_here_and_the_window_says_why(
    qtbot: Any, make_window: Any, library: Library
) -> None:
    from datetime import UTC, datetime

    from newsreader.core.storage.accounts import RemoteFeedRow

    now = datetime(2026, 12, 1, tzinfo=UTC)
    account_id = library.storage.add_account(
        kind="fever", url="https://rss.example/fever/", user="u", title="Fever", now=now
    )
    row = RemoteFeedRow("7", "https://vn.example/rss", "Tin Việt", None, "Việt Nam")
    library.storage.apply_subscriptions(account_id, [row], now=now)
    kit: WindowKit = make_window(library)
    wait_idle(qtbot, kit)
    shown: list[tuple[str, bool]] = []
    kit.window.messages.posted.connect(lambda text, error, _ms: shown.append((text, error)))
    feed = library.feeds()[0]
    kit.prompts.answers.update(confirm=True, text="Khác", folder=(True, "Khác"))
    for section in (
        Section("feed", feed_id=feed.id, folder="Việt Nam"),
        Section("folder", folder="Việt Nam", account_id=account_id),
    ):
        kit.window.select_section(section)
        kit.window.library_commands.remove_section()
        kit.window.library_commands.rename_section()
        kit.window.library_commands.move_feed()
    assert kit.prompts.asked == []  # refused before asking anything
    assert len(shown) == 5 and all("Fever" in text and error for text, error in shown)
    assert not kit.window.hidden_feeds
    wait_idle(qtbot, kit)
    assert [(f.title, f.folder) for f in library.feeds()] == [("Tin Việt", "Việt Nam")]
