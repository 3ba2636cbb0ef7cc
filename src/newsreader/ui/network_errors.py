"""Network errors in the user's language, in plain words.

The core says what failed as a kind and its arguments (`NetworkError.kind`/`.params`, made in
core/fetch/netmessages.py); here each kind has a sentence for people, translated like every UI
string. Texts stored before (a feed's `last_error`) are read back into kind and arguments by
`netmessages.parse`. A kind missing here falls back to the core's English text.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from newsreader.core.errors import NetworkError
from newsreader.core.fetch.netmessages import parse

CONTEXT = "NetworkErrors"

# kind -> sentence with the same {names} as the core's template (a test checks both sides).
MESSAGES: Mapping[str, str] = {
    "damaged_encoding": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "The server sent damaged compressed data ({encoding}).")),
    "cut_short": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "The answer ended too early (compressed with {encoding}).")),
    "unsupported_encoding": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "The server compressed its answer in a way Newsreader cannot read "
        "({encoding}).")),
    "too_many_redirects": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "The address sent us on to other addresses too many times (more than "
        "{limit}).")),
    "redirect_scheme": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "The address sent us on to an address that is not a web address: "
        "{url}")),
    "redirect_blocked": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "{url} sent us on to a local address, which only a feed you subscribed "
        "to yourself may use ({detail}).")),
    "not_a_feed_type": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "This is not a feed: the server sent {media}.")),
    "too_big": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "The answer is too large (more than {size}).")),
    "deadline": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "{host} did not answer completely within {seconds} seconds.")),
    "redirect_without_location": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "The server said the page moved but not where to (HTTP {status}).")),
    "http_status_wait": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "The server is busy (HTTP {status} {reason}) and asked us to wait "
        "{wait}.")),
    "http_status": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "The server answered with an error: HTTP {status} {reason}.")),
    "slow_down": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "{host} asked us to slow down; Newsreader tries again in {wait}.")),
    "cancelled": str(QT_TRANSLATE_NOOP("NetworkErrors", "Cancelled.")),
    "no_host": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "This address has no host name: {url}")),
    "invalid_url_detail": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "This is not a valid web address: {url} ({detail})")),
    "invalid_url": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "This is not a valid web address: {url}")),
    "unsupported_scheme": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "Only http and https addresses can be used, not {scheme}: {url}")),
    "name_not_found": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "The name {host} was not found: check the spelling, or whether you "
        "are online.")),
    "unreachable": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "Could not reach {host}: there is no network connection.")),
    "tls": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "A secure (https) connection could not be made ({detail}).")),
    "tls_host": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "A secure (https) connection to {host} could not be made.")),
    "proxy": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "The proxy failed while connecting to {host}.")),
    "refused": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "{host} refused the connection.")),
    "no_route": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "There is no route to {host}.")),
    "connect_timeout": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "{host} did not answer in time (connecting).")),
    "read_timeout": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "{host} stopped answering (waiting for the rest of the answer).")),
    "reset": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "{host} broke off the connection.")),
    "closed_early": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "{host} closed the connection before the answer was complete.")),
    "closed": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "{host} closed the connection without answering.")),
    "malformed": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "{host} sent an answer that is not valid HTTP.")),
    "connect_failed": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "Could not connect to {host} ({detail}).")),
    "not_an_image": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "This is not an image: {url}")),
    "no_scheme_worked": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "Could not reach {host}. Over https: {https_error} Over http: "
        "{http_error}")),
    "other": str(QT_TRANSLATE_NOOP(
        "NetworkErrors", "A network error occurred while talking to {host} ({detail}).")),
}  # fmt: skip


class _Keep(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(kind: str, values: dict[str, str]) -> str | None:
    source = MESSAGES.get(kind)
    if source is None:
        return None
    return QCoreApplication.translate(CONTEXT, source).format_map(_Keep(values))


def network_message(kind: str, params: Mapping[str, str]) -> str | None:
    """The sentence for `kind` in the UI language, or None for a kind without one."""
    values = dict(params)
    for name in ("https_error", "http_error"):  # texts of nested errors: translate them too
        if name in values:
            values[name] = describe_error_text(values[name])
    return _fill(kind, values)


def describe_network_error(error: NetworkError) -> str:
    """`error` in the user's language (its English text when it has no known kind)."""
    if len(error.causes) == 2 and error.kind == "no_scheme_worked":
        values = dict(error.params)
        values["https_error"], values["http_error"] = (
            describe_network_error(cause) for cause in error.causes
        )
        return _fill(error.kind, values) or str(error)
    return network_message(error.kind, error.params) or str(error)


def describe_error_text(text: str) -> str:
    """A stored English error text (a feed's `last_error`) in the user's language."""
    found = parse(text)
    if found is None:
        return text
    return network_message(*found) or text


def describe_offline_reason(text: str) -> str:
    """Why no feed at all could be reached, from one feed's error text. A name that was not
    found is then the network's doing, not a misspelt address: said as "no network connection"
    rather than "check the spelling"."""
    found = parse(text)
    if found is not None and found[0] == "name_not_found":
        return network_message("unreachable", found[1]) or text
    return describe_error_text(text)
