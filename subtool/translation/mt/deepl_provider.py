"""``deepl``: the DeepL API through DeepL's official ``deepl`` package.

- Key from ``DEEPL_AUTH_KEY`` only (a key ending in ``:fx`` is a free-plan key; the package
  picks the free server for it). ``server_url`` points the package elsewhere (tests use a
  stand-in on 127.0.0.1).
- Glossary: when DeepL supports glossaries for the language pair
  (``/v2/glossary-language-pairs``), the approved terms are uploaded once as a DeepL glossary
  named after the glossary's version (``subtool <version> de→en``) and reused on later runs;
  DeepL then inflects the approved terms itself. For other pairs the engine protects them.
- Do-not-translate names travel as ``<x i="0">Dortmund</x>`` with ``tag_handling=xml`` and
  ``ignore_tags=x``: DeepL sees the name in its sentence but leaves it alone.
- Retries are the engine's (it honours Retry-After and shares one back-off among all
  workers), so the package's own retry loop is switched off and its timeout set to ours.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any

import deepl
import deepl.http_client

from subtool.core.errors import ProviderError
from subtool.core.secrets import short
from subtool.languages import lookup
from subtool.translation.mt.base import GlossarySupport, PlaceholderStyle, base_code, key_from_env
from subtool.translation.mt.http import retry_after_seconds

KEY_VARIABLE = "DEEPL_AUTH_KEY"
# DeepL accepts at most 50 texts per translate request.
MAX_TEXTS = 50
# DeepL's regional target codes: a tag that names one is sent as it is.
REGIONAL = ("pt-br", "en-us", "en-gb", "pt-pt", "zh-hans", "zh-hant")
# Plain PT is refused as a target; languages with a file say their own code (EN-GB).
_WITHOUT_FILE = {"pt": "PT-PT"}


def target_code(tag: str, english: str | None = None) -> str:
    """DeepL's target code for a BCP-47 tag: a regional tag as it is (``pt-BR`` →
    ``PT-BR``), else the code of the language's file (English: ``EN-GB``, unless the
    provider was told another variant)."""
    if tag.lower() in REGIONAL:
        return tag.upper()
    language = lookup(tag)
    if language is None:
        code = base_code(tag)
        return _WITHOUT_FILE.get(code, code.upper())
    own = language.providers["deepl"]
    if english is not None and own.upper().startswith(english[:2].upper() + "-"):
        return english
    return own


class DeepLProvider:
    """DeepL through the official package; one ``deepl.Translator`` per worker thread."""

    name = "deepl"
    placeholders: PlaceholderStyle = "xml"

    def __init__(self, *, server_url: str | None = None, env: Mapping[str, str] | None = None,
                 timeout: float = 30.0, max_concurrency: int = 4, max_batch: int = MAX_TEXTS,
                 english: str | None = None) -> None:
        key = key_from_env(os.environ if env is None else env, KEY_VARIABLE)
        if not key:
            raise ProviderError(f"the environment variable {KEY_VARIABLE} is not set",
                                provider=self.name, fatal=True,
                                hint=f"export {KEY_VARIABLE}=… with the key from your DeepL "
                                     "account (never put it in a file of the project)")
        self._key = key
        self.server_url = server_url
        self.max_concurrency = max_concurrency
        self.max_batch = min(max_batch, MAX_TEXTS)
        self.english = english
        # The package's retry loop would retry 429 without Retry-After and, behind ours,
        # multiply the attempts; its timeout is the floor of every request's timeout.
        deepl.http_client.max_network_retries = 0
        deepl.http_client.min_connection_timeout = timeout
        self._local = threading.local()
        self._glossaries: dict[tuple[str, str], str] = {}
        self._pairs: set[tuple[str, str]] | None = None

    def _translator(self) -> deepl.Translator:
        # requests.Session (inside deepl.Translator) is not documented as thread-safe, so each
        # worker thread has its own.
        translator: deepl.Translator | None = getattr(self._local, "translator", None)
        if translator is None:
            translator = deepl.Translator(self._key, server_url=self.server_url,
                                          send_platform_info=False)
            _watch_retry_after(translator, self._local)
            self._local.translator = translator
        return translator

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """One ``/v2/translate`` request with all ``texts``."""
        src, tgt = base_code(source), base_code(target)
        options: dict[str, Any] = {"tag_handling": "xml", "ignore_tags": ["x"]}
        glossary = self._glossaries.get((src, tgt))
        if glossary is not None:
            options["glossary"] = glossary
        self._local.retry_after = None
        try:
            results = self._translator().translate_text(
                texts, source_lang=src.upper(), target_lang=target_code(target, self.english),
                **options)
        except deepl.DeepLException as exc:
            raise self._error(exc) from None
        except ValueError as exc:
            raise ProviderError(f"request refused: {exc}", provider=self.name) from None
        out = results if isinstance(results, list) else [results]
        if len(out) != len(texts):
            raise ProviderError(f"answered {len(out)} translation(s) for {len(texts)} text(s)",
                                provider=self.name, retryable=True)
        return [r.text for r in out]

    def prepare_glossary(self, terms: Mapping[str, str], source: str, target: str,
                         version: str) -> GlossarySupport:
        """Upload the approved terms as a DeepL glossary if the pair supports one."""
        src, tgt = base_code(source), base_code(target)
        if not terms:
            return GlossarySupport()
        translator = self._translator()
        sent = 0
        try:
            if self._pairs is None:
                sent += 1
                self._pairs = {(p.source_lang.lower(), p.target_lang.lower())
                               for p in translator.get_glossary_languages()}
            if (src, tgt) not in self._pairs:
                return GlossarySupport(False, sent)
            name = f"subtool {version} {src}→{tgt}"
            sent += 1
            existing = [g for g in translator.list_glossaries()
                        if g.name == name and g.ready and g.source_lang.lower() == src
                        and g.target_lang.lower() == tgt]
            if existing:
                self._glossaries[(src, tgt)] = existing[0].glossary_id
            else:
                sent += 1
                created = translator.create_glossary(name, src, tgt, dict(terms))
                self._glossaries[(src, tgt)] = created.glossary_id
        except deepl.DeepLException as exc:
            raise self._error(exc) from None
        except ValueError as exc:  # a term DeepL's glossary format cannot hold (tab, newline)
            raise ProviderError(f"the glossary cannot be uploaded: {exc}",
                                provider=self.name) from None
        return GlossarySupport(True, sent)

    def _error(self, exc: deepl.DeepLException) -> ProviderError:
        status = exc.http_status_code
        retry_after = getattr(self._local, "retry_after", None)
        text = short(str(exc))
        if isinstance(exc, deepl.AuthorizationException):
            return ProviderError("the key was refused (HTTP 403)", provider=self.name,
                                 fatal=True, status=status,
                                 hint=f"check {KEY_VARIABLE} (the key of your DeepL account)")
        if isinstance(exc, deepl.QuotaExceededException):
            return ProviderError("the character quota of this billing period is used up",
                                 provider=self.name, fatal=True, status=status,
                                 hint="what arrived is saved; run again when the quota resets")
        if isinstance(exc, deepl.TooManyRequestsException) or status == 429:
            return ProviderError("too many requests (HTTP 429)", provider=self.name,
                                 retryable=True, retry_after=retry_after, status=status)
        if isinstance(exc, deepl.ConnectionException):
            return ProviderError(text, provider=self.name, retryable=True)
        if status is not None and status >= 500:
            return ProviderError(f"server error (HTTP {status})", provider=self.name,
                                 retryable=True,
                                 retry_after=retry_after if status == 503 else None,
                                 status=status)
        return ProviderError(text, provider=self.name, retryable=exc.should_retry,
                             status=status)


def _watch_retry_after(translator: deepl.Translator, local: threading.local) -> None:
    """Keep the Retry-After of the thread's last 429/503 answer where ``_error`` finds it.

    The package reports a 429 without its headers, and sends prepared requests (so session
    hooks do not run); wrapping the session's ``send`` sees every answer. Should a later
    package version rename the session, Retry-After is simply not honoured for DeepL and the
    engine's exponential back-off applies.
    """
    session = getattr(getattr(translator, "_client", None), "_session", None)
    send = getattr(session, "send", None)
    if send is None:
        return

    def watched(request: Any, **kwargs: Any) -> Any:
        response = send(request, **kwargs)
        if getattr(response, "status_code", 0) in (429, 503):
            local.retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        return response

    session.send = watched  # type: ignore[union-attr]
