"""The files of ``subtool publish``: the build's manifest and the publish record."""

from __future__ import annotations

import json
from pathlib import Path

from subtool.config import Settings
from subtool.core.errors import ContentError, UsageError
from subtool.project.files import read_bytes, write_atomic
from subtool.publish.plan import PublishTrack
from subtool.publish.record import RECORD_PATH, Record, compose_record, parse_record


def record_path(settings: Settings) -> Path:
    """Where the project records what is online (``subtitles/state/youtube.json``)."""
    return settings.root / RECORD_PATH


def read_record(settings: Settings) -> Record:
    """The publish record (empty before the first publish)."""
    path = record_path(settings)
    if not path.is_file():
        return Record()
    return parse_record(read_bytes(path).decode("utf-8", errors="replace"), path=str(path))


def save_record(settings: Settings, record: Record) -> None:
    """Write the record atomically (after every track YouTube accepted)."""
    write_atomic(record_path(settings), compose_record(record).encode("utf-8"))


def built_tracks(settings: Settings) -> list[PublishTrack]:
    """The tracks of the last ``subtool build``, from its manifest, with their files."""
    folder = settings.path(settings.output)
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        raise UsageError("there is no build to publish", path=str(manifest),
                         hint="run subtool build first")
    try:
        doc = json.loads(read_bytes(manifest).decode("utf-8"))
        entries = [(t["language"], t["name"], t["srt"], t["status"], bool(t.get("master")))
                   for t in doc["tracks"]]
    except (ValueError, KeyError, TypeError):
        raise ContentError("is not a manifest subtool wrote (or one of an older version)",
                           path=str(manifest), hint="run subtool build again") from None
    return [PublishTrack(language=lang, name=name, file_name=srt,
                         content=read_bytes(folder / srt), status=status, is_master=master)
            for lang, name, srt, status, master in entries]
