"""YouTube's answers checked against the shape the Data API documents, before any is used.

A proxy's login page (HTML with status 200), an answer cut off half-way, a list that is not
a list: none of them may pass for "the video has no caption tracks", because publish would
then upload every language again and make duplicates next to the tracks already online. So
every field the client reads goes through :func:`want`, which checks its type and names the
field that was wrong; a malformed answer is a :class:`~subtool.core.errors.PublishError`,
never "nothing there".

No Google library is imported here: the checks work on what ``json`` made of the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from subtool.core.errors import PublishError
from subtool.publish.plan import RemoteCaption

T = TypeVar("T")

# What a captions.list answer says it is (YouTube Data API v3, captionListResponse).
LIST_KIND = "youtube#captionListResponse"

ANSWER_HINT = ("if this computer reaches the internet through a proxy or a network login "
               "page (hotel, office, public Wi-Fi), open any web page in a browser, log in "
               "there, then run the same command again; otherwise try again later, and "
               "report this message if it stays")

_KINDS: dict[type, str] = {dict: "an object", list: "a list", str: "text",
                           bool: "true or false", int: "a number", float: "a number"}


def described(value: object) -> str:
    """What a JSON value is, in words (``a number``, ``null``, ``text "abc"``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"text {shown!r}"
    return _KINDS.get(type(value), type(value).__name__)


def want(value: object, kind: type[T], where: str, doing: str) -> T:
    """``value`` if it is a ``kind`` (for ``str``: not empty), else a PublishError saying
    that the field ``where`` of the answer to ``doing`` is something else."""
    wrong = not isinstance(value, kind) or (kind is not bool and isinstance(value, bool))
    if not wrong and kind is str and not value:
        wrong = True
    if wrong:
        got = "empty text" if value == "" else described(value)
        raise PublishError(
            f"YouTube's answer to {doing} cannot be used: {where} is {got}, where YouTube "
            f"sends {_KINDS.get(kind, kind.__name__)}; nothing was taken from it",
            hint=ANSWER_HINT)
    return value  # type: ignore[return-value]  # checked just above


def _optional(fields: Mapping[str, Any], key: str, kind: type[T], default: T, where: str,
              doing: str) -> T:
    value = fields.get(key)
    if value is None or (type(value) is type(default) and value == default):
        return default  # absent, null, or the default itself (a track name may be empty)
    return want(value, kind, f"{where}.{key}", doing)


def answer_object(answer: object, doing: str) -> dict[str, Any]:
    """The whole answer as a JSON object; text that is not JSON (a web page) is quoted."""
    if isinstance(answer, str):
        start = " ".join(answer.split())[:80]
        raise PublishError(
            f"the answer to {doing} is not a complete JSON object, as YouTube sends, but "
            f"text starting with {start!r}: a proxy or a network login page may have "
            "answered instead, or the answer was cut off",
            hint=ANSWER_HINT)
    return want(answer, dict, "the answer", doing)


def caption(item: object, where: str, doing: str) -> RemoteCaption:
    """One ``youtube#caption`` resource (``where`` names it in messages, "" for the whole
    answer): ``id`` and ``snippet.language`` must be text."""
    fields = want(item, dict, where or "the answer", doing)
    here = f"{where}.snippet" if where else "snippet"
    snippet = want(fields.get("snippet"), dict, here, doing)
    return RemoteCaption(
        caption_id=want(fields.get("id"), str, f"{where}.id" if where else "id", doing),
        language=want(snippet.get("language"), str, f"{here}.language", doing),
        name=_optional(snippet, "name", str, "", here, doing),
        track_kind=_optional(snippet, "trackKind", str, "standard", here, doing),
        is_draft=_optional(snippet, "isDraft", bool, False, here, doing),
        is_cc=_optional(snippet, "isCC", bool, False, here, doing))


def caption_list(answer: object, doing: str) -> list[RemoteCaption]:
    """A ``captions.list`` answer: its ``items``, each a caption resource.

    ``items`` may be missing only from an answer that says it is a caption list (an empty
    one); anywhere else a missing or malformed field is an error, not "no tracks".
    """
    body = answer_object(answer, doing)
    if "items" not in body and body.get("kind") == LIST_KIND:
        return []
    items = want(body.get("items"), list, "items", doing)
    return [caption(item, f"items[{n}]", doing) for n, item in enumerate(items)]
