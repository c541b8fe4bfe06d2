"""Audio description: speech synthesis (espeak-ng), the described mix (ffmpeg), the planning
of descriptions in the film's pauses, and the film's description script.

The synthesis and mix tests run the real espeak-ng and ffmpeg on a stand-in film built here
by scripts/standin_film.py (its pauses carry a music bed, so the ducking can be measured).
They are skipped, with the reason, only when a tool is missing and SUBTOOL_REQUIRE_MEDIA is
not set; CI sets it.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
from array import array
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from subtool.core.description import (
    MARGIN,
    Pause,
    check_fit,
    free_pauses,
    needed_ms,
    speech_near,
    spoken_characters,
    uncovered,
)
from subtool.core.errors import (
    MediaError,
    SpeechEngineMissingError,
    SubtoolError,
    SynthesisError,
    VoiceMissingError,
)
from subtool.core.model import Cue
from subtool.languages import DescriptionVoice, description_voice, known
from subtool.media import mix, tts
from subtool.project.tracks import read_track

ROOT = Path(__file__).resolve().parent.parent
STANDIN = ROOT / "scripts" / "standin_film.py"
SCRIPT = ROOT / "subtitles" / "descriptions.de.vtt"
FILM_LANGUAGES = ("de", "en", "tr", "ar", "pl", "ro", "bg", "uk", "ru", "it", "el")
_GERMAN = description_voice("de")
assert _GERMAN is not None
GERMAN: DescriptionVoice = _GERMAN
MISSING = [t for t in ("ffmpeg", "ffprobe", "espeak-ng") if shutil.which(t) is None]
if MISSING and os.environ.get("SUBTOOL_REQUIRE_MEDIA"):
    raise RuntimeError(f"SUBTOOL_REQUIRE_MEDIA is set but {', '.join(MISSING)} is missing")
needs_tools = pytest.mark.skipif(
    bool(MISSING), reason=f"{', '.join(MISSING)} not installed (apt-get install ffmpeg "
    "espeak-ng); CI runs these tests")
RATE = 16_000  # decoding rate for level measurements


def _cue(start: int, end: int, text: str) -> Cue:
    return Cue(start=start, end=end, text=text)


# --- planning (pure) ----------------------------------------------------------------------

def test_needed_time_counts_visible_characters_at_the_voice_rate() -> None:
    # 20 characters at 10 per second: 2 s; markup and the line break are not spoken.
    assert spoken_characters("<i>Zwei Männer</i>\nim Park") == len("Zwei Männer im Park")
    assert needed_ms("Zwei Männer im Park.", 10.0) == 2000
    assert needed_ms("Zwei Männer im Park.", 15.88) == math.ceil(20 * 1000 / 15.88)
    with pytest.raises(ValueError, match="positive"):
        needed_ms("x", 0)


SPEECH = ((1000, 5000), (8000, 12_000), (20_000, 25_000))


def test_a_description_over_speech_is_reported_with_the_segments() -> None:
    # 20 characters need 2 s at 10/s; the slot 4000-7000 starts inside the first speech.
    fit, = check_fit([_cue(4000, 7000, "Zwei Männer im Park.")], SPEECH,
                     chars_per_second=10.0, duration=30_000)
    assert not fit.fits
    assert fit.overlaps == ((1000, 5000),)
    assert fit.overlap == 1000  # 4000-5000
    assert fit.needed == 2000 and not fit.too_long
    # Nearest pauses that hold 2 s: 5200-7800 (after, starting after 4000) and none before.
    assert fit.before is None
    assert fit.after == Pause(5000 + MARGIN, 8000 - MARGIN)


def test_the_margin_keeps_a_description_off_the_ends_of_speech() -> None:
    # Speech ends at 5000: a slot from 5150 is within the 200 ms margin, from 5200 it is not.
    close, clear = check_fit([_cue(5150, 7500, "Ein Park."), _cue(12_200, 16_000, "Ein Park.")],
                             SPEECH, chars_per_second=10.0, duration=30_000)
    assert close.overlaps == ((1000, 5000),) and close.overlap == 0 and not close.fits
    assert clear.overlaps == () and clear.fits
    assert speech_near(SPEECH, 5200, 7800) == ()
    assert speech_near(SPEECH, 5200, 7801) == ((8000, 12_000),)


def test_a_description_too_long_for_its_slot_gets_the_time_and_the_nearest_pauses() -> None:
    text = "Heinz Kowalski und ein älterer Herr gehen im Park spazieren."  # 60 characters
    fit, = check_fit([_cue(5200, 7800, text)], SPEECH, chars_per_second=10.0,
                     duration=30_000)
    assert fit.needed == 6000 and fit.slot == 2600 and fit.too_long and not fit.fits
    assert fit.room == 2600  # from 5200 to 7800, where the margin before speech begins
    # The pause before (0-800) is too short; after: 12200-19800 holds 6 s.
    assert fit.before is None
    assert fit.after == Pause(12_200, 19_800)
    # Measured (synthesised) durations replace the estimate.
    short, = check_fit([_cue(5200, 7800, text)], SPEECH, chars_per_second=10.0,
                       duration=30_000, spoken=[2500])
    assert short.needed == 2500 and short.fits


def test_pauses_leave_out_other_descriptions_and_end_with_the_film() -> None:
    pauses = free_pauses(SPEECH, 30_000, occupied=[(14_000, 16_000)])
    assert pauses == (Pause(0, 800), Pause(5200, 7800), Pause(12_200, 14_000),
                      Pause(16_000, 19_800), Pause(25_200, 30_000))
    first, second = check_fit([_cue(12_200, 14_000, "Ein Büro."),
                               _cue(14_000, 16_000, "Ein Park.")], SPEECH,
                              chars_per_second=10.0, duration=30_000)
    assert first.fits and second.fits  # two descriptions may follow each other directly
    assert first.room == 1800  # until the next description
    # Without the film's duration the pause after the last speech is open-ended.
    late, = check_fit([_cue(26_000, 27_000, "Ende.")], SPEECH, chars_per_second=10.0)
    assert late.fits and late.room > 60_000


def test_a_later_pause_is_offered_before_when_the_cue_comes_after_it() -> None:
    fit, = check_fit([_cue(21_000, 23_000, "Ein Büro mit Fenstern.")], SPEECH,
                     chars_per_second=10.0, duration=30_000)
    assert fit.overlaps == ((20_000, 25_000),)
    assert fit.before == Pause(12_200, 19_800)
    assert fit.after == Pause(25_200, 30_000)


def test_long_stretches_without_speech_or_description_are_found_with_their_cuts() -> None:
    found = uncovered(SPEECH, [_cue(12_500, 14_500, "Ein Park.")], 30_000, min_length=4000,
                      shot_changes=[3000, 6000, 15_000, 26_000])
    assert [(s.start, s.end, s.shot_changes) for s in found] == [
        (14_500, 20_000, (15_000,)), (25_000, 30_000, (26_000,))]
    assert found[0].length == 5500
    # The 3 s pause 5000-8000 is below the threshold; with 3 s it counts.
    shorter = uncovered(SPEECH, [], 30_000, min_length=3000)
    assert (5000, 8000) in [(s.start, s.end) for s in shorter]


def _evaluate(expression: str, t: float) -> float:
    """The ffmpeg expression evaluated in Python (clip, min and pow have the same meaning)."""
    def clip(x: float, lo: float, hi: float) -> float:
        return max(lo, min(hi, x))
    return float(eval(expression, {"clip": clip, "min": min, "pow": pow, "t": t}))


def test_duck_expression_lowers_inside_and_ramps_over_the_fade() -> None:
    expr = mix.duck_expression([(2000, 4000), (4300, 5000)], -12.0, 200)
    def db(t: float) -> float:
        return 20 * math.log10(_evaluate(expr, t))
    assert db(1.0) == pytest.approx(0.0)
    assert db(1.9) == pytest.approx(-6.0)  # half-way down the fade before the start
    assert db(2.0) == pytest.approx(-12.0) and db(3.5) == pytest.approx(-12.0)
    assert db(4.1) == pytest.approx(-12.0)  # windows 300 ms apart: the sound stays down
    assert db(5.0) == pytest.approx(-12.0)
    assert db(5.1) == pytest.approx(-6.0) and db(5.3) == pytest.approx(0.0)
    assert mix.duck_expression([]) == "1"


def test_every_language_file_has_a_measured_description_voice() -> None:
    # The film's languages were measured on their tracks, the others on sample sentences.
    for code in known():
        voice = description_voice(code)
        assert voice is not None, code
        assert 8 < voice.chars_per_second < 20 and voice.rate_wpm == 150
        assert len(voice.iso639_2) == 3
    assert description_voice("de-DE") == GERMAN
    assert description_voice("xx") is None and description_voice("pt") is None


# --- speech synthesis (espeak-ng) ---------------------------------------------------------

def _cue_texts(code: str, count: int) -> list[str]:
    label = re.compile(r"\[[^\]]*\]|\([^)]*\)")
    texts = [" ".join(label.sub(" ", c.text).split())
             for c in read_track(ROOT / "subtitles" / f"{code}.srt").cues]
    return [t for t in texts if len(t) > 30][:count]


@needs_tools
def test_synthesis_duration_is_measured_from_the_trimmed_wav(tmp_path: Path) -> None:
    short = tts.synthesise("Ein Büro.", GERMAN, tmp_path / "a.wav", language="de")
    long = tts.synthesise("Birgit Hansmann sitzt in ihrem Büro im Sozialamt der Stadt.",
                          GERMAN, tmp_path / "b.wav", language="de")
    samples = tts.read_wav(long.path)
    assert long.samples == len(samples)
    assert long.duration == math.ceil(len(samples) * 1000 / tts.SAMPLE_RATE)
    assert short.duration < long.duration
    # Trimmed: the first and last samples are already speech (no lead-in silence).
    assert abs(samples[0]) > tts.SILENCE_LEVEL and abs(samples[-1]) > tts.SILENCE_LEVEL
    # A slower rate takes longer for the same words.
    slow = tts.synthesise(long.text, DescriptionVoice("de", 100, 1.0), tmp_path / "c.wav")
    assert slow.duration > long.duration * 1.3


@needs_tools
@pytest.mark.parametrize("code", FILM_LANGUAGES)
def test_measured_characters_per_second_hold_for_each_language(code: str,
                                                               tmp_path: Path) -> None:
    voice = description_voice(code)
    assert voice is not None and tts.has_voice(voice.voice)
    texts = _cue_texts(code, 6)
    spoken = tts.synthesise_all(texts, voice, tmp_path, language=code)
    chars = sum(spoken_characters(s.text) for s in spoken)
    seconds = sum(s.duration for s in spoken) / 1000
    # Six cues of the film's own track: within 15 % of the figure measured on all 104.
    assert chars / seconds == pytest.approx(voice.chars_per_second, rel=0.15)


@needs_tools
def test_a_missing_voice_or_engine_or_empty_text_is_explained(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(VoiceMissingError) as missing:
        tts.synthesise("Hallo.", DescriptionVoice("xx-nowhere", 150, 15.0),
                       tmp_path / "x.wav", language="xx")
    assert "'xx-nowhere'" in str(missing.value) and missing.value.language == "xx"
    assert isinstance(missing.value, MediaError)
    assert not tts.has_voice("xx-nowhere")
    with pytest.raises(VoiceMissingError):
        tts.require_voice(DescriptionVoice("xx-nowhere", 150, 15.0), "xx")
    with pytest.raises(SynthesisError, match="no words"):
        tts.synthesise(" <i></i> ", GERMAN, tmp_path / "y.wav")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SpeechEngineMissingError) as engine:
        tts.synthesise("Hallo.", GERMAN, tmp_path / "z.wav")
    assert "sudo apt-get install espeak-ng" in str(engine.value)
    assert isinstance(engine.value, SubtoolError)


# --- the described mix (ffmpeg) -----------------------------------------------------------

@pytest.fixture(scope="module")
def music_film(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The first 45 s of the master spoken, with a music bed in every pause; its truth."""
    if MISSING:
        pytest.skip(f"{', '.join(MISSING)} not installed")
    folder = tmp_path_factory.mktemp("adfilm")
    film, truth = folder / "film.mp4", folder / "film.json"
    subprocess.run([sys.executable, str(STANDIN), "--until", "45", "--resolution", "320x180",
                    "--background", "music", "--background-db", "-20", "--output", str(film),
                    "--truth", str(truth)], check=True, capture_output=True)
    return film, json.loads(truth.read_text(encoding="utf-8"))


def _pcm(path: Path, stream: str = "a:0") -> array[int]:
    done = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", f"0:{stream}",
                           "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-"],
                          capture_output=True, check=True)
    samples = array("h")
    samples.frombytes(done.stdout)
    return samples


def _level(samples: Sequence[int], start: int, end: int) -> float:
    part = samples[start * RATE // 1000:end * RATE // 1000]
    rms = math.sqrt(sum(x * x for x in part) / len(part)) if part else 0.0
    return 20 * math.log10(rms / 32768) if rms > 0 else -120.0


def _packets(path: Path, stream: str) -> list[str]:
    done = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", f"0:{stream}",
                           "-c", "copy", "-f", "framemd5", "-"], capture_output=True, check=True,
                          text=True)
    return [line.split(",")[-1].strip() for line in done.stdout.splitlines()
            if line and not line.startswith("#")]


def _pauses(truth: dict[str, Any], longer_than: int) -> list[tuple[int, int]]:
    speech = [tuple(s) for s in truth["speech"]]
    return [(a[1], b[0]) for a, b in itertools.pairwise(speech)
            if b[0] - a[1] > longer_than]


@pytest.fixture(scope="module")
def described(music_film: tuple[Path, dict[str, Any]],
              tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two German descriptions in the stand-in's two longest pauses, mixed; and the same
    placements with silent voices (what the ducking alone does)."""
    film, truth = music_film
    folder = tmp_path_factory.mktemp("described")
    pauses = sorted(_pauses(truth, 1500), key=lambda p: p[1] - p[0])[-2:]
    cues = [_cue(s + 300, e - 300, text) for (s, e), text in
            zip(sorted(pauses), ("Ein Büro.", "Birgit Hansmann im Büro."), strict=True)]
    placements = mix.place(cues, GERMAN, folder, language="de")
    settings = mix.MixSettings(keep_original=True, language="ger",
                               described_title="Audiodeskription", original_title="Original")
    result = mix.mix(film, placements, folder / "described.m4a", folder / "described.mp4",
                     settings)
    silent_folder = folder / "silent"
    silent_folder.mkdir()
    silent = []
    for i, place in enumerate(placements):
        wav = silent_folder / f"{i}.wav"
        tts.write_wav(wav, array("h", bytes(2 * place.spoken.samples)))
        silent.append(mix.Placement(place.start, tts.Spoken(wav, "", place.spoken.duration,
                                                            place.spoken.samples)))
    ducked = mix.mix(film, silent, folder / "ducked.m4a")
    return {"film": film, "result": result, "ducked": ducked, "placements": placements}


def _outside(placements: Sequence[mix.Placement], total: int) -> list[tuple[int, int]]:
    edges = [0]
    for place in placements:
        edges += [place.start - mix.FADE_MS - 100, place.end + mix.FADE_MS + 100]
    edges.append(total)
    return list(zip(edges[::2], edges[1::2], strict=True))


@needs_tools
def test_the_film_sound_is_lowered_12_db_during_descriptions_and_kept_elsewhere(
        described: dict[str, Any]) -> None:
    original, ducked = _pcm(described["film"]), _pcm(described["ducked"].audio)
    assert len(ducked) == len(original)
    for place in described["placements"]:
        inside = _level(ducked, place.start + 50, place.end - 50) - _level(
            original, place.start + 50, place.end - 50)
        assert inside == pytest.approx(mix.DUCK_DB, abs=0.5)
        # Half-way through the fade (50 ms around start - 100 ms): about half the depth.
        ramp = _level(ducked, place.start - 125, place.start - 75) - _level(
            original, place.start - 125, place.start - 75)
        assert mix.DUCK_DB * 0.7 < ramp < mix.DUCK_DB * 0.3
    total = len(original) * 1000 // RATE
    diffs = [_level(ducked, t, t + 1000) - _level(original, t, t + 1000)
             for a, b in _outside(described["placements"], total) for t in range(a, b - 1000, 500)]
    assert len(diffs) > 40 and max(abs(d) for d in diffs) < 0.3


@needs_tools
def test_the_mix_holds_the_synthesised_speech_at_the_descriptions_times(
        described: dict[str, Any]) -> None:
    ducked, mixed = _pcm(described["ducked"].audio), _pcm(described["result"].audio)
    voice_only = array("h", (max(-32768, min(32767, m - d)) for m, d in zip(
        mixed, ducked, strict=True)))
    for place in described["placements"]:
        wav = tts.read_wav(place.spoken.path)
        own = 20 * math.log10(math.sqrt(sum(x * x for x in wav) / len(wav)) / 32768)
        # What the mix adds inside the window is the voice, at its own level.
        assert _level(voice_only, place.start, place.end) == pytest.approx(own, abs=1.5)
        # ... and it starts at the description's start (espeak-ng's lead-in trimmed):
        # silence just before, the first loud sample within 5 ms of the start.
        assert _level(voice_only, place.start - 60, place.start - 10) < own - 30
        first = place.start - 100
        onset = next(i for i in range(first * RATE // 1000, len(voice_only))
                     if abs(voice_only[i]) > 200) * 1000 / RATE
        assert onset == pytest.approx(place.start, abs=5)
    total = len(mixed) * 1000 // RATE
    quiet = [_level(voice_only, a, b) for a, b in _outside(described["placements"], total)
             if b - a > 500]
    assert max(quiet) < -50  # outside the descriptions the mix adds nothing


@needs_tools
def test_described_video_copies_the_picture_and_keeps_the_film_duration(
        described: dict[str, Any]) -> None:
    film, result = described["film"], described["result"]
    assert _packets(result.video, "v:0") == _packets(film, "v:0")  # stream copy, bit for bit
    assert _packets(result.video, "a:1") == _packets(film, "a:0")  # the original, as it was
    assert len(_pcm(result.video, "a:0")) == len(_pcm(film)) == len(_pcm(result.audio))
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_entries",
         "format=duration:stream=codec_type:stream_tags=language,handler_name"
         ":stream_disposition=default,visual_impaired", str(result.video)],
        capture_output=True, check=True).stdout)
    film_seconds = float(json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_entries", "format=duration",
         str(film)], capture_output=True, check=True).stdout)["format"]["duration"])
    assert float(probe["format"]["duration"]) == pytest.approx(film_seconds, abs=0.05)
    sound = [s for s in probe["streams"] if s["codec_type"] == "audio"]
    assert sound[0]["tags"] == {"language": "ger", "handler_name": "Audiodeskription"}
    assert sound[0]["disposition"] == {"default": 1, "visual_impaired": 1}
    assert sound[1]["disposition"]["default"] == 0
    assert sound[1]["tags"]["handler_name"] == "Original"
    assert result.duration == pytest.approx(film_seconds * 1000, abs=50)


@needs_tools
def test_a_broken_film_is_a_mix_error(tmp_path: Path) -> None:
    notes = tmp_path / "film.mp4"
    notes.write_text("kein Film\n", encoding="utf-8")
    with pytest.raises(MediaError):
        mix.mix(notes, [], tmp_path / "out.m4a")


# --- the film's description script ---------------------------------------------------------

def _standin_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("standin_film", STANDIN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while defined
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def standin_speech(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[tuple[int, int]],
                                                                       int]:
    """The whole stand-in film's speech (ground truth), computed as the script places it,
    without encoding the 7.5-minute picture."""
    if MISSING:
        pytest.skip(f"{', '.join(MISSING)} not installed")
    standin = _standin_module()
    utterances, duration = standin.load_utterances(ROOT / "subtitles" / "de.srt", first=None,
                                                   until_ms=None, min_pause=400)
    placed = standin.place_speech(utterances, tmp_path_factory.mktemp("speech"), "de", 2)
    return [(p.start, p.end) for p in placed], duration


def test_the_script_is_a_marked_draft_with_descriptions_in_the_masters_pauses() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n\nNOTE\nENTWURF der Audiodeskription")
    cues = read_track(SCRIPT).cues
    assert len(cues) >= 10
    master = read_track(ROOT / "subtitles" / "de.srt").cues
    dialogue = [(c.start, c.end) for c in master
                if not re.fullmatch(r"\[[^\]]*\]", c.text.strip())]
    fits = check_fit(cues, dialogue, chars_per_second=GERMAN.chars_per_second,
                     duration=444_880)
    assert [f.position for f in fits if not f.fits] == []
    for name in ("Birgit Hansmann", "Özdemir", "Haustür", "Karten", "Gisela Dahlmann",
                 "Internetadresse"):
        assert any(name in c.text for c in cues), name


@needs_tools
def test_the_script_fits_the_standin_films_speech(
        standin_speech: tuple[list[tuple[int, int]], int], tmp_path: Path) -> None:
    speech, duration = standin_speech
    cues = read_track(SCRIPT).cues
    spoken = tts.synthesise_all([c.text for c in cues], GERMAN, tmp_path, language="de")
    estimated = check_fit(cues, speech, chars_per_second=GERMAN.chars_per_second,
                          duration=duration)
    measured = check_fit(cues, speech, chars_per_second=GERMAN.chars_per_second,
                         duration=duration, spoken=[s.duration for s in spoken])
    assert [f.position for f in estimated if not f.fits] == []
    assert [f.position for f in measured if not f.fits] == []
    # The script leaves no stretch of 4 s or more with nothing said.
    assert uncovered(speech, cues, duration) == ()
    # And the voice's speed is as measured: the script's own cps within 15 % of the table.
    rate = statistics.fmean(spoken_characters(s.text) / (s.duration / 1000) for s in spoken)
    assert rate == pytest.approx(GERMAN.chars_per_second, rel=0.15)
