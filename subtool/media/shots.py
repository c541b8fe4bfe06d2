"""Shot changes of a film: ffmpeg's ``scdet`` scene-change filter.

``scdet`` scores each frame 0-100: the smaller of its mean absolute difference from the
previous frame and how much that difference changed since the frame before, so steady motion
(a pan, grain) scores low and a sudden change of the whole picture high. Frames scoring above
the threshold are passed on. The first frame of
the new shot is reported, which is the time a subtitle in-time goes onto (Netflix timing
guidelines). The picture is scaled down (fast bilinear) before scoring: a cut is a change of
the whole picture and survives scaling, and scoring a small picture costs less than the
scaling; decoding is then nearly the whole cost (measured in the README).

Why this threshold and this size: ``subtool/media/README.md`` (measurements).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from subtool.core.errors import AnalysisError

if TYPE_CHECKING:
    from fractions import Fraction

# ffmpeg's own default and the middle of the range its documentation recommends (8-14);
# on the stand-in films cuts score 20-50 and the most changing non-cut frame (grain and
# motion) about 2, see the README.
SCENE_THRESHOLD = 10.0
# Width the picture is scaled to before scoring (height follows the aspect ratio).
ANALYSIS_WIDTH = 160

_PTS_TIME = re.compile(r"^frame:\d+\s+pts:-?\d+\s+pts_time:(-?[\d.]+)", re.MULTILINE)


def command(path: Path, threshold: float = SCENE_THRESHOLD,
            width: int = ANALYSIS_WIDTH) -> list[str]:
    """The ffmpeg command that prints one ``pts_time`` line per detected shot change."""
    graph = (f"scale={width}:-2:flags=fast_bilinear,scdet=threshold={threshold}:sc_pass=1,"
             "metadata=mode=print:file='pipe\\:1'")
    return ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-map", "0:v:0", "-an",
            "-sn", "-dn", "-vf", graph, "-f", "null", "-"]


def snap(seconds: float, frame_rate: Fraction) -> int:
    """A time in seconds moved onto the nearest frame boundary, in integer milliseconds."""
    from fractions import Fraction  # noqa: PLC0415 (the threshold is read without it)

    frame = round(Fraction(seconds) * frame_rate)
    return round(Fraction(frame * 1000) / frame_rate)


def parse(output: str, frame_rate: Fraction) -> tuple[int, ...]:
    """Shot-change times (ms, frame-snapped, ascending, no duplicates) from the metadata print.

    A change at the film's very first frame is no cut (there is nothing before it).
    """
    times = {snap(float(m.group(1)), frame_rate) for m in _PTS_TIME.finditer(output)}
    return tuple(sorted(t for t in times if t > 0))


def detect(path: Path, frame_rate: Fraction, threshold: float = SCENE_THRESHOLD,
           width: int = ANALYSIS_WIDTH) -> tuple[int, ...]:
    """Shot-change times of the film at ``path`` in ms, on frame boundaries of ``frame_rate``.

    Raises AnalysisError when ffmpeg fails.
    """
    done = subprocess.run(command(path, threshold, width), capture_output=True,
                          stdin=subprocess.DEVNULL, check=False)
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip()
        raise AnalysisError(str(path), reason or f"ffmpeg exited with code {done.returncode}")
    return parse(done.stdout.decode("utf-8", "replace"), frame_rate)
