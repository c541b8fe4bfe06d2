"""The subtitle writers: what ``subtool convert`` writes reads back as it was, or is refused.

Each test here was written against a defect a hostile-input pass found (SBV hours, text that
ASS, TTML, MicroDVD and MPL2 would change, pysubs2 warnings, ASS read leniently) and fails
when the fix it guards is taken out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import run_subtool as run

from subtool.formats import parse_bytes, sbv

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "srt-real"

# ------------------------------------------------------------------------------ SBV hours

TEN_HOURS = ("1\n09:59:59,000 --> 10:00:02,000\nlong film\n\n"
             "2\n123:00:00,000 --> 123:00:02,000\nvery long\n")


def test_sbv_writes_every_digit_of_the_hours(tmp_path: Path) -> None:
    (tmp_path / "ten.srt").write_text(TEN_HOURS, "utf-8")
    result = run("convert", "ten.srt", "ten.sbv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ten.sbv").read_text("utf-8") == (
        "9:59:59.000,10:00:02.000\nlong film\n\n123:00:00.000,123:00:02.000\nvery long\n")
    back = run("convert", "ten.sbv", "back.srt", cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    assert (tmp_path / "back.srt").read_text("utf-8") == TEN_HOURS


@pytest.mark.parametrize(("ms", "text"), [(0, "0:00:00.000"), (3_599_999, "0:59:59.999"),
                                          (36_000_000, "10:00:00.000"),
                                          (186_048_000, "51:40:48.000")])
def test_sbv_time_has_one_digit_hours_below_ten_and_all_digits_above(ms: int,
                                                                      text: str) -> None:
    # YouTube writes 0:00:01.000; Subtitle Edit reads any number of hour digits.
    assert sbv.format_time(ms) == text
    assert re.fullmatch(sbv.TIMING_RE, f"{text},{text}")


LONG_FILES = ("ccextractor__multiprogram_spain_nosplit.srt",  # 17 h
              "ccextractor__test_split_verification__c49_test.srt")  # 51 h


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus/srt-real")
@pytest.mark.parametrize("name", LONG_FILES)
def test_real_files_of_many_hours_convert_to_sbv_and_back(tmp_path: Path, name: str) -> None:
    source = CORPUS / name
    if not source.is_file():
        pytest.skip(f"{name} is not in the corpus")
    original = parse_bytes(source.read_bytes(), "srt")
    assert max(c.end for c in original.cues) >= 10 * 3_600_000  # the point of the test
    result = run("convert", str(source), "long.sbv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    back = parse_bytes((tmp_path / "long.sbv").read_bytes(), "sbv")
    assert not back.diagnostics
    assert [(c.start, c.end, c.text) for c in back.cues] \
        == [(c.start, c.end, c.text) for c in original.cues]
