"""Real pages from real newsrooms (issue 14), served from 127.0.0.1 as the outlets serve them
(gzip-encoded HTML) and fetched with the app's HTTP client: every article read as a reader would
see it, every home page followed as a section page. The pages and what each should give are in
tests/data/vn-real (see its README.md); tests/vnreal.py holds the scoring."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import lxml.html  # type: ignore[import-untyped]
import pytest
from pytest_httpserver import HTTPServer

from newsreader.core.fetch.http import HttpClient
from newsreader.core.pages.listings import (
    _is_article_path,
    parse_listing,
    parse_recipe,
    recipe_for,
)
from tests import vnreal
from tests.vnreal import ARTICLES, DATA, LISTINGS, norm

PAGES = [*ARTICLES, *LISTINGS]


@pytest.fixture(scope="module")
def served() -> Iterator[dict[str, bytes]]:
    """Every real page, fetched over HTTP from a local server (as stored: gzip on the wire)."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        for name in PAGES:
            server.expect_request(f"/{name}.html").respond_with_data(
                (DATA / f"{name}.html.gz").read_bytes(),
                content_type="text/html; charset=utf-8",
                headers={"Content-Encoding": "gzip"},
            )
        with HttpClient(deadline=20) as client:
            yield {name: client.get(server.url_for(f"/{name}.html")).content for name in PAGES}
    finally:
        server.clear()
        if server.is_running():
            server.stop()


# --- articles -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ARTICLES))
def test_real_article_reads_as_the_reader_sees_it(name: str, served: dict[str, bytes]) -> None:
    expected = ARTICLES[name]
    article = vnreal.extract(name, served[name])
    assert article is not None
    score = vnreal.score_article(article, expected)
    assert score.paragraphs_found == score.paragraphs_expected, score
    assert score.in_order
    assert score.extra_lines == []  # no menu, related box, "Tin liên quan", ad or footer line
    assert [(i.url, i.caption) for i in article.images] == [
        (i["url"], i["caption"]) for i in expected["images"]
    ]
    assert norm(article.title) == norm(expected["title"])
    assert norm(article.lead) == norm(expected["lead"])
    assert article.author == expected["author"]
    if expected["published"]:
        assert article.published == datetime.fromisoformat(expected["published"])
        assert article.published is not None and article.published.tzinfo == UTC
    else:
        assert article.published is None
    everything = " ".join(vnreal.body_blocks(article)) + " ".join(
        i.caption or "" for i in article.images
    )
    for snippet in expected["boilerplate"]:
        assert norm(snippet) not in everything, snippet
    if article.lead:
        assert norm(article.lead)[:60] not in everything


def test_location_stamp_is_separated_from_the_lead(served: dict[str, bytes]) -> None:
    article = vnreal.extract(
        "vnexpress/article_2022-01-25_cong-nhan-mat-viec-4420519",
        served["vnexpress/article_2022-01-25_cong-nhan-mat-viec-4420519"],
    )
    assert article is not None and article.lead is not None
    assert article.lead.startswith("TP HCM - Nếu có ít tiền, chị Huyền")
    assert "TP HCMNếu" not in article.lead


def test_injected_iframe_and_video_are_not_content(served: dict[str, bytes]) -> None:
    for name in (
        "vnexpress/article_2022-01-25_cong-nhan-mat-viec-4420519",
        "vnexpress/article_2022-02-14_mo-lai-duong-bay-quoc-te-4426992_prettified-modified",
    ):
        article = vnreal.extract(name, served[name])
        assert article is not None
        assert "iframe" not in article.body_html and "<video" not in article.body_html


def test_vnexpress_2025_matches_fundus_oracle(served: dict[str, bytes]) -> None:
    name = "vnexpress/article_2025-10-22_ung-thu-lymphoma-4954454"
    oracle = json.loads(
        (
            DATA / "vnexpress" / "article_2025-10-22_ung-thu-lymphoma-4954454.fundus-expected.json"
        ).read_text(encoding="utf-8")
    )["V1"]
    article = vnreal.extract(name, served[name])
    assert article is not None
    assert article.title == oracle["title"]
    assert article.lead == oracle["body"]["summary"][0]
    assert article.author == oracle["authors"][0]
    assert article.published == datetime.fromisoformat(oracle["publishing_date"])
    image = oracle["images"][0]
    caption = f"{image['caption']} Ảnh: {image['authors'][0]}"
    assert [i.caption for i in article.images] == [caption]
    lines = vnreal.body_blocks(article)
    # fundus counts the caption as a paragraph; here it belongs to its figure
    assert lines == [norm(p) for p in oracle["body"]["sections"][0]["paragraphs"] if p != caption]


def test_vietnamnet_2019_byline_and_related_boxes(served: dict[str, bytes]) -> None:
    name = "vietnamnet/article_2019-03_google-maps-giam-sat-tre-514378"
    article = vnreal.extract(name, served[name])
    assert article is not None
    assert article.author == "Ca Tiếu"  # the page's meta says "VietNamNet News": not a person
    assert article.title == "Cách sử dụng Google Maps để giám sát vị trí của trẻ nhỏ"
    assert article.lead is not None and article.lead.startswith("Cho dù bạn sở hữu thiết bị")
    assert "Cách tăng âm lượng" not in article.body_html  # div.inner-article, a teaser card
    assert "Chồng phát hiện vợ ngoại tình" not in article.body_html  # div.article-relate
    assert "online-tech-tips" not in article.body_html  # the byline is not body text
    assert all("w=145" not in i.url for i in article.images)  # the teaser's thumbnail


# --- home pages followed as section pages -------------------------------------------------------


@pytest.mark.parametrize("name", list(LISTINGS))
def test_real_home_page_by_the_generic_extractor(name: str, served: dict[str, bytes]) -> None:
    links = vnreal.listing_links(name, use_recipe=False, data=served[name])
    score = vnreal.score_listing(name, links)
    print(f"{name} generic: {score}")
    assert score.recall >= 0.95, score
    assert score.noise_rate <= 0.02, score.noise
    assert not set(links) & vnreal.script_only_links(name)
    assert len(links) == len(set(links))


def _recipe_list(name: str, data: bytes) -> list[str]:
    """The links the bundled recipe's selectors pick on the page, read here with cssselect."""
    base, _ = LISTINGS[name]
    recipe = recipe_for(base)
    assert recipe is not None
    root = lxml.html.document_fromstring(data)
    links: list[str] = []
    for item in root.cssselect(recipe.item):
        found = item.cssselect(recipe.link)
        link = found[0] if found else None
        if link is not None and link.tag != "a":
            link = next(link.iter("a"), None)
        if link is not None and link.get("href"):
            links.append(vnreal._canonical(urljoin(base, link.get("href").strip())))
    return list(dict.fromkeys(links))


@pytest.mark.parametrize("name", list(LISTINGS))
def test_real_home_page_with_the_site_recipe(name: str, served: dict[str, bytes]) -> None:
    base, _ = LISTINGS[name]
    feed = parse_listing(served[name], url=base)
    links = [vnreal._canonical(e.link or "") for e in feed.entries]
    recipe_links = _recipe_list(name, served[name])
    if recipe_links:  # the recipe fits this generation of the site: exactly its list
        assert feed.warning is None
        assert links == recipe_links
    else:  # an older layout: read generically, and said so
        assert feed.warning is not None and "recipe" in feed.warning
        assert links == vnreal.listing_links(name, use_recipe=False, data=served[name])
    score = vnreal.score_listing(name, links)
    assert score.recall >= 0.95, score
    assert score.noise_rate <= 0.02, score.noise


def test_recipes_fit_the_layouts_they_claim(served: dict[str, bytes]) -> None:
    for name in (
        "vnexpress/listing_home_2022-04-21_browser-saved",
        "vnexpress/listing_home_2024-03-18_browser-saved",
        "dantri/listing_home_2020-12-21",
        "dantri/listing_home_2024-05-11_browser-saved",
    ):
        assert len(_recipe_list(name, served[name])) >= 0.95 * len(vnreal.expected_links(name))


def test_dantri_2017_event_section_articles_are_found(served: dict[str, bytes]) -> None:
    name = "dantri/listing_home_2017-08-12"
    links = vnreal.listing_links(name, use_recipe=False, data=served[name])
    events = [u for u in links if "/su-kien/" in u]
    assert len(events) == 10
    assert "https://dantri.com.vn/su-kien/bi-hai-chuyen-nha-van-mat-trom-20170812084933248.htm" in (
        events
    )


def test_short_headlines_keep_their_own_title(served: dict[str, bytes]) -> None:
    name = "dantri/listing_home_2020-12-21"
    for use_recipe in (False, True):
        feed = parse_listing(served[name], url="https://dantri.com.vn/", use_recipe=use_recipe)
        entry = next(e for e in feed.entries if "ky-tich-gao-viet" in (e.link or ""))
        assert entry.title == "Kỳ tích gạo Việt!"
        assert entry.summary is not None and entry.summary.startswith("Việc chú trọng nghiên cứu")
        assert entry.thumbnail == (
            "https://icdn.dantri.com.vn/zoom/388_258/2020/12/19/gaoxuatkhau-1608322718807.jpg"
        )  # lazy-src, not the quality(0) placeholder in src


def test_dantri_2019_matches_the_scraper_that_read_it(served: dict[str, bytes]) -> None:
    name = "dantri/listing_home_2019-03-18"
    items: list[dict[str, Any]] = json.loads(
        (DATA / "dantri" / "listing_home_2019-03-18.expected-items.json").read_text("utf-8")
    )["items"]
    feed = parse_listing(served[name], url="https://dantri.com.vn/", use_recipe=False)
    titles = {vnreal._canonical(e.link or ""): e.title for e in feed.entries}
    assert len(items) == 10
    for item in items:
        assert titles[vnreal._canonical(item["link"])] == norm(item["title"])


# --- Kinhtedothi: three CMS generations, one recipe ---------------------------------------------


@pytest.mark.parametrize(
    ("path", "article"),
    [
        ("/gia-ca-phe-hom-nay-2-5-2025-nguyen-nhan-ca-phe-quay-xe-manh.692315.html", True),
        ("/gia-ca-phe-hom-nay-1-2-tang-hon-11-000-dong-kg-trong-thang-dau-nam-2024.html", True),
        ("/xe-khach-dau-dau-xe-tai-khien-hai-tai-xe-chet-tham-348058.html", True),
        ("/su-kien/ky-niem-80-nam-cach-mang-thang-tam-va-quoc-khanh-2-9.html", False),
        ("/su-kien/1234/dai-hoi-dang-bo-thanh-pho-ha-noi.html", False),
        ("/su-kien/be-8-thang-tuoi-song-sot-than-ky-20170812080458351.htm", True),  # Dân trí
    ],
)
def test_article_url_forms(path: str, article: bool) -> None:
    assert _is_article_path(path) is article


_KTDT_2018 = """<html lang="vi"><body><div class="col440 fl border_right">
<div class="pkg mar_bottom20"><a href="/ha-noi-khoi-cong-cau-tu-lien-tren-song-hong-300101.html"
 title="Hà Nội khởi công cầu Tứ Liên trên sông Hồng">Hà Nội khởi công cầu Tứ Liên trên sông Hồng</a>
<p class="sapo">Kinhtedothi - Sáng nay, thành phố khởi công cầu Tứ Liên nối quận Tây Hồ
với Đông Anh.</p>
</div></div>
<ul class="list_news_topcate">
<li><a href="/gia-vang-hom-nay-tang-manh-phien-dau-tuan-300102.html"
 >Giá vàng hôm nay tăng mạnh phiên đầu tuần</a></li>
<li><a href="/metro-nhon-ga-ha-noi-chay-thu-doan-tren-cao-300103.html"
 >Metro Nhổn - ga Hà Nội chạy thử đoạn trên cao</a></li>
</ul>
<div class="pkg"><ul><li><div class="info_cate">
<a href="/quan-hoan-kiem-chinh-trang-20-tuyen-pho-300104.html"
 >Quận Hoàn Kiếm chỉnh trang 20 tuyến phố cũ</a></div></li></ul></div>
</body></html>"""


def test_kinhtedothi_recipe_reads_the_2015_2021_cms() -> None:
    recipe = recipe_for("https://kinhtedothi.vn/")
    assert recipe is not None
    feed = parse_listing(_KTDT_2018, url="https://kinhtedothi.vn/do-thi/", recipe=recipe)
    assert feed.warning is None
    assert [e.link for e in feed.entries] == [
        "https://kinhtedothi.vn/ha-noi-khoi-cong-cau-tu-lien-tren-song-hong-300101.html",
        "https://kinhtedothi.vn/gia-vang-hom-nay-tang-manh-phien-dau-tuan-300102.html",
        "https://kinhtedothi.vn/metro-nhon-ga-ha-noi-chay-thu-doan-tren-cao-300103.html",
        "https://kinhtedothi.vn/quan-hoan-kiem-chinh-trang-20-tuyen-pho-300104.html",
    ]
    assert feed.entries[0].title == "Hà Nội khởi công cầu Tứ Liên trên sông Hồng"
    assert feed.entries[0].summary == (
        "Sáng nay, thành phố khởi công cầu Tứ Liên nối quận Tây Hồ với Đông Anh."
    )


def test_kinhtedothi_recipe_reads_the_2025_url_form() -> None:
    page = """<html lang="vi"><body><main>
    <article class="story"><h3 class="story__title">
    <a href="/gia-ca-phe-hom-nay-2-5-2025.692315.html">
    Giá cà phê hôm nay 2/5/2025: cà phê quay xe mạnh</a></h3>
    <div class="story__summary">Kinhtedothi - Giá cà phê đầu tháng 5 quay đầu giảm mạnh.</div>
    <span class="story__time">08:15 02/05/2025</span></article>
    <article class="story"><h3 class="story__title">
    <a href="/luat-thu-do-nam-2024-khoi-thong-nguon-luc.html">
    Luật Thủ đô năm 2024: khơi thông nguồn lực phát triển</a></h3></article>
    </main></body></html>"""
    recipe = recipe_for("https://kinhtedothi.vn/")
    assert recipe is not None
    feed = parse_listing(page, url="https://kinhtedothi.vn/kinh-te", recipe=recipe)
    assert [e.link for e in feed.entries] == [
        "https://kinhtedothi.vn/gia-ca-phe-hom-nay-2-5-2025.692315.html",
        "https://kinhtedothi.vn/luat-thu-do-nam-2024-khoi-thong-nguon-luc.html",
    ]
    assert feed.entries[0].published == datetime(2025, 5, 2, 1, 15, tzinfo=UTC)
    assert feed.entries[0].summary == "Giá cà phê đầu tháng 5 quay đầu giảm mạnh."


def test_the_bundled_recipes_parse() -> None:
    for host in ("kinhtedothi.vn", "vnexpress.net", "dantri.com.vn"):
        path = vnreal.DATA.parents[2] / "resources" / "sites" / f"{host}.json"
        recipe = parse_recipe(json.loads(path.read_text(encoding="utf-8")))
        assert recipe.host == host
        assert re.search(r"\S", recipe.item)
