"""Plain absolute http(s) URLs: the ones URL joining returns unchanged, recognised without parsing.

``urllib.parse.urljoin`` (and feedparser's ``_urljoin`` around it) splits both URLs and puts the
result back together, which costs more than anything else done to an entry's links. For an
absolute ``http``/``https`` URL of the everyday shape -- lower-case scheme, a host name or IPv4
address with an optional port, a path and a query of URL characters, no fragment, no ``;``
parameters, no empty ``?`` -- the joined URL is the URL itself whatever the base;
``tests/core/pages/test_plainurl.py`` checks that against ``urljoin`` on generated URLs.
"""

from __future__ import annotations

import functools
import re

__all__ = ["is_plain_absolute_url"]

_PLAIN = re.compile(
    r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
    r"(?:/[A-Za-z0-9._~!$&'()*+,=:@%/-]*)?"
    r"(?:\?[A-Za-z0-9._~!$&'()*+,=:@%/?-]+)?"
)


@functools.lru_cache(maxsize=1024)  # a feed's links are asked about 4 times each, its images more
def is_plain_absolute_url(url: str) -> bool:
    """True when joining *url* to any base gives *url* itself (see the module's docstring)."""
    return _PLAIN.fullmatch(url) is not None
