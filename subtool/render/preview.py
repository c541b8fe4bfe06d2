"""``subtool preview``: one self-contained HTML page to watch or read every language.

With a video, the page has a ``<video>`` element and one ``<track>`` per language; the
WebVTT text is embedded in the page and handed to the browser as blob URLs, so the page
works from disk without a server (a ``file://`` page may not load ``.vtt`` files next to
it). Without a video, the page shows a timeline of the cues and a side-by-side table of
every language aligned by time to the master.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

from subtool.core.align import align
from subtool.core.model import Track
from subtool.core.text import visible
from subtool.core.timecode import format_short
from subtool.languages import is_rtl, lookup
from subtool.render import export


def _name(lang: str) -> str:
    language = lookup(lang)
    return language.native if language else lang


def _json_for_script(value: object) -> str:
    # "<" escaped so that no subtitle text can close the <script> element.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def preview_html(tracks: Sequence[tuple[str, Track]], *, title: str, master_lang: str,
                 video: str | None = None) -> str:
    """The preview page for ``tracks`` (the master first)."""
    esc = html.escape
    master = tracks[0][1]
    end = max((c.end for _, t in tracks for c in t.cues), default=1) or 1
    timeline = []
    for lang, track in tracks:
        boxes = "".join(
            f'<span class="cue" style="left:{c.start * 100 / end:.3f}%;'
            f'width:{max(c.duration, 0) * 100 / end:.3f}%" '
            f'title="{esc(format_short(c.start))} {esc(visible(c.text))}"></span>'
            for c in track.cues)
        timeline.append(f'<div class="row"><span class="label">{esc(lang)}</span>'
                        f'<div class="lane">{boxes}</div></div>')
    head = "".join(f'<th lang="{esc(lang)}" dir="{"rtl" if is_rtl(lang) else "ltr"}">'
                   f"{esc(_name(lang))}</th>" for lang, _ in tracks)
    alignments = [align(master.cues, track.cues) for _, track in tracks]
    rows = []
    for m, cue in enumerate(master.cues):
        cells = []
        for (lang, track), alignment in zip(tracks, alignments, strict=True):
            text = "\n".join(visible(track.cues[t].text) for t in alignment.translation_for[m])
            cells.append(f'<td lang="{esc(lang)}" dir="{"rtl" if is_rtl(lang) else "ltr"}">'
                         f"{esc(text).replace(chr(10), '<br>')}</td>")
        rows.append(f'<tr><td class="time">{m + 1}<br>{esc(format_short(cue.start))}</td>'
                    f"{''.join(cells)}</tr>")
    player = ""
    if video is not None:
        data = [{"lang": lang, "label": _name(lang), "vtt": export.vtt_text(track, lang, title)}
                for lang, track in tracks]
        player = f"""<video id="player" controls preload="metadata" src="{esc(video)}"></video>
<script type="application/json" id="tracks">{_json_for_script(data)}</script>
<script>
const video = document.getElementById("player");
JSON.parse(document.getElementById("tracks").textContent).forEach((t, i) => {{
  const el = document.createElement("track");
  el.kind = "subtitles"; el.srclang = t.lang; el.label = t.label; el.default = i === 0;
  el.src = URL.createObjectURL(new Blob([t.vtt], {{type: "text/vtt"}}));
  video.appendChild(el);
}});
</script>"""
    return f"""<!DOCTYPE html>
<html lang="{esc(master_lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Preview – {esc(title)}</title>
<style>
body {{ font: 1rem/1.45 system-ui, sans-serif; margin: 1rem; color: #111; background: #fff; }}
video {{ width: 100%; max-width: 960px; background: #000; }}
.row {{ display: flex; align-items: center; margin: 2px 0; }}
.label {{ width: 3rem; font-family: monospace; }}
.lane {{ position: relative; flex: 1; height: 14px; background: #eee; }}
.cue {{ position: absolute; top: 0; bottom: 0; background: #2a6ebb; border-right: 1px solid #fff; }}
table {{ border-collapse: collapse; margin-top: 1rem; }}
th, td {{ border: 1px solid #ccc; padding: .25rem .4rem; vertical-align: top; font-size: .9rem; }}
td.time {{ font-family: monospace; white-space: nowrap; }}
</style>
</head>
<body>
<h1>{esc(title)}</h1>
{player}
<h2>Timeline</h2>
{''.join(timeline)}
<h2>All languages, cue by cue</h2>
<table><thead><tr><th>cue</th>{head}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
</body>
</html>
"""
