"""Back and forward through the articles read."""

from __future__ import annotations

from newsreader.ui.history import ReadingHistory


def test_back_and_forward_walk_the_record_without_changing_it() -> None:
    history = ReadingHistory()
    for article_id in (1, 2, 3):
        history.visit(article_id)
    assert history.back() == 2
    assert history.back() == 1
    assert history.back() is None
    assert history.forward() == 2
    history.visit(2)  # reopening where we are changes nothing
    assert history.forward() == 3
    assert history.forward() is None


def test_opening_after_going_back_drops_the_forward_part() -> None:
    history = ReadingHistory()
    for article_id in (1, 2, 3):
        history.visit(article_id)
    history.back()
    history.visit(9)
    assert not history.can_go_forward()
    assert history.back() == 2


def test_the_record_is_bounded() -> None:
    history = ReadingHistory(limit=3)
    for article_id in range(10):
        history.visit(article_id)
    assert [history.back(), history.back(), history.back()] == [8, 7, None]
