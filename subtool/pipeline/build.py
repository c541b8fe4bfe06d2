"""``subtool build``: the whole flow for every language of the film project.

load → check (translations against the master) → export → report. Files are read at the
start; ``build`` returns every output as bytes and ``write_outputs`` writes them at the end,
each atomically, leaving files whose content did not change untouched.

``build --lang tr`` writes the subtitle files of Turkish only, but every language is still
read and checked: the outputs shared by all languages (upload sheet, manifest, report,
transcript page) always describe the whole film.

The audio description (``descriptions`` in ``[tool.subtool]``): the script and each
translation of it are checked with their own rule set and exported as
``<slug>.descriptions.<lang>.vtt``; the transcripts carry them in sequence with the
dialogue. With the film there, ``subtool.pipeline.described`` makes the described version
of each (``<slug>.described.<lang>.m4a`` / ``.mp4``): media files that are written straight
into the output folder (and kept by the key of their inputs), not returned as bytes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote, urlsplit

from subtool.config import Options, Settings
from subtool.core.description import FAILED, DescribedVersion, DescriptionSetup
from subtool.core.errors import ConfigError, ReadError, UsageError
from subtool.core.film import FilmFacts
from subtool.core.model import DESCRIPTIONS, Problem, Severity, Track
from subtool.engine import terminology, timeline
from subtool.engine.check import check_track, make_context
from subtool.engine.fix import export_rules, fix_track
from subtool.engine.status import LanguageResult
from subtool.languages.i18n import _, language_name
from subtool.pipeline import described as describe_film
from subtool.pipeline import descriptions as describing
from subtool.pipeline import film as film_module
from subtool.pipeline.project import refuse_inputs, refuse_output
from subtool.project.files import copy_file, write_atomic
from subtool.project.store import project_glossary, project_state
from subtool.project.tracks import read_master, read_track, read_translation
from subtool.render import export
from subtool.render.build_report import Commands, Report, render_html, render_markdown
from subtool.rules import Context
from subtool.terms.glossary import Glossary

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    """The outcome of a build: per-language results and every output file's content."""

    languages: tuple[LanguageResult, ...]
    files: dict[str, bytes] = field(default_factory=dict)
    output: Path = Path("dist")
    selected: tuple[str, ...] = ()  # the languages asked for (every one without --lang)
    film: FilmFacts | None = None  # the film's facts, when the project has its film
    descriptions: tuple[LanguageResult, ...] = ()  # the audio description tracks
    described: tuple[DescribedVersion, ...] = ()  # the described versions of the film
    undescribed: tuple[str, ...] = ()  # languages without a description track

    @property
    def built(self) -> tuple[LanguageResult, ...]:
        """The results of the languages whose files this build wrote."""
        return tuple(r for r in self.languages if r.lang in self.selected)

    @property
    def built_descriptions(self) -> tuple[LanguageResult, ...]:
        """The description tracks of the languages whose files this build wrote."""
        return tuple(r for r in self.descriptions if r.lang in self.selected)

    @property
    def ready(self) -> bool:
        """Whether every built track (subtitles and descriptions) is ready to publish."""
        return all(r.ready for r in self.built + self.built_descriptions)

    def publishable(self, allow_review: bool = False) -> bool:
        """Whether every built track may go online (``allow_review``: also those that
        still need review)."""
        return all(r.publishable(allow_review) for r in self.built + self.built_descriptions)

    @property
    def failed(self) -> tuple[DescribedVersion, ...]:
        """Described versions the tools or the film failed to make (exit code 2)."""
        return tuple(v for v in self.described if v.state == FAILED)


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
            _("the track file {path} does not exist: add the {language} translation, or "
              "remove '{lang}' from 'languages' in the project configuration").format(
                path=shown, language=language_name(lang), lang=lang)),)
    return read_track(path, lang=lang, frame_rate=settings.frame_rate), ()


def build(settings: Settings, *, langs: Sequence[str] = (), strict: bool = False,
          progress: Progress | None = None, media: bool = True) -> BuildResult:
    """Check and export the project's tracks; nothing is written here but, with ``media``
    and the film there, the described versions of the film (``pipeline.described``)."""
    note = progress or (lambda _step: None)
    if settings.master_path is None:
        raise ConfigError("no master subtitle file is configured", path=settings.source,
                          key="tool.subtool.master", hint='add master = "subtitles/de.srt"')
    if not settings.master_path.is_file():
        raise ConfigError(f"the master file {settings.master} does not exist",
                          path=settings.source, key="tool.subtool.master")
    chosen = _languages(settings, langs)
    every = _languages(settings, ())
    blocking = Severity.WARNING if strict else Severity.ERROR
    note(f"reading {settings.master}")
    master = read_master(settings)
    glossary = project_glossary(settings)
    film = film_module.facts(settings)
    results = []
    for lang in every:
        is_master = lang == settings.master_language
        path = settings.master_path if is_master else settings.track_path(lang)
        note(f"checking {lang}")
        track, missing = (master, ()) if is_master else _load(settings, lang, path)
        shown = str(path.relative_to(settings.root)) if path.is_relative_to(settings.root) \
            else str(path)
        problems = missing or check_track(
            shown, track, lang=lang, settings=settings, options=Options(),
            master=None if is_master else master, master_lang=settings.master_language,
            glossary=glossary, state=None if is_master else project_state(settings, lang),
            film=film)
        results.append(LanguageResult(lang, shown, is_master, track, problems, blocking))
    descriptions = _check_descriptions(settings, master, glossary, film, blocking, note)
    note("exporting")
    exported, fixes = _safe_fixes(settings, results, glossary)
    spoken, spoken_fixes = _safe_fixes(settings, descriptions, glossary, master)
    fixes.update({f"descriptions.{lang}": summary for lang, summary in spoken_fixes.items()})
    versions = describe_film.make(settings, [d for d in descriptions if d.lang in chosen],
                                  spoken, film, progress=note) if media else ()
    undescribed = tuple(lang for lang in every if settings.descriptions_path is not None
                        and lang not in spoken)
    report = Report(settings.title, tuple(results), report_commands(results + descriptions),
                    fixes, descriptions=tuple(descriptions), described=versions,
                    undescribed=undescribed, film_known=film is not None,
                    description_files={d.lang: f"{settings.slug}.descriptions.{d.lang}.vtt"
                                       for d in descriptions if d.lang in chosen})
    if glossary is not None:
        translations = [(r.lang, r.track) for r in results if not r.is_master]
        report = replace(report, terms=terminology.matrix(glossary, master, translations),
                         term_langs=[lang for lang, _track in translations])
    if film is not None:
        report = replace(report, timelines=timeline.timelines(
            [(r.lang, r.track, r.problems) for r in results], film))
    files = _export(settings, results, exported, chosen, report, descriptions, spoken)
    output = settings.path(settings.output)
    refuse_inputs((output / name for name in files), settings)
    return BuildResult(tuple(results), files, output, tuple(chosen), film,
                       tuple(descriptions), versions, undescribed)


def _check_descriptions(settings: Settings, master: Track, glossary: Glossary | None,
                        film: FilmFacts | None, blocking: Severity,
                        note: Progress) -> list[LanguageResult]:
    """The description script and its translations, each checked with the description
    rules (the translations against the script, with their own translation state)."""
    script_path = settings.descriptions_path
    if script_path is None:
        return []
    if not script_path.is_file():
        raise ConfigError(f"the audio description script {settings.descriptions} does not "
                          "exist", path=settings.source, key="tool.subtool.descriptions",
                          hint="write it (README, Audio description), or remove the setting")
    view = settings.for_descriptions()
    script = read_track(script_path, lang=settings.master_language,
                        frame_rate=settings.frame_rate)
    out = []
    for lang in describing.described_languages(settings):
        note(f"checking the {lang} descriptions")
        is_master = lang == settings.master_language
        path = settings.description_track_path(lang)
        track = script if is_master else read_track(path, lang=lang,
                                                    frame_rate=settings.frame_rate)
        shown = str(path.relative_to(settings.root)) if path.is_relative_to(settings.root) \
            else str(path)
        problems = check_track(
            shown, track, lang=lang, settings=settings, options=Options(),
            master=None if is_master else script, master_lang=settings.master_language,
            glossary=glossary, state=None if is_master else project_state(view, lang),
            film=film, description=describing.setup(settings, lang, master))
        out.append(LanguageResult(lang, shown, is_master, track, problems, blocking,
                                  kind=DESCRIPTIONS))
    return out


def todo_command(lang: str, kind: str = "") -> str:
    """The command that makes the to-do list for the translator of ``lang`` (of its audio
    description track with ``kind`` descriptions)."""
    if kind == DESCRIPTIONS:
        return (f"subtool diff --stale --descriptions --lang {lang} --format html --output "
                f"{lang}-descriptions-todo.html")
    return f"subtool diff --stale --lang {lang} --format html --output {lang}-todo.html"


def report_commands(results: Sequence[LanguageResult]) -> Commands:
    """The commands the report names (option names live here, not in the renderer)."""
    return Commands(rebuild="subtool build", publish_knowingly="subtool build --allow-review",
                    apply_fixes="subtool fix --write",
                    todo={r.path: todo_command(r.lang, r.kind) for r in results
                          if not r.is_master})


def _safe_fixes(settings: Settings, results: Sequence[LanguageResult],
                glossary: Glossary | None, master: Track | None = None,
                ) -> tuple[dict[str, Track], dict[str, str]]:
    """The tracks as exported: the fixes that change neither timing nor layout applied
    (house style on the master, RLM, typography…); the source files are not touched.
    Description tracks (with the subtitle ``master``) get the fixes of their kind."""
    rules = export_rules()
    exported: dict[str, Track] = {}
    summaries: dict[str, str] = {}
    for r in results:
        described = describing.setup(settings, r.lang, master) \
            if r.kind == DESCRIPTIONS else None

        def context(track: Track, r: LanguageResult = r,
                    described: DescriptionSetup | None = described) -> Context:
            return make_context(r.path, track, lang=r.lang, settings=settings,
                                options=Options(), glossary=glossary, description=described)
        fixed = fix_track(r.track, context, rules) if r.track.cues else None
        exported[r.lang] = fixed.track if fixed is not None else r.track
        if fixed is not None and fixed.changed:
            summaries[r.lang] = fixed.summary()
    return exported, summaries


def _export(settings: Settings, results: Sequence[LanguageResult],
            exported: dict[str, Track], chosen: Sequence[str], report: Report,
            descriptions: Sequence[LanguageResult] = (),
            spoken: dict[str, Track] | None = None) -> dict[str, bytes]:
    slug, title = settings.slug, settings.title
    spoken = spoken or {}
    files: dict[str, str] = {}
    entries = []
    for r in results:
        names = {ext: f"{slug}.{r.lang}.{ext}" for ext in ("srt", "vtt", "txt")}
        track = exported[r.lang]
        if r.lang in chosen:
            files[names["srt"]] = export.srt_text(track, r.lang)
            files[names["vtt"]] = export.vtt_text(track, r.lang, title)
            files[names["txt"]] = export.transcript_text(track, r.lang, title,
                                                         spoken.get(r.lang))
        entries.append(export.TrackEntry(r.lang, names["srt"], names["vtt"], names["txt"],
                                         len(r.track.cues), r.status.value, r.errors,
                                         r.warnings, r.is_master))
    entries += _export_descriptions(settings, descriptions, spoken, chosen, files)
    transcript = f"{slug}.transcript.html"
    files[transcript] = export.transcript_html([(r.lang, exported[r.lang]) for r in results],
                                               title, spoken)
    extra = {"transcript_html": transcript, "report_html": "report.html",
             "report_md": "report.md", "upload_sheet": "youtube-upload.csv"}
    files["manifest.json"] = export.manifest_json(entries, title=title, slug=slug,
                                                  extra=extra, described=report.described)
    files["youtube-upload.csv"] = export.upload_csv(entries)
    files["report.md"] = render_markdown(report)
    files["report.html"] = render_html(report)
    return {name: text.encode("utf-8") for name, text in files.items()}


def _export_descriptions(settings: Settings, descriptions: Sequence[LanguageResult],
                         spoken: dict[str, Track], chosen: Sequence[str],
                         files: dict[str, str]) -> list[export.TrackEntry]:
    """``<slug>.descriptions.<lang>.vtt`` of each chosen description track (into
    ``files``), and the manifest's entries for every one."""
    entries = []
    header = _("{title} (audio description)").format(title=settings.title or settings.slug)
    for r in descriptions:
        name = f"{settings.slug}.descriptions.{r.lang}.vtt"
        if r.lang in chosen:
            files[name] = export.vtt_text(spoken[r.lang], r.lang, header)
        entries.append(export.TrackEntry(r.lang, "", name, "", len(r.track.cues),
                                         r.status.value, r.errors, r.warnings, r.is_master,
                                         kind=DESCRIPTIONS))
    return entries


def write_outputs(result: BuildResult) -> tuple[list[str], list[str]]:
    """Write every output atomically; return (written, unchanged) file names."""
    written, unchanged = [], []
    for name, data in result.files.items():
        if write_atomic(result.output / name, data, only_if_changed=True):
            written.append(name)
        else:
            unchanged.append(name)
    return written, unchanged


@dataclass(frozen=True)
class Preview:
    """What ``preview`` wrote: the page, its languages and how it reaches the film."""

    page: Path
    languages: int
    video: str | None = None  # the address in the page (relative path or URL)
    copied: Path | None = None  # the film's copy next to the page, when asked for


_WEB_ADDRESS = re.compile(r"https?://", re.IGNORECASE)


def video_address(video: str, page: Path, *, copy: bool = False) -> tuple[str, Path | None]:
    """The film's address as the page at ``page`` uses it, and the copy made (if any).

    A web address (http, https) is used as it is. A local file is checked (a missing file is
    an error naming it) and linked by its path relative to the page's folder, so the page
    plays it wherever the project lies; with ``copy``, it is copied next to the page instead
    (a film is big and changes when it is re-cut: linking is the default).
    """
    if _WEB_ADDRESS.match(video):
        if not urlsplit(video).netloc:
            raise UsageError(_("--video: {address} is not a complete web address").format(
                address=video), hint=_("for example https://example.org/film.mp4"))
        return video, None
    source = Path(video).expanduser()
    if not source.is_file():
        raise ReadError(_("the video file does not exist"), path=video, hint=_(
            "give the film's path (relative to the folder you are in) or its http(s) "
            "address; nothing was written"))
    if copy:
        target = page.parent / source.name
        copy_file(source, target)
        return quote(source.name), target
    folder = page.parent.resolve()
    try:
        relative = os.path.relpath(source.resolve(), folder)
    except ValueError:  # another drive (Windows): only an absolute address reaches it
        return source.resolve().as_uri(), None
    return quote(Path(relative).as_posix()), None


def _made_by_subtool(path: Path) -> bool:
    """Whether ``path`` is an HTML page subtool wrote (its generator line, near the top)."""
    from subtool.render.page import GENERATOR  # noqa: PLC0415

    try:
        with path.open("rb") as handle:
            return GENERATOR.encode("utf-8") in handle.read(2048)
    except OSError:
        return False


def preview(settings: Settings, *, video: str | None, output: Path | None,
            copy_video: bool = False, force: bool = False) -> Preview:
    """Write the preview page (a player with every track, or a timeline and a side-by-side
    table of every language)."""
    from subtool.render.preview import preview_html  # noqa: PLC0415

    if settings.master_path is None:
        raise UsageError("no master subtitle file is configured", path=settings.source)
    if video is None:
        film = film_module.chosen(settings)  # the project's film (or --film)
        video = str(film) if film is not None else None
    tracks = [(settings.master_language, read_master(settings))]
    for lang in settings.languages:
        track = read_translation(settings, lang)
        if track is not None:
            tracks.append((lang, track))
    target = output or settings.path(settings.output) / "preview.html"
    if output is not None:
        # A page subtool made it replaces (no --force), another file only with --force (it
        # wrote over README.md), and into an existing folder only.
        refuse_output(output, settings, force=force or _made_by_subtool(output))
    refuse_inputs([target], settings)
    address, copied = (video_address(video, target, copy=copy_video) if video is not None
                       else (None, None))
    spoken = [(lang, read_track(settings.description_track_path(lang), lang=lang,
                                frame_rate=settings.frame_rate))
              for lang in describing.described_languages(settings)]
    # The described versions the last build made (linked, never copied: they are films).
    folder = settings.path(settings.output)
    described = [(lang, video_address(str(path), target)[0]) for lang in dict(spoken)
                 if (path := folder / describe_film.names(settings, lang)[1]).is_file()]
    page = preview_html(tracks, title=settings.title or settings.slug, video=address,
                        descriptions=spoken, described=described if address else [])
    write_atomic(target, page.encode("utf-8"))
    return Preview(target, len(tracks), address, copied)
