"""``subtool preview``: one HTML page to watch or read every language.

With a video, the page has a ``<video>`` element and one ``<track>`` per language; the
WebVTT text is embedded in the page and handed to the browser as blob URLs, so the page
works from disk without a server (a ``file://`` page may not load ``.vtt`` files next to
it). The video's address is given as it should appear in the page (the pipeline makes a
local film's path relative to the page). Clicking a row of the cue table (or its time
button) moves the video to that cue. Without a video, the page shows a timeline of the
cues and the same side-by-side table of every language, aligned by time to the master.

The audio description tracks come as ``<track kind="descriptions">`` (for players and
screen readers that read them out); when a described version of the film exists, a group
of radio buttons under the player switches between the original sound and the described
version (same picture, the descriptions spoken), keeping the time.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

from subtool.core.align import align
from subtool.core.model import Track
from subtool.core.text import visible
from subtool.core.timecode import format_short
from subtool.languages import native_name
from subtool.languages.i18n import _
from subtool.render import export, page
from subtool.render.page import scroll_box, text_attrs

# The player loads the film from wherever the page says (a relative path, a web address)
# and the subtitle tracks from blob URLs the page's own script makes; nothing else.
PLAYER_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                 "media-src * blob: data: file:")

_CSS = """
body { max-width: 80rem; }
video { display: block; width: 100%; max-width: 960px; background: #000; }
.row { display: flex; align-items: center; margin: 2px 0; }
.label { width: 3rem; font-family: ui-monospace, monospace; }
.lane { position: relative; flex: 1; height: 14px; background: #eee; }
.cue { position: absolute; top: 0; bottom: 0; background: #2a6ebb; border-right: 1px solid #fff; }
table.cues th, table.cues td { font-size: .9rem; min-width: 9rem; }
table.cues td.time { font-family: ui-monospace, monospace; white-space: nowrap; min-width: 0; }
tr[data-start] { cursor: pointer; }
tr[data-start]:hover { background: #f3f7fc; }
button.seek { font: inherit; padding: .1rem .3rem; cursor: pointer; }
fieldset.sound { max-width: 960px; margin: .75rem 0; }
fieldset.sound label { display: inline-block; margin-inline-end: 1.25rem; padding: .25rem 0; }
.lane.described .cue { background: #6b3fa0; }
"""

# Event delegation: one listener for all rows; the row's data-start is in seconds, as
# HTMLMediaElement.currentTime wants it.
_SCRIPT = """
const video = document.getElementById("player");
JSON.parse(document.getElementById("tracks").textContent).forEach((t, i) => {
  const el = document.createElement("track");
  el.kind = t.kind; el.srclang = t.lang; el.label = t.label; el.default = i === 0;
  el.src = URL.createObjectURL(new Blob([t.vtt], {type: "text/vtt"}));
  video.appendChild(el);
});
// The sound: the original film or a described version; the picture and time stay.
document.querySelectorAll("input[name=sound]").forEach((input) => {
  input.addEventListener("change", () => {
    const at = video.currentTime, playing = !video.paused;
    video.src = input.value;
    video.addEventListener("loadedmetadata", () => {
      video.currentTime = at;
      if (playing) video.play();
    }, {once: true});
  });
});
document.getElementById("cue-table").addEventListener("click", (event) => {
  const row = event.target.closest("tr[data-start]");
  if (!row) return;
  video.currentTime = Number(row.dataset.start);
  video.scrollIntoView({block: "nearest"});
});
"""


def _json_for_script(value: object) -> str:
    # "<" escaped so that no subtitle text can close the <script> element.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def _timeline(tracks: Sequence[tuple[str, Track]],
              descriptions: Sequence[tuple[str, Track]] = ()) -> str:
    esc = html.escape
    end = max((c.end for _lang, t in [*tracks, *descriptions] for c in t.cues),
              default=1) or 1
    rows = []
    lanes = [(lang, track, "") for lang, track in tracks]
    # The audio descriptions in a lane of their own, marked "AD" beside the language.
    lanes += [(lang, track, " described") for lang, track in descriptions]
    for lang, track, kind in lanes:
        boxes = "".join(
            f'<span class="cue" style="left:{c.start * 100 / end:.3f}%;'
            f'width:{max(c.duration, 0) * 100 / end:.3f}%" '
            f'title="{esc(format_short(c.start))} {esc(visible(c.text))}"></span>'
            for c in track.cues)
        label = esc(lang) + (" AD" if kind else "")
        rows.append(f'<div class="row"><span class="label">{label}</span>'
                    f'<div class="lane{kind}">{boxes}</div></div>')
    return "\n".join(rows)


def _table(tracks: Sequence[tuple[str, Track]], seek: bool) -> str:
    esc = html.escape
    master = tracks[0][1]
    head = "".join(f'<th scope="col" {text_attrs(lang)}>{esc(native_name(lang))}</th>'
                   for lang, _track in tracks)
    alignments = [align(master.cues, track.cues) for _lang, track in tracks]
    rows = []
    for m, cue in enumerate(master.cues):
        cells = []
        for (lang, track), alignment in zip(tracks, alignments, strict=True):
            text = "\n".join(visible(track.cues[t].text) for t in alignment.translation_for[m])
            cells.append(f"<td {text_attrs(lang)}>{esc(text).replace(chr(10), '<br>')}</td>")
        when = esc(format_short(cue.start))
        seconds = f"{cue.start // 1000}.{cue.start % 1000:03d}"
        if seek:
            first = (f'<td class="time">{m + 1}<br><button type="button" class="seek">{when}'
                     "</button></td>")
            rows.append(f'<tr data-start="{seconds}">{first}{"".join(cells)}</tr>')
        else:
            rows.append(f'<tr><td class="time">{m + 1}<br>{when}</td>{"".join(cells)}</tr>')
    cue_heading = _("cue")
    return (f'<table class="cues" id="cue-table"><thead><tr><th scope="col">{esc(cue_heading)}'
            f"</th>{head}</tr></thead>\n<tbody>\n{chr(10).join(rows)}\n</tbody></table>")


def _sound_choice(video: str, described: Sequence[tuple[str, str]]) -> str:
    """Radio buttons that switch the player between the original sound and each described
    version (``described``: language and the described video's address)."""
    esc = html.escape
    options = [(video, esc(_("Original sound")))]
    options += [(address, esc(_("With audio description ({language})")).format(
        language=f"<span {text_attrs(lang)}>{esc(native_name(lang))}</span>"))
        for lang, address in described]
    inputs = []
    for i, (address, label) in enumerate(options):
        checked = " checked" if i == 0 else ""
        inputs.append(f'<label><input type="radio" name="sound" value="{esc(address)}"'
                      f"{checked}> {label}</label>")
    legend = _("Sound")
    return (f'<fieldset class="sound"><legend>{esc(legend)}</legend>'
            + "".join(inputs) + "</fieldset>")


def preview_html(tracks: Sequence[tuple[str, Track]], *, title: str,
                 video: str | None = None,
                 descriptions: Sequence[tuple[str, Track]] = (),
                 described: Sequence[tuple[str, str]] = ()) -> str:
    """The preview page for ``tracks`` (the master first); ``video`` is the film's address
    as the page should use it (relative to the page, or a web address). ``descriptions``:
    the audio description tracks (language, track); ``described``: the described versions
    of the film that exist (language, address as the page uses it)."""
    esc = html.escape
    parts = []
    script = ""
    if video is not None:
        data = [{"lang": lang, "label": native_name(lang), "kind": "subtitles",
                 "vtt": export.vtt_text(track, lang, title)} for lang, track in tracks]
        data += [{"lang": lang, "kind": "descriptions",
                  "label": _("{language} – audio description").format(
                      language=native_name(lang)),
                  "vtt": export.vtt_text(track, lang, title)} for lang, track in descriptions]
        player_label = _("The film with subtitles in every language")
        parts.append(f'<video id="player" controls preload="metadata" src="{esc(video)}" '
                     f'aria-label="{esc(player_label)}"></video>\n'
                     f'<script type="application/json" id="tracks">{_json_for_script(data)}'
                     "</script>\n<p>" + esc(_("Choose the language under the subtitles "
                                               "button of the player. Click a row of the "
                                               "table to see that cue in the film.")) + "</p>")
        if described:
            parts.append(_sound_choice(video, described))
        script = _SCRIPT
    parts.append("<h2>" + esc(_("Timeline")) + "</h2>\n" + _timeline(tracks, descriptions))
    table_label = _("All languages, cue by cue")
    parts.append(f"<h2>{esc(table_label)}</h2>\n"
                 + scroll_box(_table(tracks, seek=video is not None), table_label))
    return page.render(page.Page(
        title=_("Preview – {title}").format(title=title), heading=esc(title),
        main="\n".join(parts), css=_CSS, script=script,
        policy=PLAYER_POLICY if video is not None else page.STRICT_POLICY))
