"""Machine-translation drafts: providers behind one small interface, and the engine.

- :mod:`subtool.translation.mt.base`: the :class:`Provider` protocol, :class:`ProviderError`,
  :class:`RetryPolicy`, secret redaction.
- Providers: ``google`` (deep-translator), ``deepl`` (the official ``deepl`` package),
  ``libre`` (self-hosted LibreTranslate, our own small client), ``pseudo`` (offline
  pseudo-localisation). :func:`create_provider` makes one by name; the service libraries are
  imported only then, so nothing else in subtool pays for them.
- :mod:`subtool.translation.mt.engine`: :func:`draft`, the flow for one language.
- :mod:`subtool.translation.mt.memory`: the on-disk translation memory.

API keys are read only from environment variables (``DEEPL_AUTH_KEY``,
``LIBRETRANSLATE_API_KEY``) and never appear in any message, log or file.
"""

from __future__ import annotations

from collections.abc import Mapping

from subtool.core.errors import DraftIncompleteError, ProviderError
from subtool.translation.mt.base import GlossarySupport, Provider, RetryPolicy
from subtool.translation.mt.engine import Drafted, draft
from subtool.translation.mt.memory import TranslationMemory, memory_key

PROVIDERS = ("google", "deepl", "libre", "pseudo")

__all__ = ["PROVIDERS", "DraftIncompleteError", "Drafted", "GlossarySupport", "Provider",
           "ProviderError", "RetryPolicy", "TranslationMemory", "create_provider", "draft",
           "memory_key"]


def create_provider(name: str, *, url: str | None = None, timeout: float = 30.0,
                    max_concurrency: int | None = None,
                    env: Mapping[str, str] | None = None) -> Provider:
    """The provider ``name`` (one of :data:`PROVIDERS`).

    ``url``: the LibreTranslate server (required for ``libre``), or another server for
    ``deepl`` and ``google`` (tests). ``max_concurrency`` overrides the provider's default.
    ``env`` is where API keys are read from (default ``os.environ``). Raises
    :class:`ProviderError` for an unknown name, a missing key or a missing package.
    """
    provider: Provider
    if url and name != "pseudo":
        from subtool.translation.mt.http import check_url  # noqa: PLC0415

        check_url(url, provider=name)
    if name == "pseudo":
        from subtool.translation.mt.pseudo import PseudoProvider  # noqa: PLC0415

        provider = PseudoProvider()
    elif name == "libre":
        from subtool.translation.mt.libre import LibreProvider  # noqa: PLC0415

        if not url:
            raise ProviderError("needs the URL of the LibreTranslate server", provider=name,
                                fatal=True, hint="set the server URL in the configuration")
        provider = LibreProvider(url, env=env, timeout=timeout)
    elif name == "deepl":
        try:
            from subtool.translation.mt.deepl_provider import DeepLProvider  # noqa: PLC0415
        except ImportError:
            raise ProviderError("the package deepl is not installed", provider=name,
                                fatal=True, hint="pip install deepl") from None
        provider = DeepLProvider(server_url=url, env=env, timeout=timeout)
    elif name == "google":
        from subtool.translation.mt.google import GoogleProvider  # noqa: PLC0415

        provider = GoogleProvider(base_url=url, timeout=timeout)
    else:
        raise ProviderError(f"unknown provider; use one of {', '.join(PROVIDERS)}",
                            provider=name, fatal=True)
    if max_concurrency is not None:
        provider.max_concurrency = max(1, max_concurrency)
    return provider
