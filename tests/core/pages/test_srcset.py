"""The one srcset policy: parsing (commas inside CDN URLs) and the candidate every reader uses."""

import pytest

from newsreader.core.pages.srcset import SrcsetCandidate, parse_srcset, pick_from_srcset


def test_commas_inside_urls_stay_in_the_url() -> None:
    text = (
        "https://cdn.example.vn/img/w_300,h_200,c_fill/a.jpg 300w,"
        "https://cdn.example.vn/img/w_900,h_600,c_fill/a.jpg 900w"
    )
    assert parse_srcset(text) == [
        SrcsetCandidate("https://cdn.example.vn/img/w_300,h_200,c_fill/a.jpg", width=300),
        SrcsetCandidate("https://cdn.example.vn/img/w_900,h_600,c_fill/a.jpg", width=900),
    ]


def test_descriptorless_candidates_and_odd_spacing() -> None:
    assert parse_srcset(" a.jpg, b.jpg 2x ,  c.jpg  3x, ,") == [
        SrcsetCandidate("a.jpg"),
        SrcsetCandidate("b.jpg", density=2),
        SrcsetCandidate("c.jpg", density=3),
    ]
    assert parse_srcset("") == []
    # as in browsers: a comma glued between two URLs is part of one URL
    assert parse_srcset("a.jpg,b.jpg 2x") == [SrcsetCandidate("a.jpg,b.jpg", density=2)]
    assert parse_srcset("a.jpg bogus, b.jpg -1w, c.jpg nanx") == [
        SrcsetCandidate("a.jpg"),
        SrcsetCandidate("b.jpg"),
        SrcsetCandidate("c.jpg"),
    ]


@pytest.mark.parametrize(
    ("srcset", "picked"),
    [
        ("a.jpg 300w, b.jpg 600w", "b.jpg"),
        ("a.jpg 600w, b.jpg 1600w, c.jpg 3000w", "b.jpg"),  # widest up to 1,600 px
        ("c.jpg 3000w, d.jpg 2000w", "d.jpg"),  # none fits: the smallest
        ("a.jpg 1x, b.jpg 2x, c.jpg 3x", "b.jpg"),  # densest up to 2x
        ("c.jpg 3x, d.jpg 4x", "c.jpg"),
        ("only.jpg", "only.jpg"),
        (
            "https://cdn.vn/w_1,2/x.jpg 500w, https://cdn.vn/w_3,4/y.jpg 900w",
            "https://cdn.vn/w_3,4/y.jpg",
        ),
        ("", ""),
        (None, ""),
    ],
)
def test_the_policy(srcset: str | None, picked: str) -> None:
    assert pick_from_srcset(srcset) == picked


def test_every_reader_uses_the_policy() -> None:
    """The thumbnail, the sanitized picture, the offline picture and a listing's picture agree."""
    import lxml.html  # type: ignore[import-untyped]

    from newsreader.core.pages.extract import _image_url as extract_image
    from newsreader.core.pages.htmltext import first_image
    from newsreader.core.pages.listings import _image_url as listing_image
    from newsreader.core.pages.sanitize import image_urls, sanitize_html

    srcset = "https://cdn.vn/w_480,q_80/a.jpg 480w, https://cdn.vn/w_960,q_80/a.jpg 960w"
    html = f'<p><img src="data:image/gif;base64,R0lG" data-srcset="{srcset}"></p>'
    expected = "https://cdn.vn/w_960,q_80/a.jpg"
    img = lxml.html.fromstring(html).find(".//img")
    assert first_image(html) == expected
    assert extract_image(img, "https://bao.vn/") == expected
    assert listing_image(img, "https://bao.vn/") == expected
    assert image_urls(sanitize_html(html, base_url="https://bao.vn/")) == [expected]
