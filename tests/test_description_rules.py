"""Audio description tracks in check and fix: the description-fit and description-coverage
rules with their numbers, the description rule set (a track read aloud gets no reading
rules, a subtitle track no description rules), the settings and the language files'
voices, and ``subtool check`` of a project with its description script.

The rules' speech is the film's when there is one, else the master subtitle track's
dialogue cues; both are planted here so that each source shows in what is reported.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from helpers import run_subtool, srt_track
from projects import copy_film

from subtool.config import Options, Settings
from subtool.core.description import MARGIN, MIN_STRETCH
from subtool.core.errors import ConfigError, LanguageDataError
from subtool.core.film import FilmFacts
from subtool.core.model import Problem, Severity, Track
from subtool.engine.check import check_track, make_context
from subtool.engine.fix import fix_track, fixable_rules
from subtool.formats import vtt
from subtool.languages import DescriptionVoice, description_voice, i18n
from subtool.languages.schema import parse
from subtool.pipeline import descriptions as describing
from subtool.project.config import read as load
from subtool.rules import (
    BY_ID,
    DESCRIPTIONS_ONLY,
    FOR_DESCRIPTIONS,
    RULES,
    SUBTITLES_ONLY,
    Context,
)

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings(frame_rate=25)
_VOICE = description_voice("de")
assert _VOICE is not None
GERMAN: DescriptionVoice = _VOICE
# The master's dialogue: speech at 1-5 s, 10-14 s and 20-25 s; a sound label between
# (a sound label is not speech).
MASTER = srt_track([(1000, 5000, "(Sprecherin) Seit über 16 Jahren\ngibt es die Büros."),
                    (5080, 8000, "[Musik]"),
                    (10_000, 14_000, "Ich bin Birgit Hansmann."),
                    (20_000, 25_000, "Wir helfen gern.")])
Spec = tuple[int, int, str]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.use("en")
    yield
    i18n.use("en")


def vtt_track(cues: Sequence[Spec]) -> Track:
    """The cues written as WebVTT and read back (problems carry real lines)."""
    from subtool.core.timecode import format_vtt  # noqa: PLC0415

    blocks = [f"{format_vtt(s)} --> {format_vtt(e)}\n{t}\n" for s, e, t in cues]
    track = vtt.parse("WEBVTT\n\n" + "\n".join(blocks))
    assert not track.diagnostics and len(track.cues) == len(cues)
    return track


def described(cues: Sequence[Spec], *, film: FilmFacts | None = None, lang: str = "de",
              settings: Settings = SETTINGS, rules: Sequence[str] = (),
              master: Track | None = None) -> list[Problem]:
    """The problems of a description track in ``lang`` (the master's dialogue as speech)."""
    options = Options(select=frozenset(rules)) if rules else Options()
    setup = describing.setup(settings, lang, MASTER)
    return list(check_track("descriptions.vtt", vtt_track(cues), lang=lang, settings=settings,
                            options=options, master=master, master_lang="de", film=film,
                            description=setup))


def fit_messages(problems: Sequence[Problem]) -> list[tuple[int | None, str]]:
    return [(p.cue, p.message) for p in problems if p.rule == "description-fit"]


def seconds(ms: int) -> str:
    return f"{ms / 1000:.1f} s"


# --- description-fit -------------------------------------------------------------------

def test_a_description_over_the_masters_dialogue_names_the_speech_and_the_pauses() -> None:
    # 4.0-7.0 s starts inside master cue 1 (speech until 5.0 s): 1.0 s over speech.
    (cue, message), = fit_messages(described([(4000, 7000, "Ein Büro.")]))
    assert cue == 1
    assert "spoken over speech at 0:01.000–0:05.000 (master cue 1), 1.0 s of it inside" \
        in message
    # Pauses long enough for the 0.6 s it needs: before the first speech (0-0.8 s, the
    # margin kept) and after it, 5.2-9.8 s: the sound label [Musik] is no speech.
    assert ("nearest pause long enough: before, 0:00.000–0:00.800 (0.8 s); after, "
            "0:05.200–0:09.800 (4.6 s)") in message


def test_a_description_too_long_for_its_time_says_what_it_needs_and_where_it_fits() -> None:
    text = "Birgit Hansmann sitzt in ihrem Büro hier."
    needed = math.ceil(len(text) * 1000 / GERMAN.chars_per_second)
    (cue, message), = fit_messages(described([(5200, 6200, text)]))
    assert (f"the voice needs {seconds(needed)} to say it ({len(text)} characters at 15.88 "
            "per second), but its time 0:05.200–0:06.200 lasts 1.0 s") in message
    assert cue == 1
    # Its own pause (until the margin before 10 s) has room: end it later.
    end = 5200 + needed
    assert (f"end it at 0:{end // 1000:02d}.{end % 1000:03d} or later (the pause ends at "
            "0:09.800)") in message
    # Longer than any pause nearby: the next one that holds it is named.
    long_text = text + " Sie telefoniert mit einer Dame aus Eving."
    (_cue, message), = fit_messages(described([(5200, 6200, long_text)]))
    assert "nearest pause long enough: after, 0:14.200–0:19.800 (5.6 s); none before" \
        in message


def test_the_margin_keeps_descriptions_clear_of_speech() -> None:
    # Ends 0.1 s before the speech at 10 s: within the margin, although not over speech.
    (_cue, message), = fit_messages(described([(8500, 9900, "Ein Büro.")]))
    assert f"comes within {seconds(MARGIN)} of speech at 0:10.000–0:14.000 (master cue 3)" \
        in message
    assert fit_messages(described([(8500, 10_000 - MARGIN, "Ein Büro.")])) == []


def test_with_a_film_its_own_speech_replaces_the_masters_dialogue() -> None:
    film = FilmFacts(30_000, 25.0, ((1000, 3000), (15_500, 16_500), (20_000, 25_000)),
                     (16_000,))
    cues = [(4000, 6000, "Ein Büro."), (15_000, 17_000, "Zwei Männer.")]
    # Without the film: the first is over master cue 1; nothing is said at 15-17 s.
    assert [c for c, _m in fit_messages(described(cues))] == [1]
    # With it: the film's speech ends at 3 s, and someone speaks at 15.5-16.5 s.
    (cue, message), = fit_messages(described(cues, film=film))
    assert cue == 2
    assert "spoken over speech at 0:15.500–0:16.500, 1.0 s of it inside" in message
    assert "master cue" not in message


def test_a_language_without_a_voice_is_said_once_and_checked_against_speech_only() -> None:
    problems = described([(4000, 7000, "Um escritório."), (15_000, 16_000, "Dois homens "
                          "no parque, a conversar, muito tempo, muito tempo.")], lang="pt")
    fits = [(p.cue, p.severity) for p in problems if p.rule == "description-fit"]
    assert fits == [(None, Severity.WARNING), (1, Severity.ERROR)]
    assert problems[0].message.startswith("no description voice for Portuguese")


def test_the_projects_voice_replaces_the_language_files() -> None:
    slow = SETTINGS._replace(description_voices={"de": DescriptionVoice("de", 100, 10.0)})
    text = "Zwei Männer im Park."  # 20 characters: 1.26 s at 15.88, 2.0 s at 10
    assert fit_messages(described([(15_000, 16_500, text)])) == []
    (_cue, message), = fit_messages(described([(15_000, 16_500, text)], settings=slow))
    assert "the voice needs 2.0 s to say it (20 characters at 10.00 per second)" in message


def test_a_description_after_the_films_end_is_reported() -> None:
    film = FilmFacts(30_000, 25.0, ((1000, 5000),), ())
    (_cue, message), = fit_messages(described([(29_000, 31_000, "Ende.")], film=film))
    assert "it ends at 0:31.000, after the film's end at 0:30.000" in message


# --- description-coverage -----------------------------------------------------------------

def test_long_stretches_without_speech_or_description_are_named() -> None:
    settings = SETTINGS._replace(duration=30_000)
    problems = described([(5200, 6000, "Ein Büro.")], settings=settings,
                         rules=["description-coverage"])
    assert [(p.cue, p.severity) for p in problems] == [(None, Severity.INFO)] * 3
    assert [p.message[:17] for p in problems] == ["0:06.000–0:10.000", "0:14.000–0:20.000",
                                                  "0:25.000–0:30.000"]
    assert "6.0 s with neither speech nor a description" in problems[1].message
    # The film's cuts inside a stretch are named (a new picture with nothing said).
    film = FilmFacts(30_000, 25.0, ((1000, 5000), (10_000, 14_000), (20_000, 25_000)),
                     (16_000, 18_000, 22_000))
    with_cuts = described([(5200, 6000, "Ein Büro.")], film=film,
                          rules=["description-coverage"])
    assert "the picture changes at 0:16.000, 0:18.000; is there" in with_cuts[1].message
    assert "picture" not in with_cuts[0].message
    # A stretch just under the threshold is not; a translation is never checked.
    just_under = 10_000 - MIN_STRETCH + 1  # 3.999 s left before the speech at 10 s
    shorter = described([(5200, just_under, "Ein Büro."), (14_000, 16_001, "Ein Park.")],
                        settings=settings, rules=["description-coverage"])
    assert [p.message[:17] for p in shorter] == ["0:25.000–0:30.000"]
    script = vtt_track([(5200, 6000, "Ein Büro.")])
    assert described([(5200, 6000, "An office.")], lang="en", settings=settings,
                     rules=["description-coverage"], master=script) == []


# --- the rule set of each kind --------------------------------------------------------------

def test_every_rule_is_for_descriptions_or_for_subtitles_only() -> None:
    ids = {rule.id for rule in RULES}
    assert ids == FOR_DESCRIPTIONS | SUBTITLES_ONLY
    assert not FOR_DESCRIPTIONS & SUBTITLES_ONLY
    assert DESCRIPTIONS_ONLY <= FOR_DESCRIPTIONS
    for rule_id in DESCRIPTIONS_ONLY:
        assert BY_ID[rule_id].doc.startswith(rule_id + ":")


LONG = "Birgit Hansmann sitzt an ihrem Schreibtisch im Sozialamt der Stadt."


def test_a_description_track_gets_no_reading_rules() -> None:
    # One 67-character line shown for 0.5 s: three reading problems in a subtitle track
    # (line length, reading speed, minimum duration), none in a description track.
    cues = [(15_000, 15_500, LONG)]
    as_subtitles = {p.rule for p in check_track(
        "de.srt", srt_track(cues), lang="de", settings=SETTINGS, options=Options())}
    assert {"line-length", "reading-speed", "min-duration"} <= as_subtitles
    found = {p.rule for p in described(cues)}
    assert "description-fit" in found and found <= FOR_DESCRIPTIONS
    assert not found & SUBTITLES_ONLY


def test_a_subtitle_track_gets_no_description_rules() -> None:
    # Over speech and long stretches without a description: nothing, asked for or not.
    film = FilmFacts(60_000, 25.0, ((1000, 5000),), ())
    options = Options(select=DESCRIPTIONS_ONLY)
    assert check_track("de.srt", srt_track([(2000, 4000, "Hallo.")]), lang="de",
                       settings=SETTINGS, options=options, film=film) == ()


def test_fix_leaves_a_description_track_unbroken() -> None:
    track = vtt_track([(15_000, 15_500, LONG)])
    setup = describing.setup(SETTINGS, "de", MASTER)

    def context(current: Track) -> Context:
        return make_context("d.vtt", current, lang="de", settings=SETTINGS,
                            options=Options(), description=setup)

    as_description = fix_track(track, context, fixable_rules())
    assert as_description.track == track
    as_subtitles = fix_track(track, lambda current: make_context(
        "d.vtt", current, lang="de", settings=SETTINGS, options=Options()), fixable_rules())
    assert "\n" in as_subtitles.track.cues[0].text  # reflowed into two lines


# --- settings and language files ---------------------------------------------------------

PROJECT = """[tool.subtool]
master = "subtitles/de.srt"
languages = ["en", "tr"]
descriptions = "subtitles/descriptions.de.vtt"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_description_settings_and_their_defaults(tmp_path: Path) -> None:
    settings = load(_write(tmp_path, PROJECT), known_rules=BY_ID)
    assert settings.description_tracks == "subtitles/descriptions.{lang}.vtt"
    assert settings.description_track_path("de") == tmp_path / "subtitles/descriptions.de.vtt"
    assert settings.description_track_path("tr") == tmp_path / "subtitles/descriptions.tr.vtt"
    assert settings.description_state_path("tr") == \
        tmp_path / "subtitles/state/descriptions.tr.tsv"
    assert settings.description_voice("de") == GERMAN
    view = settings.for_descriptions()
    assert view.master_path == settings.descriptions_path
    assert view.track_path("tr") == settings.description_track_path("tr")
    assert view.state_path("tr") == settings.description_state_path("tr")
    # Another name for the script: its translations are named after it.
    other = load(_write(tmp_path, PROJECT.replace("descriptions.de.vtt", "ad_de.vtt")))
    assert other.description_tracks == "subtitles/ad_{lang}.vtt"
    assert load(_write(tmp_path, '[tool.subtool]\nmaster = "de.srt"\n')).descriptions is None


def test_a_projects_voice_rate_scales_the_measured_speed(tmp_path: Path) -> None:
    text = PROJECT + "[tool.subtool.description-voice.de]\nrate_wpm = 175\n"
    voice = load(_write(tmp_path, text)).description_voice("de-DE")
    assert voice == DescriptionVoice("de", 175, round(15.88 * 175 / 150, 2), "deu")
    own = PROJECT + ('[tool.subtool.description-voice.pt]\nvoice = "pt"\nrate_wpm = 150\n'
                     "chars_per_second = 15.2\n")
    assert load(_write(tmp_path, own)).description_voice("pt") == \
        DescriptionVoice("pt", 150, 15.2, "")


@pytest.mark.parametrize(("extra", "key", "needle"), [
    ("[tool.subtool.description-voice.de]\nspeed = 2\n",
     "tool.subtool.description-voice.de.speed", "known keys: voice, rate_wpm"),
    ("[tool.subtool.description-voice.de]\nrate_wpm = 500\n",
     "tool.subtool.description-voice.de.rate_wpm", "from 80 to 450"),
    ("[tool.subtool.description-voice.de]\nvoice = \"de de\"\n",
     "tool.subtool.description-voice.de.voice", "is not a voice name"),
    ("[tool.subtool.description-voice.pt]\nvoice = \"pt\"\n",
     "tool.subtool.description-voice.pt.rate_wpm", "no description voice for 'pt'"),
    ('description-tracks = "subtitles/{lang}.srt"\n', "tool.subtool.description-tracks",
     "subtitle tracks' pattern"),
    ('description-state = "state.tsv"\n', "tool.subtool.description-state", "{lang}"),
])
def test_wrong_description_settings_name_the_key(tmp_path: Path, extra: str, key: str,
                                                 needle: str) -> None:
    head, _sep, tail = PROJECT.partition("descriptions =")
    text = (head + extra + "descriptions =" + tail) if not extra.startswith("[") \
        else PROJECT + extra
    with pytest.raises(ConfigError) as caught:
        load(_write(tmp_path, text), known_rules=BY_ID)
    assert caught.value.key == key
    assert needle in str(caught.value)


def test_the_master_is_no_description_script_and_a_view_needs_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="names the master subtitle file"):
        load(_write(tmp_path, PROJECT.replace("subtitles/descriptions.de.vtt",
                                              "subtitles/de.srt")))
    with pytest.raises(ConfigError, match="no audio description script"):
        load(_write(tmp_path, '[tool.subtool]\nmaster = "de.srt"\n')).for_descriptions()


def _german_file(section: str) -> str:
    text = (ROOT / "subtool" / "languages" / "de.toml").read_text(encoding="utf-8")
    return text[:text.index("[description]")] + section


@pytest.mark.parametrize(("section", "needle"), [
    ('[description]\nvoice = "de"\nrate_wpm = 150\niso639_2 = "deu"\n',
     "[description.chars_per_second] is missing"),
    ('[description]\nvoice = "de"\nrate_wpm = 900\nchars_per_second = 15.0\n'
     'iso639_2 = "deu"\n', "[description.rate_wpm] must be a whole number"),
    ('[description]\nvoice = "de"\nrate_wpm = 150\nchars_per_second = 15.0\n'
     'iso639_2 = "de"\n', "three-letter ISO 639-2 code"),
    ('[description]\nvoice = "de"\nrate_wpm = 150\nchars_per_second = 15.0\n'
     'iso639_2 = "deu"\npitch = 50\n', "[description.pitch] is not a key"),
])
def test_a_wrong_description_section_names_the_key(section: str, needle: str) -> None:
    with pytest.raises(LanguageDataError) as caught:
        parse(_german_file(section), "de.toml")
    assert needle in str(caught.value)


def test_the_description_section_is_optional() -> None:
    assert parse(_german_file(""), "de.toml").description is None


# --- subtool check of a project ----------------------------------------------------------

def test_check_runs_the_description_rules_on_the_projects_script(tmp_path: Path) -> None:
    project = copy_film(tmp_path / "film")
    script = project / "subtitles" / "descriptions.de.vtt"
    # Description 7 (4:08.080-4:09.200, 1.1 s) gets a text of 67 characters: too long to
    # say, and a line too long to read, which a description track is not checked for.
    text = script.read_text(encoding="utf-8")
    script.write_text(text.replace("Beim Kartenspiel.", LONG), encoding="utf-8")
    done = run_subtool("check", "subtitles/descriptions.de.vtt", "--format", "json",
                       cwd=project)
    assert done.returncode == 1, done.stderr
    found = json.loads(done.stdout)["problems"]
    assert [(p["rule"], p["cue"]) for p in found] == [("description-fit", 7)]
    assert "but its time 4:08.080–4:09.200 lasts 1.1 s" in found[0]["message"]
    # The whole project: the master, ten translations and the script.
    whole = run_subtool("check", "--format", "json", cwd=project)
    files = [f["path"] for f in json.loads(whole.stdout)["files"]]
    assert files[-1] == "subtitles/descriptions.de.vtt" and len(files) == 12
