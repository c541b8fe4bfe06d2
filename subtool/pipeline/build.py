"""``subtool build``: the whole flow for every language of the film project.

load → check (translations against the master) → export → report. Files are read at the
start; ``build`` returns every output as bytes and ``write_outputs`` writes them at the end,
each atomically, leaving files whose content did not change untouched.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from subtool.config import Settings
from subtool.core.errors import ConfigError, ContentError, UsageError
from subtool.core.model import Problem, Severity, Track
from subtool.engine import terminology
from subtool.engine.check import Options, check_track, load_glossary, load_state, make_context
from subtool.engine.fix import export_rules, fix_track
from subtool.formats import compose, read_track
from subtool.profiles import Limits
from subtool.project.files import write_atomic
from subtool.render import export
from subtool.render.build_report import LanguageResult, render_html, render_markdown
from subtool.rules import Context
from subtool.terms.glossary import Glossary

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    """The outcome of a build: per-language results and every output file's content."""

    languages: tuple[LanguageResult, ...]
    files: dict[str, bytes] = field(default_factory=dict)
    output: Path = Path("dist")
    complete: bool = True

    @property
    def ready(self) -> bool:
        """Whether every built track can be published."""
        return all(r.ready for r in self.languages)


def _languages(settings: Settings, wanted: Sequence[str]) -> list[str]:
    every = [settings.master_language, *settings.languages]
    if not wanted:
        return every
    unknown = [lang for lang in wanted if lang not in every]
    if unknown:
        raise UsageError(f"--lang: {', '.join(unknown)} is not a language of this project",
                         hint="the project's languages: " + ", ".join(every))
    return [lang for lang in every if lang in wanted]


def _load(settings: Settings, lang: str, path: Path) -> tuple[Track, tuple[Problem, ...]]:
    shown = str(path.relative_to(settings.root)) if path.is_relative_to(settings.root) \
        else str(path)
    if not path.is_file():
        return Track(()), (Problem(
            shown, "missing-translation", Severity.ERROR, None, None,
            f"the track file {shown} does not exist: add the {lang} translation, or remove "
            f"{lang!r} from 'languages' in the project configuration"),)
    return read_track(path, frame_rate=settings.frame_rate), ()


def build(settings: Settings, *, langs: Sequence[str] = (), strict: bool = False,
          progress: Progress | None = None) -> BuildResult:
    """Check and export the project's tracks; nothing is written here."""
    note = progress or (lambda _step: None)
    if settings.master_path is None:
        raise ConfigError("no master subtitle file is configured", path=settings.source,
                          key="tool.subtool.master", hint='add master = "subtitles/de.srt"')
    if not settings.master_path.is_file():
        raise ConfigError(f"the master file {settings.master} does not exist",
                          path=settings.source, key="tool.subtool.master")
    chosen = _languages(settings, langs)
    blocking = Severity.WARNING if strict else Severity.ERROR
    note(f"reading {settings.master}")
    master = read_track(settings.master_path, frame_rate=settings.frame_rate)
    glossary = load_glossary(settings, Options())
    results = []
    for lang in chosen:
        is_master = lang == settings.master_language
        path = settings.master_path if is_master else settings.track_path(lang)
        note(f"checking {lang}")
        track, missing = (master, ()) if is_master else _load(settings, lang, path)
        shown = str(path.relative_to(settings.root)) if path.is_relative_to(settings.root) \
            else str(path)
        problems = missing or check_track(
            shown, track, lang=lang, settings=settings, options=Options(),
            master=None if is_master else master, master_lang=settings.master_language,
            glossary=glossary, state=None if is_master else load_state(settings, lang))
        results.append(LanguageResult(lang, shown, is_master, track, problems, blocking))
    note("exporting")
    exported, fixes = _safe_fixes(settings, results, glossary)
    extra_md = "".join(f"- {lang}: {summary}\n" for lang, summary in fixes.items())
    if extra_md:
        extra_md = ("## Fixed in the exported files\n\nThe source files are unchanged; run "
                    "`subtool fix` to apply these to them.\n\n" + extra_md + "\n")
    extra_html = "".join(f"<li><code>{lang}</code>: {html.escape(summary)}</li>"
                         for lang, summary in fixes.items())
    if extra_html:
        extra_html = ("<h2>Fixed in the exported files</h2><p>The source files are unchanged; "
                      "run <code>subtool fix</code> to apply these to them.</p>"
                      f"<ul>{extra_html}</ul>")
    if glossary is not None:
        translations = [(r.lang, r.track) for r in results if not r.is_master]
        rows = terminology.matrix(glossary, master, translations)
        langs_ = [lang for lang, _ in translations]
        extra_md += terminology.render_markdown(rows, langs_)
        extra_html += terminology.render_html(rows, langs_)
    files = _export(settings, results, exported, complete=not langs,
                    appendix=(extra_md, extra_html))
    return BuildResult(tuple(results), files, settings.path(settings.output), not langs)


def _safe_fixes(settings: Settings, results: Sequence[LanguageResult],
                glossary: Glossary | None) -> tuple[dict[str, Track], dict[str, str]]:
    """The tracks as exported: the fixes that change neither timing nor layout applied
    (house style on the master, RLM, typography…); the source files are not touched."""
    rules = export_rules()
    exported: dict[str, Track] = {}
    summaries: dict[str, str] = {}
    for r in results:
        def context(track: Track, r: LanguageResult = r) -> Context:
            return make_context(r.path, track, lang=r.lang, settings=settings,
                                options=Options(), glossary=glossary)
        fixed = fix_track(r.track, context, rules) if r.track.cues else None
        exported[r.lang] = fixed.track if fixed is not None else r.track
        if fixed is not None and fixed.changed:
            summaries[r.lang] = fixed.summary()
    return exported, summaries


def _export(settings: Settings, results: Sequence[LanguageResult],
            exported: dict[str, Track], *, complete: bool,
            appendix: tuple[str, str] = ("", "")) -> dict[str, bytes]:
    slug, title = settings.slug, settings.title
    files: dict[str, str] = {}
    entries = []
    for r in results:
        names = {ext: f"{slug}.{r.lang}.{ext}" for ext in ("srt", "vtt", "txt")}
        track = exported[r.lang]
        files[names["srt"]] = export.srt_text(track, r.lang)
        files[names["vtt"]] = export.vtt_text(track, r.lang, title)
        files[names["txt"]] = export.transcript_text(track, r.lang, title)
        entries.append(export.TrackEntry(r.lang, names["srt"], names["vtt"], names["txt"],
                                         len(r.track.cues), r.ready, r.errors, r.warnings))
    transcript = f"{slug}.transcript.html"
    files[transcript] = export.transcript_html([(r.lang, exported[r.lang]) for r in results],
                                               title, settings.master_language)
    extra = {"transcript_html": transcript, "report_html": "report.html",
             "report_md": "report.md", "upload_sheet": "youtube-upload.csv"}
    files["manifest.json"] = export.manifest_json(entries, title=title, slug=slug,
                                                  complete=complete, extra=extra)
    files["youtube-upload.csv"] = export.upload_csv(entries)
    files["report.md"] = render_markdown(results, title=title, changes=appendix[0])
    files["report.html"] = render_html(results, title=title, changes_html=appendix[1])
    return {name: text.encode("utf-8") for name, text in files.items()}


def write_outputs(result: BuildResult) -> tuple[list[str], list[str]]:
    """Write every output atomically; return (written, unchanged) file names."""
    written, unchanged = [], []
    for name, data in result.files.items():
        if write_atomic(result.output / name, data, only_if_changed=True):
            written.append(name)
        else:
            unchanged.append(name)
    return written, unchanged


def _needs_drafts(master: Track, track: Track | None, settings: Settings, lang: str) -> bool:
    """Whether a language has cues a machine may draft (see ``state.drafts_needed``)."""
    from subtool.core.align import align  # noqa: PLC0415
    from subtool.translation.state import drafts_needed, load  # noqa: PLC0415

    if track is None:
        return True
    alignment = align(master.cues, track.cues)
    if any(not t for t in alignment.translation_for):
        return True  # a master cue has no translated cue at all
    return bool(drafts_needed(load(settings.state_path(lang)), track, master, alignment))


@dataclass(frozen=True)
class LanguageDraft:
    """What ``translate_project`` did for one language."""

    lang: str
    drafted: tuple[int, ...]
    requests: int
    from_memory: int
    missing: tuple[int, ...]


def translate_project(settings: Settings, langs: Sequence[str], *, provider_name: str | None = None,
                      url: str | None = None, force: bool = False,
                      progress: Callable[[str, int, int], None] | None = None,
                      ) -> list[LanguageDraft]:
    """Fill the cues of ``langs`` that have no translation (and stale machine drafts) with
    machine drafts, recorded as such in the translation state.

    People's cues are never touched unless ``force`` (the caller keeps a backup). Each
    language's track and state are written as soon as it is drafted, so a failure in one
    language keeps what the others (and the memory) already hold; the first failure is
    raised after that.
    """
    from subtool.layout.reflow import reflow  # noqa: PLC0415
    from subtool.profiles import limits_for  # noqa: PLC0415
    from subtool.translation import state as state_module  # noqa: PLC0415
    from subtool.translation.mt import create_provider  # noqa: PLC0415
    from subtool.translation.mt.engine import draft  # noqa: PLC0415
    from subtool.translation.mt.memory import Memory  # noqa: PLC0415

    if settings.master_path is None or not settings.master_path.is_file():
        raise ConfigError("no master subtitle file to translate from", path=settings.source,
                          key="tool.subtool.master")
    unknown = [lang for lang in langs if lang not in settings.languages]
    if unknown:
        raise UsageError(f"--to: {', '.join(unknown)} is not a translation of this project",
                         hint="the project's languages: " + ", ".join(settings.languages))
    from subtool.config import PROVIDERS  # noqa: PLC0415

    if provider_name is not None and provider_name not in PROVIDERS:
        raise UsageError(f"--provider: unknown provider {provider_name!r}",
                         hint="allowed values: " + ", ".join(PROVIDERS))
    master = read_track(settings.master_path, frame_rate=settings.frame_rate)
    tracks = {lang: read_track(settings.track_path(lang), frame_rate=settings.frame_rate)
              if settings.track_path(lang).is_file() else None for lang in langs}
    if not force and not any(_needs_drafts(master, tracks[lang], settings, lang)
                             for lang in langs):
        # Nothing to draft: no provider, memory or glossary to set up (a repeated
        # `build --translate` then costs what a plain build costs).
        return [LanguageDraft(lang, (), 0, 0, ()) for lang in langs]
    options = settings.translate
    provider = create_provider(provider_name or options.provider, url=url or options.url,
                               timeout=options.timeout, max_concurrency=options.concurrency)
    glossary = load_glossary(settings, Options())
    memory = Memory(settings.path(options.memory))
    done = []
    for lang in langs:
        path = settings.track_path(lang)
        track = tracks[lang]
        if track is not None and any(d.rule == "parse-error" for d in track.diagnostics):
            raise ContentError(f"not translated: {lang} has parse errors, and writing it would "
                               "lose the cues that could not be read", path=str(path),
                               hint="fix them first (subtool check)")
        limits = limits_for(settings.profile, lang, settings.limits)

        def lines(text: str, lang: str = lang, limits: Limits = limits) -> str:
            return reflow(text, lang, limits.max_chars, limits.max_lines) or text

        def report(done_: int, total: int, lang: str = lang) -> None:
            if progress is not None:
                progress(lang, done_, total)

        state_path = settings.state_path(lang)
        result = draft(master, track, state_module.load(state_path), lang=lang,
                       master_lang=settings.master_language, provider=provider,
                       glossary=glossary, memory=memory, progress=report, force=force,
                       break_lines=lines)
        if result.drafted:
            write_atomic(path, compose(result.track, "srt" if path.suffix == ".srt"
                                       else path.suffix.lstrip(".")).encode("utf-8"))
            write_atomic(state_path, state_module.compose(result.state, lang).encode("utf-8"))
        done.append(LanguageDraft(lang, result.drafted, result.requests, result.from_memory,
                                  result.missing))
        if result.error is not None:
            raise result.error
    return done
