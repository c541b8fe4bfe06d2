"""spelling: a word the language's Hunspell dictionary does not know (with suggestions).

Every word of the track is looked up in the Hunspell dictionary of its language: the
language file's ``[spelling] dictionary`` (``en_GB`` for the film's British English), or the
project's choice in ``[tool.subtool.spelling]`` (``en = "en_US"``). Dictionaries are
Debian's ``hunspell-*`` packages (``/usr/share/hunspell``) or any folder in ``$DICPATH``.

Accepted whatever the dictionary says: every word of the glossary (all statuses, all
languages, so names and organisations in every script), a glossary name with one of its
language's endings (``Евінгу``, ``Brackel'de``), the project's word list
``glossary/words-<lang>.txt`` (one word per line, ``#`` and the reason after it), and
hyphenated or elided words whose parts are known. SDH labels (``[Musik]``,
``(Sprecherin)``), numbers, web and e-mail addresses, and words with letters outside the
language's alphabet (a foreign name, another script) are not spelled.

A capitalised unknown word inside a sentence is most likely a name and is reported as
``info`` (except in German, where every noun is capitalised); any other unknown word is a
warning with the dictionary's first suggestions. Suggestions (computed for at most 25 new
words per language and run: each costs up to 0.7 s) are never applied automatically: a
dictionary gap (a rare compound, a colloquial form) gets misleading ones. Add such words
to the word list with the reason.

Where the dictionary is not installed the rule says so once per language and run (info)
and checks nothing else in that language. Off like any rule: ``spelling = "off"`` under
``[tool.subtool.rules]``.
"""

from __future__ import annotations

from collections.abc import Iterator

from subtool.core.model import Problem, Severity
from subtool.languages import lookup, primary
from subtool.languages.i18n import _
from subtool.rules.base import Context, Rule
from subtool.terms.spelling import Word, cues_to_spell, words


def check(ctx: Context) -> Iterator[Problem]:
    """Report unknown words, cue by cue."""
    if not ctx.lang or lookup(ctx.lang) is None:
        return
    lexicon = ctx.lexicon
    speller = lexicon.speller(ctx.lang)
    language = lookup(ctx.lang)
    assert language is not None
    capitalised_nouns = language.linebreak.capitalised_nouns
    name = lexicon.dictionary_name(ctx.lang)
    cues = ctx.cues
    for i in cues_to_spell(ctx.texts, ctx.all_text, speller.unknown, speller.pieces):
        for word in words(cues[i].text, speller.unknown):
            if speller.missing:
                break
            yield _report(ctx, i, word, speller.suggest(word.text), name,
                          named=word.text[:1].isupper() and not word.sentence_start
                          and not capitalised_nouns)
        if speller.missing:
            break
    code = primary(ctx.lang)
    if speller.missing and code not in lexicon.reported:
        lexicon.reported.add(code)
        package = language.spelling_package
        hint = _(" (Debian package {package})").format(package=package) if package else ""
        yield ctx.problem(None, _("no Hunspell dictionary {name} is installed{hint}: the "
                                  "spelling of this language is not checked").format(
                                      name=name, hint=hint), severity=Severity.INFO)


def _report(ctx: Context, i: int, word: Word, suggestions: list[str], name: str, *,
            named: bool) -> Problem:
    lang = ctx.lang or ""
    if named:
        message = _("{word!r} is not in the {dictionary} dictionary (a name? add it to the "
                    "glossary or to words-{lang}.txt)")
    elif suggestions:
        message = _("{word!r} is not in the {dictionary} dictionary; did you mean "
                    "{suggestions}? (a correct word: add it to words-{lang}.txt)")
    else:
        message = _("{word!r} is not in the {dictionary} dictionary (a correct word: add it "
                    "to words-{lang}.txt)")
    return ctx.problem(i, message.format(word=word.text, dictionary=name, lang=lang,
                                         suggestions=", ".join(suggestions)),
                       text_line=word.line, severity=Severity.INFO if named else None)


RULE = Rule("spelling", Severity.WARNING, "a word the language's Hunspell dictionary does not "
            "know (names: info)", check, __doc__ or "", learns=True)
