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

from subtool.config import Options, Settings
from subtool.core.errors import ConfigError, UsageError
from subtool.core.model import Problem, Severity, Track
from subtool.engine import terminology
from subtool.engine.check import check_track, make_context
from subtool.engine.fix import export_rules, fix_track
from subtool.pipeline.project import refuse_inputs
from subtool.project.files import write_atomic
from subtool.project.store import project_glossary, project_state
from subtool.project.tracks import read_master, read_track, read_translation
from subtool.render import export
from subtool.render import terms as render_terms
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
    return read_track(path, lang=lang, frame_rate=settings.frame_rate), ()


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
    master = read_master(settings)
    glossary = project_glossary(settings)
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
            glossary=glossary, state=None if is_master else project_state(settings, lang))
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
        extra_md += render_terms.render_markdown(rows, langs_)
        extra_html += render_terms.render_html(rows, langs_)
    files = _export(settings, results, exported, complete=not langs,
                    appendix=(extra_md, extra_html))
    output = settings.path(settings.output)
    refuse_inputs((output / name for name in files), settings)
    return BuildResult(tuple(results), files, output, not langs)


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


def preview(settings: Settings, *, video: str | None, output: Path | None) -> tuple[Path, int]:
    """Write the preview page (a player with every track, or a timeline and a side-by-side
    table); the page's path and the number of languages."""
    from subtool.render.preview import preview_html  # noqa: PLC0415

    if settings.master_path is None:
        raise UsageError("no master subtitle file is configured", path=settings.source)
    tracks = [(settings.master_language, read_master(settings))]
    for lang in settings.languages:
        track = read_translation(settings, lang)
        if track is not None:
            tracks.append((lang, track))
    page = preview_html(tracks, title=settings.title or settings.slug,
                        master_lang=settings.master_language, video=video)
    target = output or settings.path(settings.output) / "preview.html"
    refuse_inputs([target], settings)
    write_atomic(target, page.encode("utf-8"))
    return target, len(tracks)
