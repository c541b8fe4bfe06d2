"""The files behind the language tools: word caches, Hunspell dictionaries, project word lists.

**Word caches.** What a field library said about a word (its lemma keys, whether a
dictionary knows it, its suggestions) is kept in one JSON file per kind, language and
method, ``<cache>/morph-<lang>-<tag>.json`` and ``spell-<lang>-<tag>.json``: loading the
libraries costs 0.1–7 s per language, looking a word up in the cache microseconds. The tag
is a hash of the method and of the installed libraries and dictionaries (their file sizes
and times), so an upgrade starts a new file. The folder is ``$SUBTOOL_CACHE_DIR`` if set,
else the project's ``.subtool-cache/`` (ignored by git), else the user's cache folder
(``$XDG_CACHE_HOME/subtool`` or ``~/.cache/subtool``). The files only speed things up:
deleting them is always safe, a damaged one is ignored, and two runs writing at once lose
at most some words (each write is atomic and merges with what is on disk).

**Dictionaries** are found by name in ``$DICPATH`` (Hunspell's own variable), then
``/usr/share/hunspell`` and ``/usr/share/myspell`` (Debian's ``hunspell-*`` packages).

**Word lists**: ``words-<lang>.txt`` beside the glossary, one accepted word per line, ``#``
starts a comment (the reason the word is accepted).
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import zlib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from subtool.config import Settings
from subtool.core.errors import SubtoolError
from subtool.languages.usercache import CACHE_ENV, user_cache_folder
from subtool.project.files import read_utf8, write_atomic
from subtool.terms.lexicon import Lexicon

PROJECT_CACHE = ".subtool-cache"
SYSTEM_DICTIONARY_DIRS = ("/usr/share/hunspell", "/usr/share/myspell",
                          "/usr/share/myspell/dicts")
# The packages whose installed version the cached keys depend on (import names).
_LIBRARIES = ("simplemma", "Stemmer", "pymorphy3", "pymorphy3_dicts_ru", "hunspell")


def cache_folder(settings: Settings) -> Path | None:
    """Where the word caches live (see the module docstring); None for a user without a
    home folder and no ``$HOME`` (a container run under an arbitrary user id): the words
    are then kept for the run only, since a cache only saves time."""
    if settings.source is not None and not os.environ.get(CACHE_ENV):
        return settings.root / PROJECT_CACHE
    return user_cache_folder()


def dictionary_dirs() -> tuple[str, ...]:
    """The folders searched for Hunspell dictionaries, ``$DICPATH`` first."""
    extra = [d for d in os.environ.get("DICPATH", "").split(os.pathsep) if d]
    return tuple(dict.fromkeys([*extra, *SYSTEM_DICTIONARY_DIRS]))


@lru_cache(maxsize=1)
def _library_stamp() -> str:
    # importlib.metadata costs ~60 ms to import; a spec's file time says as much and
    # find_spec does not import the library.
    out = []
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            out.append(f"{name}:{int(Path(spec.origin).stat().st_mtime)}")
    return ",".join(out)


@lru_cache(maxsize=64)
def _dictionary_stamp(name: str, folders: tuple[str, ...]) -> str:
    for folder in folders:
        dic, aff = Path(folder) / f"{name}.dic", Path(folder) / f"{name}.aff"
        try:
            return f"{folder}:{dic.stat().st_size}:{int(dic.stat().st_mtime)}" \
                   f":{aff.stat().st_size}:{int(aff.stat().st_mtime)}"
        except OSError:
            continue
    return "missing"


class FileStore:
    """A ``WordStore`` in JSON files of one folder."""

    def __init__(self, folder: Path, folders: tuple[str, ...]) -> None:
        self.folder = folder
        self.dictionary_folders = folders

    def _path(self, kind: str, lang: str, method: str) -> Path:
        dictionary = method.rsplit("|", 1)[-1]
        files = _dictionary_stamp(dictionary, self.dictionary_folders)
        stamp = f"{method}|{_library_stamp()}|{files}"
        # Two checksums of the stamp: a new tag whenever it changes (a cache file's name,
        # not a secret), without the start-up cost of hashlib's OpenSSL module.
        data = stamp.encode("utf-8")
        tag = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
        return self.folder / f"{kind}-{lang}-{tag}.json"

    def load(self, kind: str, lang: str, method: str) -> dict[str, list[str]]:
        """The stored words (empty when there is no file, or a damaged one)."""
        path = self._path(kind, lang, method)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, ValueError):
            return {}
        import json  # noqa: PLC0415 - only with a cache file: a first check goes without
        try:
            data = json.loads(text)
        except ValueError:
            return {}
        if not isinstance(data, dict):
            return {}
        return {w: k for w, k in data.items() if isinstance(w, str) and isinstance(k, list)}

    def save(self, kind: str, lang: str, method: str, words: Mapping[str, list[str]]) -> None:
        """Merge ``words`` into the file (atomically); a cache that cannot be written is
        skipped silently (it only costs time on the next run)."""
        import json  # noqa: PLC0415 - see load
        merged = {**self.load(kind, lang, method), **words}
        data = json.dumps(merged, ensure_ascii=False, sort_keys=True).encode("utf-8")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._path(kind, lang, method), data)
        except (OSError, SubtoolError):
            return


def word_list(path: Path) -> frozenset[str]:
    """The words of a project word list (``#`` comments and blank lines skipped)."""
    if not path.is_file():
        return frozenset()
    words = set()
    for line in read_utf8(path, what="word list").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            words.add(entry)
    return frozenset(words)


def word_list_path(settings: Settings, lang: str) -> Path | None:
    """``words-<lang>.txt`` beside the project's glossary (None without a glossary)."""
    if settings.glossary is None:
        return None
    return settings.path(settings.glossary).parent / f"words-{lang}.txt"


_LEXICONS: dict[tuple[Path | None, tuple[tuple[str, str], ...], frozenset[str]], Lexicon] = {}


def project_lexicon(settings: Settings, glossary_words: frozenset[str] = frozenset(),
                    names: frozenset[str] = frozenset()) -> Lexicon:
    """The language tools of this run for the project: caches, dictionaries, the project's
    spelling variants and accepted words (``glossary_words``: every word of the glossary;
    ``names``: those of its names, which also count inflected).
    One per project and glossary in a process; what it learned is saved when the command
    ends."""
    key = (cache_folder(settings), tuple(sorted(settings.spelling.items())), glossary_words)
    if key not in _LEXICONS:
        folders = dictionary_dirs()
        languages = {settings.master_language, *settings.languages}
        accepted: dict[str, frozenset[str]] = {}
        for lang in languages:
            listed = word_list_path(settings, lang)
            accepted[lang.split("-")[0].lower()] = (
                word_list(listed) if listed is not None else frozenset())
        store = FileStore(key[0], folders) if key[0] is not None else None
        lexicon = Lexicon(store=store, dictionary_dirs=folders,
                          variants=settings.spelling, accepted=accepted, common=glossary_words,
                          names=names)
        atexit.register(lexicon.save)
        _LEXICONS[key] = lexicon
    return _LEXICONS[key]
