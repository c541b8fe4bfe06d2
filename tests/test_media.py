"""Film analysis against a stand-in film whose facts are known (built here by
scripts/standin_film.py with ffmpeg and espeak-ng), plus the pure parts on their own.

The film tests are skipped, with the reason, only when ffmpeg or espeak-ng is missing and
SUBTOOL_REQUIRE_MEDIA is not set; CI sets it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from subtool.core import film as timeline
from subtool.core.errors import (
    MediaError,
    NoAudioError,
    NotAVideoError,
    ReadError,
    SubtoolError,
    ToolMissingError,
)
from subtool.core.film import FilmFacts
from subtool.media import shots, speech
from subtool.media.analysis import analyse
from subtool.media.probe import probe
from subtool.media.version import analyser_version
from subtool.project import film as cache
from subtool.project.tracks import read_track

ROOT = Path(__file__).resolve().parent.parent
STANDIN = ROOT / "scripts" / "standin_film.py"
MISSING = [tool for tool in ("ffmpeg", "ffprobe", "espeak-ng") if shutil.which(tool) is None]
if MISSING and os.environ.get("SUBTOOL_REQUIRE_MEDIA"):
    raise RuntimeError(f"SUBTOOL_REQUIRE_MEDIA is set but {', '.join(MISSING)} is missing")
needs_tools = pytest.mark.skipif(
    bool(MISSING), reason=f"{', '.join(MISSING)} not installed (apt-get install ffmpeg "
    "espeak-ng); CI runs these tests")
FPS = 25
FRAME_MS = 1000 // FPS


@pytest.fixture(scope="module")
def standin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The first minute of the German master, spoken, with cuts; and its ground truth."""
    if MISSING:
        pytest.skip(f"{', '.join(MISSING)} not installed")
    folder = tmp_path_factory.mktemp("film")
    film, truth = folder / "standin.mp4", folder / "standin.json"
    # 640x360 keeps the test fast; the full 720p film is measured in subtool/media/README.md.
    subprocess.run([sys.executable, str(STANDIN), "--until", "60", "--resolution", "640x360",
                    "--output", str(film), "--truth", str(truth)], check=True)
    return film, json.loads(truth.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def facts(standin: tuple[Path, dict[str, Any]],
          tmp_path_factory: pytest.TempPathFactory) -> FilmFacts:
    return cache.analyse_cached(standin[0], tmp_path_factory.mktemp("cache"))


def _clip(path: Path, *, rate: str = "25", audio: bool = True, cut_frame: int = 30) -> Path:
    """Two plain scenes cut at ``cut_frame``; with a 440 Hz tone (no speech) when ``audio``."""
    # Half a frame short of the cut, so the source's frame count cannot round either way.
    first = float((cut_frame - Fraction(1, 2)) / Fraction(rate))
    graph = (f"color=c=navy:s=320x180:r={rate}:d={first:.6f}[a];"
             f"color=c=yellow:s=320x180:r={rate}:d=2[b];[a][b]concat=n=2:v=1:a=0[v]")
    sound = ["-f", "lavfi", "-i", "sine=f=440:d=3"] if audio else []
    mapping = ["-map", "0:a", "-c:a", "aac", "-shortest"] if audio else []
    subprocess.run(["ffmpeg", "-v", "error", "-y", *sound, "-filter_complex", graph,
                    "-map", "[v]", *mapping, "-c:v", "libx264", "-preset", "ultrafast",
                    str(path)], check=True)
    return path


# --- against the stand-in film ------------------------------------------------------------

@needs_tools
def test_standin_speaks_every_dialogue_cue_at_its_start(
        standin: tuple[Path, dict[str, Any]]) -> None:
    _, truth = standin
    cues = [c for c in read_track(ROOT / "subtitles" / "de.srt").cues if c.end <= 60_000]
    # Sound labels ("[Musik]", "[ruhige Musik]") are not spoken; every other cue is.
    dialogue = [c.start for c in cues if not re.fullmatch(r"\[[^\]]*\]", c.text.strip())]
    assert len(dialogue) == len(cues) - 2
    assert [s for s, _ in truth["speech"]] == dialogue
    ends = [e for _, e in truth["speech"]]
    starts = [s for s, _ in truth["speech"]]
    assert all(e > s for s, e in truth["speech"])
    assert all(nxt - end >= 400 for end, nxt in zip(ends, starts[1:], strict=False))
    assert all(t % FRAME_MS == 0 for t in truth["shot_changes"])


@needs_tools
def test_standin_never_lets_speech_overlap(tmp_path: Path) -> None:
    srt = tmp_path / "eng.srt"
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:02,500\n(Sprecher) Guten Tag und herzlich willkommen bei "
        "den Dortmunder Seniorenbüros in allen zwölf Stadtbezirken unserer Stadt!\n\n"
        "2\n00:00:02,500 --> 00:00:04,000\n[Musik]\n\n"
        "3\n00:00:04,000 --> 00:00:06,000\nJa.\n", encoding="utf-8")
    truth_file = tmp_path / "truth.json"
    done = subprocess.run([sys.executable, str(STANDIN), str(srt), "--resolution", "320x180",
                           "--output", str(tmp_path / "f.mp4"), "--truth", str(truth_file)],
                          check=True, capture_output=True, text=True)
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    assert truth["duration"] == 7000
    assert [s for s, _ in truth["speech"]] == [1000, 4000]  # the sound label is not spoken
    assert truth["speech"][0][1] <= 4000 - 400  # squeezed to keep the pause before "Ja."
    assert "(0 spoken faster to fit, 0 cut short)" not in done.stderr


@needs_tools
def test_shot_changes_are_found_within_one_frame(
        standin: tuple[Path, dict[str, Any]], facts: FilmFacts) -> None:
    true_cuts = standin[1]["shot_changes"]
    assert len(true_cuts) >= 5
    found = [t for t in true_cuts
             if timeline.nearest_shot_change(facts.shot_changes, t, within=FRAME_MS) is not None]
    assert len(found) >= 0.95 * len(true_cuts)
    false = [t for t in facts.shot_changes
             if timeline.nearest_shot_change(true_cuts, t, within=FRAME_MS) is None]
    assert len(false) <= 0.05 * len(true_cuts)
    assert all(t % FRAME_MS == 0 for t in facts.shot_changes)


@needs_tools
def test_speech_onsets_are_found_within_100_ms(
        standin: tuple[Path, dict[str, Any]], facts: FilmFacts) -> None:
    truth = standin[1]["speech"]
    onsets = [timeline.nearest_onset(facts.speech, s, within=100) for s, _ in truth]
    assert sum(o is not None for o in onsets) >= 0.95 * len(truth)
    # No speech is invented: every detected segment lies on a spoken utterance.
    for s, e in facts.speech:
        assert any(e > ts and s < te for ts, te in truth), (s, e)
    # And no utterance is split or merged with its neighbour.
    assert len(facts.speech) == len(truth)


@needs_tools
def test_a_shifted_track_is_recognised_from_the_film(
        standin: tuple[Path, dict[str, Any]], facts: FilmFacts) -> None:
    starts = [s for s, _ in standin[1]["speech"]]  # the dialogue cues' start times
    in_sync = timeline.estimate_offset(starts, facts.speech)
    assert in_sync is not None
    assert abs(in_sync.offset) <= 40
    late = timeline.estimate_offset([s + 600 for s in starts], facts.speech)
    assert late is not None
    assert abs(late.offset - 600) <= 40


@needs_tools
def test_duration_and_frame_rate(standin: tuple[Path, dict[str, Any]],
                                 facts: FilmFacts) -> None:
    assert facts.duration == standin[1]["duration"]
    assert facts.frame_rate == 25.0
    assert facts.analyser == "subtool-media"


@needs_tools
def test_cache_answers_a_second_run_quickly_with_equal_facts(
        standin: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    film = standin[0]
    t = time.perf_counter()
    first = cache.analyse_cached(film, tmp_path)
    cold = time.perf_counter() - t
    t = time.perf_counter()
    second = cache.analyse_cached(film, tmp_path)
    warm = time.perf_counter() - t
    assert second == first
    assert warm < cold / 10
    entries = list(tmp_path.glob("film-*.json"))
    assert len(entries) == 1
    assert FilmFacts.from_json(json.loads(entries[0].read_text(encoding="utf-8"))) == first
    assert not list(tmp_path.glob(".film-*"))  # no temporary file left behind


@needs_tools
def test_a_damaged_cache_entry_is_analysed_again(
        standin: tuple[Path, dict[str, Any]], facts: FilmFacts, tmp_path: Path) -> None:
    key = cache.content_hash(standin[0])
    entry = cache.entry_path(tmp_path, key, analyser_version())
    entry.write_text('{"duration": "broken"', encoding="utf-8")
    assert cache.analyse_cached(standin[0], tmp_path) == facts
    assert FilmFacts.from_json(json.loads(entry.read_text(encoding="utf-8"))) == facts


# --- other films and wrong inputs ---------------------------------------------------------

@needs_tools
def test_ntsc_frame_rate_and_cut_on_its_frame(tmp_path: Path) -> None:
    clip = _clip(tmp_path / "ntsc.mp4", rate="30000/1001", cut_frame=45)
    assert probe(clip).frame_rate == Fraction(30000, 1001)
    found = analyse(clip)
    assert found.frame_rate == pytest.approx(29.97002997)
    assert found.shot_changes == (1502,)  # frame 45 starts at 45 * 1001 / 30 = 1501.5 ms
    assert found.speech == ()  # a steady tone is not speech


@needs_tools
def test_missing_ffmpeg_is_explained(standin: tuple[Path, dict[str, Any]], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolMissingError) as err:
        analyse(standin[0])
    assert "sudo apt-get install ffmpeg" in str(err.value)
    assert isinstance(err.value, SubtoolError)


@needs_tools
def test_a_text_file_is_not_a_video(tmp_path: Path) -> None:
    notes = tmp_path / "film.mp4"
    notes.write_text("Dies ist kein Film.\n", encoding="utf-8")
    with pytest.raises(NotAVideoError) as err:
        analyse(notes)
    assert err.value.path == str(notes)
    assert "not a video" in str(err.value)


@needs_tools
def test_sound_without_picture_is_not_a_video(tmp_path: Path) -> None:
    wav = tmp_path / "ton.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=d=1", str(wav)],
                   check=True)
    with pytest.raises(NotAVideoError, match="no picture"):
        analyse(wav)


@needs_tools
def test_a_film_without_sound_is_reported(tmp_path: Path) -> None:
    clip = _clip(tmp_path / "stumm.mp4", audio=False)
    with pytest.raises(NoAudioError) as err:
        analyse(clip)
    assert "no sound track" in str(err.value)
    assert isinstance(err.value, MediaError)


def test_a_missing_film_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError):
        analyse(tmp_path / "nicht-da.mp4")
    with pytest.raises(ReadError):
        cache.analyse_cached(tmp_path / "nicht-da.mp4", tmp_path)


# --- pure parts ---------------------------------------------------------------------------

def test_segments_hysteresis_merge_and_minimum() -> None:
    # 32 ms frames: speech 2..9, a 2-frame dip (64 ms, merged), speech 12..19, a long pause,
    # a 3-frame burst (96 ms, dropped), a wobble between the thresholds that stays speech.
    scores = [0.0, 0.1, 0.9, 0.8, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.1, 0.2, 0.9, 0.9, 0.9,
              0.9, 0.9, 0.9, 0.9, 0.9] + [0.0] * 20 + [0.9, 0.9, 0.9] + [0.0] * 20 \
        + [0.6, 0.4, 0.45, 0.4, 0.6, 0.4, 0.4, 0.4, 0.4, 0.4, 0.2]
    found = speech.segments(iter(scores), 32)
    assert found == ((64, 640), (63 * 32, 73 * 32))


def test_segments_keep_speech_running_to_the_end() -> None:
    assert speech.segments([0.0] + [0.9] * 10, 20) == ((20, 220),)
    assert speech.segments([], 32) == ()


def test_frames_are_whole_whatever_the_pipe_delivers() -> None:
    class Trickle:
        """A pipe that hands out at most three bytes per read."""

        def __init__(self, data: bytes) -> None:
            self.data = data

        def read(self, size: int = -1, /) -> bytes:
            got, self.data = self.data[:min(size, 3)], self.data[min(size, 3):]
            return got

    got = list(speech.frames(Trickle(bytes(range(25))), 8))
    assert [bytes(f) for f in got] == [bytes(range(0, 8)), bytes(range(8, 16)),
                                       bytes(range(16, 24))]


def test_scdet_output_is_snapped_to_frames() -> None:
    out = ("frame:0    pts:122880  pts_time:9.6\nlavfi.scd.score=48.2\n"
           "frame:1    pts:1  pts_time:1.5015\nlavfi.scd.score=30\n"
           "frame:2    pts:0  pts_time:0\n")
    assert shots.parse(out, Fraction(25)) == (1520, 9600)
    assert shots.parse(out, Fraction(30000, 1001)) == (1502, 9610)


def test_film_facts_json_round_trip_and_errors() -> None:
    facts = FilmFacts(445_000, 25.0, ((4880, 8250), (11080, 13450)), (9600, 14800),
                      "subtool-media", "1")
    assert list(facts.to_json()) == ["duration", "frame_rate", "speech", "shot_changes"]
    data = json.loads(json.dumps(facts.to_json(provenance=True)))
    assert list(data) == ["duration", "frame_rate", "speech", "shot_changes", "analyser",
                          "analyser_version"]
    assert FilmFacts.from_json(data) == facts
    plain = {"duration": 1000, "frame_rate": 25, "speech": [[0, 500]], "shot_changes": [400]}
    assert FilmFacts.from_json(plain).frame_rate == 25.0
    for broken, word in [({**plain, "duration": 1.5}, "duration"),
                         ({**plain, "speech": [[500, 0]]}, "ends before"),
                         ({**plain, "frame_rate": 0}, "frame_rate"),
                         ({k: v for k, v in plain.items() if k != "shot_changes"}, "missing")]:
        with pytest.raises(ValueError, match=word):
            FilmFacts.from_json(broken)


def test_cache_store_is_atomic_and_tolerates_an_unwritable_folder(tmp_path: Path) -> None:
    facts = FilmFacts(1000, 25.0, ((0, 500),), (400,))
    cache.store(tmp_path, "1-abc", "1", facts)
    assert cache.load(tmp_path, "1-abc", "1") == facts
    assert cache.load(tmp_path, "1-abc", "2") is None
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    cache.store(blocker / "sub", "1-abc", "1", facts)  # a file where a folder should be: no error
    assert cache.load(blocker / "sub", "1-abc", "1") is None


def test_content_hash_changes_with_the_content(tmp_path: Path) -> None:
    a = tmp_path / "a.bin"
    a.write_bytes(b"x" * (cache.BLOCK + 5))
    first = cache.content_hash(a)
    assert first.startswith(f"{cache.BLOCK + 5}-")
    a.write_bytes(b"x" * (cache.BLOCK + 4) + b"y")
    assert cache.content_hash(a) != first


def test_film_key_is_remembered_until_the_file_changes(tmp_path: Path) -> None:
    film, store = tmp_path / "film.mp4", tmp_path / "cache"
    film.write_bytes(b"a" * 100)
    key = cache.film_key(film, store)
    assert key == cache.content_hash(film)
    memos = list(store.glob("stat-*.key"))
    assert len(memos) == 1
    # While the file's status holds, the remembered key is used without reading the file.
    planted = "100-" + "0" * 64
    memos[0].write_text(planted + "\n", encoding="ascii")
    assert cache.film_key(film, store) == planted
    time.sleep(0.05)  # past the file system's timestamp granularity
    film.write_bytes(b"b" * 100)  # same size, new content
    assert cache.film_key(film, store) == cache.content_hash(film) != key
    for memo in store.glob("stat-*.key"):
        memo.write_text("garbage", encoding="ascii")  # a damaged memo is hashed again
    assert cache.film_key(film, store) == cache.content_hash(film)
    with pytest.raises(ReadError):
        cache.film_key(tmp_path / "gone.mp4", store)


def test_timeline_lookups() -> None:
    cuts = (1000, 5000, 9000)
    assert timeline.nearest_shot_change(cuts, 5300) == 5000
    assert timeline.nearest_shot_change(cuts, 5300, within=200) is None
    assert timeline.nearest_shot_change((), 5) is None
    assert timeline.shot_changes_between(cuts, 1000, 9000) == (5000,)
    speech_ = ((100, 900), (2000, 3000), (4000, 4500))
    assert timeline.speech_overlapping(speech_, 800, 2100) == ((100, 900), (2000, 3000))
    assert timeline.speech_overlapping(speech_, 900, 2000) == ()
    assert timeline.speech_overlap(speech_, 800, 2100) == 200
    assert timeline.nearest_onset(speech_, 2400) == 2000
    assert timeline.nearest_onset(speech_, 3400, within=500) is None


def test_frames_and_milliseconds() -> None:
    assert timeline.ms_to_frames(1000, 25) == 25
    assert timeline.frames_to_ms(45, 30000 / 1001) == 1502
    assert timeline.snap_to_frame(1519, 25) == 1520
    assert timeline.ms_to_frames(timeline.frames_to_ms(12345, 29.97002997), 29.97002997) == 12345


def test_constant_offset_is_estimated_only_when_cues_agree() -> None:
    onsets = [(s, s + 1500) for s in range(1000, 60_000, 4000)]
    shifted = [s + 400 + (i % 3 - 1) * 30 for i, (s, _) in enumerate(onsets)]
    found = timeline.estimate_offset(shifted, onsets)
    assert found is not None
    assert found.offset == 400
    assert found.pairs == len(onsets)
    # Individual timing errors in both directions are no constant shift.
    scattered = [s + (600 if i % 2 else -600) + i * 20 for i, (s, _) in enumerate(onsets)]
    assert timeline.estimate_offset(scattered, onsets) is None
    # Too few cues to tell.
    assert timeline.estimate_offset(shifted[:3], onsets) is None
