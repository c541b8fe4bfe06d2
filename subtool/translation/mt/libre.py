"""``libre``: a self-hosted LibreTranslate server, through a small client of our own.

Why not deep-translator's ``LibreTranslator``: it puts the API key in the URL (where proxies
and server logs keep it), sends one request per text, and refuses ``uk`` from a stale
language list. This client posts JSON to ``<url>/translate`` with ``q`` as a list of texts,
the key in the body (``api_key``, from ``LIBRETRANSLATE_API_KEY``; optional, a self-hosted
server may run without keys), and lets the server say which languages it has.

API (LibreTranslate 1.x): ``POST /translate`` ``{"q": [...], "source": "<code>", "target": "<code>",
"format": "text", "api_key": "..."}`` → ``{"translatedText": [...]}``; errors are
``{"error": "..."}`` with 400 (bad request, unsupported language), 403 (key), 429 (slow
down), 500. ``GET /languages`` → ``[{"code": "<code>", "name": "<English name>",
"targets": [...]}]``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from subtool.core.errors import ProviderError
from subtool.translation.mt.base import GlossarySupport, PlaceholderStyle, base_code, key_from_env
from subtool.translation.mt.http import check_url, request_json, where

KEY_VARIABLE = "LIBRETRANSLATE_API_KEY"
DEFAULT_URL = "http://127.0.0.1:5000"


class LibreProvider:
    """LibreTranslate at ``url`` (the server's root, e.g. ``http://translate.example:5000``)."""

    name = "libre"
    placeholders: PlaceholderStyle = "token"

    def __init__(self, url: str = DEFAULT_URL, *, env: Mapping[str, str] | None = None,
                 timeout: float = 30.0, max_concurrency: int = 4, max_batch: int = 25) -> None:
        check_url(url, provider=self.name)
        self.url = url.rstrip("/")
        self.timeout = timeout
        # A self-hosted server on a small machine: a few requests at once keep it busy
        # without queueing behind each other (LibreTranslate runs one model per worker).
        self.max_concurrency = max_concurrency
        self.max_batch = max_batch
        self._key = key_from_env(os.environ if env is None else env, KEY_VARIABLE)

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """One ``POST /translate`` with all ``texts`` as a list."""
        body: dict[str, object] = {"q": list(texts), "source": base_code(source),
                                   "target": base_code(target), "format": "text"}
        if self._key:
            body["api_key"] = self._key
        answer = request_json("POST", f"{self.url}/translate", provider=self.name,
                              timeout=self.timeout, body=body)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]  # older servers answer a one-item list with a string
        if not isinstance(translated, list) or len(translated) != len(texts) \
                or not all(isinstance(t, str) for t in translated):
            raise ProviderError(f"the answer of {where(self.url)}/translate has no translatedText "
                                f"list of {len(texts)} text(s)", provider=self.name,
                                retryable=True)
        return [str(t) for t in translated]

    def languages(self) -> dict[str, tuple[str, ...]]:
        """The server's languages: code → the codes it translates into (``GET /languages``)."""
        answer = request_json("GET", f"{self.url}/languages", provider=self.name,
                              timeout=self.timeout)
        if not isinstance(answer, list):
            raise ProviderError(f"{where(self.url)}/languages did not answer with a list",
                                provider=self.name, retryable=True)
        out: dict[str, tuple[str, ...]] = {}
        for item in answer:
            if isinstance(item, dict) and isinstance(item.get("code"), str):
                targets = item.get("targets")
                out[item["code"]] = tuple(t for t in targets if isinstance(t, str)) \
                    if isinstance(targets, list) else ()
        return out

    def prepare_glossary(self, terms: Mapping[str, str], source: str, target: str,
                         version: str) -> GlossarySupport:
        """LibreTranslate has no glossaries: the engine protects approved terms."""
        return GlossarySupport()
