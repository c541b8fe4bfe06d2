"""The publish record: which content is online on YouTube, under which caption id.

Kept in the project (``subtitles/state/youtube.json``, :data:`RECORD_PATH`) so that a
second publish sends only what changed, and so that git shows what went online and when::

    {
      "format": 1,
      "videos": {
        "VIDEO_ID": {
          "<language tag>": {
            "caption_id": "AUieDa…",
            "draft": false,
            "name": "Deutsch",
            "sha256": "3f1c…",
            "uploaded_at": "2025-03-01T09:30:00Z"
          }
        }
      }
    }

Plain JSON with sorted keys, two-space indent and a final newline: diff- and merge-friendly.
The record holds no token or key: there is no field for one, and a file with any field it
does not know is refused (so a token pasted into it is noticed, never carried along).

Everything here is pure: :func:`parse_record` and :func:`compose_record` work on text; the
caller reads and writes the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from subtool.core.errors import RecordError

RECORD_PATH = PurePosixPath("subtitles/state/youtube.json")
"""Where the project keeps the record, relative to the project folder."""

FORMAT = 1
_SHA256 = re.compile(r"[0-9a-f]{64}")
_FIELDS = ("caption_id", "draft", "name", "sha256", "uploaded_at")


@dataclass(frozen=True)
class PublishedTrack:
    """One caption track as it was uploaded: what is online for ``language`` of ``video_id``."""

    video_id: str
    language: str
    caption_id: str
    sha256: str
    name: str
    draft: bool
    uploaded_at: str
    """UTC, ISO 8601 with a ``Z`` (``2025-03-01T09:30:00Z``)."""


@dataclass(frozen=True)
class Record:
    """All published tracks, sorted by video id and language."""

    tracks: tuple[PublishedTrack, ...] = ()

    def __post_init__(self) -> None:
        # One order for equal records, whatever order they were built in.
        object.__setattr__(self, "tracks", _sorted(self.tracks))

    def get(self, video_id: str, language: str) -> PublishedTrack | None:
        """The entry for ``language`` of ``video_id``, if any."""
        for track in self.tracks:
            if track.video_id == video_id and track.language == language:
                return track
        return None

    def for_video(self, video_id: str) -> tuple[PublishedTrack, ...]:
        """Every entry of ``video_id``."""
        return tuple(t for t in self.tracks if t.video_id == video_id)

    def with_track(self, track: PublishedTrack) -> Record:
        """A record with ``track`` added, replacing the entry of its video and language."""
        kept = (t for t in self.tracks
                if (t.video_id, t.language) != (track.video_id, track.language))
        return Record((*kept, track))

    def without(self, video_id: str, language: str) -> Record:
        """A record without the entry for ``language`` of ``video_id``."""
        return Record(tuple(t for t in self.tracks
                            if (t.video_id, t.language) != (video_id, language)))


def _sorted(tracks: Iterable[PublishedTrack]) -> tuple[PublishedTrack, ...]:
    return tuple(sorted(tracks, key=lambda t: (t.video_id, t.language)))


def utc_timestamp(moment: datetime) -> str:
    """``moment`` as the record writes it: UTC, whole seconds, ``Z`` (``2025-03-01T09:30:00Z``)."""
    if moment.tzinfo is None:
        raise ValueError("a publish time must carry its time zone")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def compose_record(record: Record) -> str:
    """The record as the file's text (sorted keys, two-space indent, final newline)."""
    videos: dict[str, dict[str, dict[str, Any]]] = {}
    for t in record.tracks:
        videos.setdefault(t.video_id, {})[t.language] = {
            "caption_id": t.caption_id, "draft": t.draft, "name": t.name,
            "sha256": t.sha256, "uploaded_at": t.uploaded_at,
        }
    doc = {"format": FORMAT, "videos": videos}
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def parse_record(text: str, *, path: str = str(RECORD_PATH)) -> Record:
    """Read the record's text. An empty text is an empty record.

    Raises :class:`RecordError` with the file and line of the first thing that is wrong.
    """
    if not text.strip():
        return Record()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"the publish record is not valid JSON ({exc.msg})", path=path,
                          line=exc.lineno, hint=_REPAIR_HINT) from None
    where = _Locator(text, path)
    if not isinstance(doc, dict):
        raise where.error("the publish record must be a JSON object", ())
    if doc.get("format") != FORMAT:
        raise where.error(f"the publish record has format {doc.get('format')!r}; this "
                          f"subtool reads format {FORMAT}", ("format",))
    unknown = sorted(set(doc) - {"format", "videos"})
    if unknown:
        raise where.error(f"unknown field {unknown[0]!r} in the publish record", (unknown[0],))
    videos = doc.get("videos", {})
    if not isinstance(videos, dict):
        raise where.error("'videos' must map video ids to languages", ("videos",))
    tracks: list[PublishedTrack] = []
    for video_id, languages in videos.items():
        if not isinstance(languages, dict):
            raise where.error(f"video {video_id!r} must map languages to entries",
                              ("videos", video_id))
        for language, entry in languages.items():
            tracks.append(_entry(where, video_id, language, entry))
    return Record(tuple(tracks))


_REPAIR_HINT = ("repair the file by hand or restore it from git (`git checkout -- "
                "subtitles/state/youtube.json`); deleting it makes the next publish "
                "update every track once")


def _entry(where: _Locator, video_id: str, language: str, entry: Any) -> PublishedTrack:
    keys = ("videos", video_id, language)
    if not isinstance(entry, dict):
        raise where.error(f"the entry for {language!r} of video {video_id!r} must be an "
                          "object", keys)
    unknown = sorted(set(entry) - set(_FIELDS))
    if unknown:
        # The value is never quoted: a stray field may be a token someone pasted in.
        raise where.error(f"unknown field {unknown[0]!r} in the entry for {language!r}; "
                          f"allowed: {', '.join(_FIELDS)}", (*keys, unknown[0]))
    missing = [f for f in _FIELDS if f not in entry]
    if missing:
        raise where.error(f"the entry for {language!r} of video {video_id!r} lacks "
                          f"{missing[0]!r}", keys)
    for name in ("caption_id", "name", "sha256", "uploaded_at"):
        if not isinstance(entry[name], str) or not entry[name]:
            raise where.error(f"{name!r} of {language!r} must be a non-empty string",
                              (*keys, name))
    if not isinstance(entry["draft"], bool):
        raise where.error(f"'draft' of {language!r} must be true or false", (*keys, "draft"))
    if not _SHA256.fullmatch(entry["sha256"]):
        raise where.error(f"'sha256' of {language!r} must be 64 lowercase hexadecimal digits",
                          (*keys, "sha256"))
    if not _is_utc(entry["uploaded_at"]):
        raise where.error(f"'uploaded_at' of {language!r} must be a UTC time like "
                          "2025-03-01T09:30:00Z", (*keys, "uploaded_at"))
    return PublishedTrack(video_id=video_id, language=language,
                          caption_id=entry["caption_id"], sha256=entry["sha256"],
                          name=entry["name"], draft=entry["draft"],
                          uploaded_at=entry["uploaded_at"])


def _is_utc(value: str) -> bool:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return False
    return moment.utcoffset() is not None and moment.utcoffset() == UTC.utcoffset(None)


@dataclass(frozen=True)
class _Locator:
    """Finds the line of a key path in the record's text, for located errors."""

    text: str
    path: str

    def line_of(self, keys: tuple[str, ...]) -> int | None:
        # json keeps no positions: find each key's quoted name after the previous one's.
        at, line = 0, None
        for key in keys:
            found = self.text.find(json.dumps(key, ensure_ascii=False) + ":", at)
            if found < 0:
                found = self.text.find(json.dumps(key, ensure_ascii=False), at)
            if found < 0:
                break
            at = found + 1
            line = self.text.count("\n", 0, found) + 1
        return line

    def error(self, message: str, keys: tuple[str, ...]) -> RecordError:
        return RecordError(message, path=self.path, line=self.line_of(keys) or 1,
                           hint=_REPAIR_HINT)

