"""Search results: the true count (or "more than N"), the words matched marked in the list
(accents folded), and results by relevance or by date."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtGui import QImage

from newsreader.core.library import Library
from newsreader.core.models import ParsedEntry
from newsreader.ui import search as search_module
from newsreader.ui.article_delegate import _mix
from newsreader.ui.articles_model import ArticleRole
from tests.ui.conftest import NOW, WindowKit, add_feed


@pytest.fixture
def kit(make_window: Callable[..., WindowKit], news_library: Library) -> WindowKit:
    return make_window(news_library)


def search(qtbot: Any, kit: WindowKit, text: str) -> None:
    window = kit.window
    window.focus_search()
    qtbot.keyClicks(window.search_box, text)
    window.search.run_now()
    qtbot.waitUntil(lambda: window.search_active and "found" in window.status_text(), timeout=5_000)


def titles(kit: WindowKit) -> list[str]:
    model = kit.window.articles_model
    return [model.article(r).title for r in range(model.rowCount())]  # type: ignore[union-attr]


def test_count_is_the_true_number_of_matches(
    qtbot: Any, kit: WindowKit, news_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "RESULT_LIMIT", 5)
    total = news_library.count_search("ha noi")
    assert total > 5
    search(qtbot, kit, "ha noi")
    assert kit.window.articles_model.rowCount() == 5
    assert kit.window.status_text() == f"{total} articles found · the 5 best shown"


def test_more_than_the_cap(qtbot: Any, kit: WindowKit, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_module, "RESULT_LIMIT", 5)
    monkeypatch.setattr(search_module, "COUNT_CAP", 8)
    search(qtbot, kit, "ha noi")
    assert kit.window.status_text() == "More than 8 articles found · the 5 best shown"


def test_all_shown_says_how_many(qtbot: Any, kit: WindowKit, news_library: Library) -> None:
    search(qtbot, kit, "dot pha")
    count = news_library.count_search("dot pha")
    assert kit.window.articles_model.rowCount() == count
    assert kit.window.status_text() == f"{count} articles found"


def test_newest_first_orders_by_date(qtbot: Any, kit: WindowKit, news_library: Library) -> None:
    window = kit.window
    search(qtbot, kit, "ha noi")
    assert window.search_order.isVisible()
    best = titles(kit)
    window.search_order.setCurrentIndex(1)
    qtbot.waitUntil(lambda: titles(kit) != best, timeout=5_000)
    rows = [window.articles_model.article(r) for r in range(window.articles_model.rowCount())]
    keys = [a.page_key for a in rows if a is not None]
    assert keys == sorted(keys, reverse=True)
    assert sorted(titles(kit)) == sorted(best)


def test_matched_words_are_marked_in_the_list(qtbot: Any, kit: WindowKit) -> None:
    window = kit.window
    view = window.article_list
    palette = view.palette()
    role = palette.ColorRole
    mark = _mix(palette.color(role.Base), palette.color(role.Accent), 0.22)

    def marked_pixels() -> int:
        image: QImage = view.viewport().grab().toImage()
        rgb = mark.rgb()
        return sum(
            1
            for y in range(0, image.height(), 2)
            for x in range(0, image.width(), 2)
            if image.pixel(x, y) == rgb
        )

    assert marked_pixels() == 0
    search(qtbot, kit, "ha noi")  # no marks typed: "Hà Nội" is marked
    assert window.article_delegate.highlight is not None
    assert marked_pixels() > 50
    window.leave_search()
    assert window.article_delegate.highlight is None
    assert marked_pixels() == 0


def test_the_lead_shows_the_part_that_matched(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library
) -> None:
    long_lead = "Mở đầu dài dòng về thời tiết. " * 12 + "Cuối cùng là cầu Tứ Liên qua sông Hồng."
    item = ParsedEntry(
        guid="tu-lien",
        link="https://example.vn/tu-lien.html",
        title="Tin giao thông",
        published=NOW,
        summary=long_lead,
    )
    add_feed(library, "Giao thông", [item])
    kit = make_window(library)
    search(qtbot, kit, "tu lien")
    lead = kit.window.articles_model.index(0).data(ArticleRole.LEAD)
    assert lead.startswith("…") and "Tứ Liên" in lead
