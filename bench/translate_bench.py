"""Benchmark of machine-translation drafts: throughput against a LibreTranslate stand-in.

The film's ten languages are drafted from scratch (no track, no state) through the
LibreTranslate stand-in of the tests, on 127.0.0.1, which answers every translation request
after :data:`LATENCY` seconds, as a busy self-hosted server would. With the provider's limit
of ``max_concurrency`` requests in flight, no client can finish faster than
``requests × latency ÷ limit``; the figure is the wall time against that bound (target
≤ 1.5×: the engine keeps every slot busy and adds little of its own).

Then the same ten languages are drafted again with the translation memory the first run
wrote: that run must send no request at all.

``run(repeat)`` returns ``(name, subject, baseline, target)`` rows for ``bench/run.py``:

- ``translate``: median wall seconds of the cold run vs ``requests × latency ÷ limit``
  seconds, target 1.5;
- ``translate-warm``: median wall seconds of the warm run vs the cold run, target 0.2 (the
  memory makes drafting a local operation);
- ``tm-requests``: requests sent by the warm runs (a count, not seconds) vs those of the cold
  runs, target 0: the ratio is 0 exactly when the warm runs sent nothing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# One request's latency at the stand-in: a LibreTranslate server answering a small batch.
LATENCY = 0.05
CONCURRENCY = 4


def run(repeat: int) -> list[tuple[str, float, float, float]]:
    """Draft the film ``max(3, repeat // 3)`` times cold and warm; the figures above."""
    sys.path.insert(0, str(ROOT / "tests"))
    from translate_standins import LibreStandIn  # noqa: PLC0415

    from subtool.formats import srt  # noqa: PLC0415
    from subtool.project.config import find as find_project  # noqa: PLC0415
    from subtool.project.config import read as load  # noqa: PLC0415
    from subtool.project.memory import Memory  # noqa: PLC0415
    from subtool.project.store import read_glossary as load_glossary  # noqa: PLC0415
    from subtool.translation.mt import RetryPolicy, draft  # noqa: PLC0415
    from subtool.translation.mt.libre import LibreProvider  # noqa: PLC0415

    film = load(find_project(ROOT) or ROOT / "pyproject.toml")
    assert film.master_path is not None and film.glossary is not None
    master = srt.parse(film.master_path.read_text(encoding="utf-8"))
    glossary = load_glossary(film.root / film.glossary, source=film.master_language,
                             languages=film.languages)
    cold: list[float] = []
    ideal: list[float] = []
    warm: list[float] = []
    cold_requests = warm_requests = 0
    for _ in range(max(3, repeat // 3)):
        with tempfile.TemporaryDirectory() as tmp, LibreStandIn(latency=LATENCY) as server:
            path = Path(tmp) / "memory.jsonl"
            provider = LibreProvider(server.url, env={}, max_concurrency=CONCURRENCY)
            for wall, memory_runs in ((cold, 0), (warm, 1)):
                before = server.requests
                with Memory(path) as memory:
                    start = time.perf_counter()
                    for lang in film.languages:
                        result = draft(master, None, None, lang=lang,
                                       master_lang=film.master_language, provider=provider,
                                       glossary=glossary, memory=memory,
                                       retry=RetryPolicy(attempts=1))
                        assert result.error is None, result.error
                    wall.append(time.perf_counter() - start)
                sent = server.requests - before
                if memory_runs:
                    warm_requests += sent
                else:
                    cold_requests += sent
                    ideal.append(sent * LATENCY / CONCURRENCY)
    return [
        ("translate", statistics.median(cold), statistics.median(ideal), 1.5),
        ("translate-warm", statistics.median(warm), statistics.median(cold), 0.2),
        ("tm-requests", float(warm_requests), float(cold_requests), 0.0),
    ]


if __name__ == "__main__":
    for name, subject, baseline, target in run(3):
        print(f"{name:<15} {subject:10.3f} vs {baseline:10.3f}  ratio {subject / baseline:5.2f}× "
              f"(target ≤ {target:g}×)")
