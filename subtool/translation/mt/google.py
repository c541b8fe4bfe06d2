"""``google``: Google Translate's free mobile page, through deep-translator's GoogleTranslator.

No key and no glossary. The page takes one text per request, so ``max_batch`` is 1 and the
engine's concurrency limit is kept low (2) to stay a polite client of a free service.
Protected terms travel as ``⟦0⟧`` tokens, which the page copies unchanged.

deep-translator calls ``requests.get`` without a timeout, so each request runs in a helper
thread that the provider waits for at most ``timeout`` seconds; a request still hanging then
is abandoned (its thread ends when the server finally answers or closes) and reported as a
retryable timeout. ``base_url`` replaces the page's address (tests point it at a stand-in
on 127.0.0.1 that answers like the page).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Mapping
from typing import Any

from subtool.core.errors import ProviderError
from subtool.core.secrets import short
from subtool.translation.mt.base import GlossarySupport, PlaceholderStyle

# Google's codes where they differ from BCP-47 primary tags.
GOOGLE_CODES = {"he": "iw", "zh": "zh-CN", "zh-hans": "zh-CN", "zh-hant": "zh-TW"}
# The page refuses longer texts (deep-translator checks the same limit).
MAX_CHARS = 5000


def google_code(tag: str) -> str:
    """Google's code for a BCP-47 tag."""
    lower = tag.lower()
    return GOOGLE_CODES.get(lower) or GOOGLE_CODES.get(lower.split("-")[0]) \
        or lower.split("-")[0]


class GoogleProvider:
    """Google Translate (free mobile page) via ``deep_translator.GoogleTranslator``."""

    name = "google"
    placeholders: PlaceholderStyle = "token"
    max_batch = 1

    def __init__(self, *, base_url: str | None = None, timeout: float = 30.0,
                 max_concurrency: int = 2) -> None:
        try:
            module: Any = importlib.import_module("deep_translator")
            self._requests: Any = importlib.import_module("requests")
            self._errors: Any = importlib.import_module("deep_translator.exceptions")
        except ImportError:
            raise ProviderError("the package deep-translator is not installed",
                                provider=self.name, fatal=True,
                                hint="pip install deep-translator") from None
        self._translator_class: Any = module.GoogleTranslator
        self.base_url = base_url
        self.timeout = timeout
        self.max_concurrency = max_concurrency

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """One request per text (``max_batch`` is 1, so normally one text)."""
        return [self._one(text, source, target) for text in texts]

    def _one(self, text: str, source: str, target: str) -> str:
        if len(text) >= MAX_CHARS:
            raise ProviderError(f"a text of {len(text)} characters is over the page's limit "
                                f"of {MAX_CHARS}", provider=self.name)
        result: list[Any] = []
        failure: list[BaseException] = []

        def work() -> None:
            try:
                # A new translator per request: GoogleTranslator keeps the text in instance
                # state, so one instance must not serve two threads.
                translator = self._translator_class(source=google_code(source),
                                                    target=google_code(target))
                if self.base_url is not None:
                    # deep-translator fixes the page address in the constructor; this is the
                    # only way to point it at another server.
                    translator._base_url = self.base_url
                result.append(translator.translate(text))
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
                failure.append(exc)

        worker = threading.Thread(target=work, name="subtool-google", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            raise ProviderError(f"no answer within {self.timeout:g} s", provider=self.name,
                                retryable=True)
        if failure:
            raise self._error(failure[0]) from None
        translated = result[0] if result else None
        # deep-translator returns None (or the text) when the page echoes the input: a name
        # or a number needs no translation.
        return translated if isinstance(translated, str) and translated else text

    def _error(self, exc: BaseException) -> ProviderError:
        errors = self._errors
        if isinstance(exc, errors.TooManyRequests):
            return ProviderError("too many requests (HTTP 429)", provider=self.name,
                                 retryable=True, status=429)
        if isinstance(exc, errors.RequestError):
            return ProviderError("the page answered with an error status", provider=self.name,
                                 retryable=True)
        if isinstance(exc, errors.TranslationNotFound | errors.ElementNotFoundInGetRequest):
            # The page came back without its result element: a changed or garbled page.
            return ProviderError("the answer holds no translation", provider=self.name,
                                 retryable=True)
        if isinstance(exc, self._requests.exceptions.RequestException | OSError):
            return ProviderError(f"connection failed: {short(type(exc).__name__)}",
                                 provider=self.name, retryable=True)
        if isinstance(exc, errors.BaseError | errors.LanguageNotSupportedException):
            return ProviderError(short(str(getattr(exc, "message", exc))), provider=self.name)
        return ProviderError(f"unexpected failure: {type(exc).__name__}: {short(str(exc))}",
                             provider=self.name)

    def prepare_glossary(self, terms: Mapping[str, str], source: str, target: str,
                         version: str) -> GlossarySupport:
        """The free page has no glossaries: the engine protects approved terms."""
        return GlossarySupport()
