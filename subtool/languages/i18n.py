"""subtool's own words for people, in their language: gettext catalogs.

Messages are written in English in the code, marked with ``_()`` (and ``ngettext`` for
counts); ``subtool/locale/<lang>/LC_MESSAGES/subtool.po`` translates them (German for the
city's staff), compiled to ``.mo`` with Babel (``pybabel compile``, see the README). The
language is the project's ``ui-language`` setting, else the locale (``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as gettext reads them), else English. Rule ids,
file names and the words of subtitles are never translated.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "subtool"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE = "en"  # the language of the msgids

_state: dict[str, gettext.NullTranslations] = {}
# The language of ``_state["current"]`` and the messages looked up in it so far: a report of
# 100,000 problems asks for the same few messages 200,000 times.
_spoken: dict[str, str] = {}
_looked_up: dict[str, str] = {}


def available() -> tuple[str, ...]:
    """The languages subtool speaks: English and every compiled catalog."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (SOURCE, *found)


def use(lang: str | None = None) -> str:
    """Speak ``lang`` (a catalog's code, or None for the locale); the language chosen."""
    wanted = [lang.replace("-", "_")] if lang else None
    translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=wanted, fallback=True)
    _state["current"] = translation
    _looked_up.clear()
    if isinstance(translation, gettext.GNUTranslations):
        _spoken["language"] = translation.info().get("language", SOURCE).replace("_", "-") \
            or SOURCE
    else:
        _spoken["language"] = SOURCE
    return language()


def _current() -> gettext.NullTranslations:
    if "current" not in _state:
        use()
    return _state["current"]


def language() -> str:
    """The language messages are shown in now (``de``, ``en``)."""
    if "current" not in _state:
        use()
    return _spoken["language"]


def _(message: str) -> str:
    """``message`` in the current language."""
    found = _looked_up.get(message)
    if found is None:
        found = _looked_up[message] = _current().gettext(message)
    return found


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language."""
    return _current().ngettext(singular, plural, n)


def language_name(tag: str) -> str:
    """The name of the language ``tag`` in the current language (``Türkisch`` for German
    readers, ``Turkish`` for English ones), from the Unicode CLDR through Babel; the tag
    itself when CLDR does not know it."""
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415 - only reports need names

    try:
        names = Locale.parse(language().replace("-", "_")).languages
    except (ValueError, UnknownLocaleError):
        return tag
    primary = tag.replace("_", "-").split("-")[0].lower()
    return str(names.get(tag.replace("-", "_"), names.get(primary, tag)))


def script_name(code: str) -> str:
    """The name of the ISO 15924 script ``code`` in the current language (``Kyrillisch``
    for German readers, ``Cyrillic`` for English ones), from CLDR through Babel; the code
    itself when CLDR does not know it."""
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415 - only messages need names

    try:
        names = Locale.parse(language().replace("-", "_")).scripts
    except (ValueError, UnknownLocaleError):
        return code
    return str(names.get(code, code))


def decimal(value: float, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals as the reader writes numbers (``25,2`` in German,
    ``25.2`` in English; CLDR through Babel, which is imported only for other languages)."""
    if language() == SOURCE:
        return f"{value:.{digits}f}"
    from babel.numbers import format_decimal  # noqa: PLC0415

    pattern = "0." + "0" * digits if digits else "0"
    return str(format_decimal(value, format=pattern, locale=language().replace("-", "_")))
