"""The timeline of each language against the film, drawn as inline SVG for ``report.html``.

One figure per language: a time axis, then four lanes: the film's shot changes, its
speech (speech that no cue of this track covers drawn in red), the track's cues, and the
problems the checks found (errors full height, warnings two thirds, notes one third, so
colour is never the only difference: WCAG 1.4.1). Every mark carries a ``<title>`` with its
time and message for a pointer; the figure's caption says in words what the picture shows,
and names the SVG for screen readers (WCAG 1.1.1); the problems themselves are listed as
text elsewhere in the report. The picture is wider than a phone: it scrolls inside its own
focusable box (``page.scroll_box``), never the page.

Pure: the data comes from :mod:`subtool.engine.timeline`; every text is escaped here.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from subtool.core.film import Segment
from subtool.core.model import Severity
from subtool.core.timecode import format_short
from subtool.engine.timeline import Mark, Timeline
from subtool.languages.i18n import _, decimal, language_name, ngettext
from subtool.render.page import scroll_box, text_attrs

# Drawing units of the viewBox (the SVG scales to the box's width, text with it).
LABEL = 96  # left margin for the lane names
PLOT = 1000  # the film's duration
TOP = 16  # the time axis
LANE = 16  # height of a lane
STEP = 20  # from one lane's top to the next one's
LANES = 4
HEIGHT = TOP + LANES * STEP
MIN_WIDTH = 1.5  # a cue or mark never thinner than this, so a short one stays visible
TICK_STEPS_S = (5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600)
MAX_TICKS = 10
SHARE = {Severity.ERROR: 1.0, Severity.WARNING: 2 / 3, Severity.INFO: 1 / 3}

# Colours of the marks pass WCAG 1.4.11 (3:1 against white); lane names pass 4.5:1.
CSS = """
figure.timeline { margin: .75rem 0 1.25rem; }
figure.timeline figcaption { margin: .25rem 0; }
figure.timeline .scroll { margin: 0; }
svg.timeline { display: block; width: 100%; min-width: 48rem; height: auto; }
svg.timeline text { font: 11px system-ui, sans-serif; fill: #222; }
svg.timeline .grid { stroke: #ccc; stroke-width: .5; }
svg.timeline .lane { fill: #f4f4f4; }
svg.timeline .cut { stroke: #111; stroke-width: 1.2; }
svg.timeline .speech { fill: #5b6b7b; }
svg.timeline .uncovered { fill: #b00020; }
svg.timeline .cue { fill: #1f5fa8; stroke: #fff; stroke-width: .6; }
svg.timeline .error { fill: #a40000; }
svg.timeline .warning { fill: #8a5a00; }
svg.timeline .info { fill: #555; }
ul.legend .speech { background: #5b6b7b; } ul.legend .uncovered { background: #b00020; }
ul.legend .cue { background: #1f5fa8; } ul.legend .error { background: #a40000; }
ul.legend .warning { background: #8a5a00; } ul.legend .info { background: #555; }
ul.legend { list-style: none; padding: 0; margin: .25rem 0 .75rem; display: flex;
            flex-wrap: wrap; gap: .25rem 1.25rem; }
ul.legend span.swatch { display: inline-block; width: .9rem; height: .9rem;
                        vertical-align: -.1rem; margin-inline-end: .35rem;
                        border: 1px solid #111; }
@media (forced-colors: active) { svg.timeline * { forced-color-adjust: auto; } }
"""


def _x(ms: int, duration: int) -> float:
    return LABEL + PLOT * min(max(ms, 0), duration) / duration if duration > 0 else LABEL


def _rect(start: int, end: int, duration: int, lane: int, css: str, title: str = "",
          share: float = 1.0) -> str:
    """A bar from ``start`` to ``end`` in ``lane`` (0 = top), ``share`` of the lane's height,
    standing on the lane's bottom."""
    x0, x1 = _x(start, duration), _x(end, duration)
    width = max(x1 - x0, MIN_WIDTH)
    height = LANE * share
    y = TOP + lane * STEP + (LANE - height)
    tip = f"<title>{html.escape(title)}</title>" if title else ""
    return (f'<rect class="{css}" x="{x0:.1f}" y="{y:.1f}" width="{width:.1f}" '
            f'height="{height:.1f}">{tip}</rect>')


def _clock(ms: int) -> str:
    """A round time for the axis: ``M:SS`` (``H:MM:SS`` past an hour)."""
    return format_short(ms).partition(".")[0]


def _seconds(ms: int) -> str:
    return _("{value} s").format(value=decimal(ms / 1000))


def _span(segment: Segment) -> str:
    return f"{format_short(segment[0])}–{format_short(segment[1])}"


def _ticks(duration: int) -> list[str]:
    """Grid lines and time labels, at most MAX_TICKS of them, on round seconds."""
    step = next((s for s in TICK_STEPS_S if duration / 1000 / s <= MAX_TICKS),
                TICK_STEPS_S[-1]) * 1000
    parts = []
    for ms in range(0, duration + 1, step):
        x = _x(ms, duration)
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="{TOP - 2}" x2="{x:.1f}" '
                     f'y2="{HEIGHT}"/>')
        anchor = "start" if ms == 0 else "middle"
        parts.append(f'<text x="{x:.1f}" y="{TOP - 5}" text-anchor="{anchor}">'
                     f"{html.escape(_clock(ms))}</text>")
    return parts


def _mark(mark: Mark, duration: int) -> str:
    where = (_("cue {number}").format(number=mark.cue) if mark.cue is not None
             else _("the whole file"))
    title = f"{_span((mark.start, mark.end))}, {where}: {mark.message}"
    return _rect(mark.start, mark.end, duration, 3, mark.severity.value, title,
                 SHARE[mark.severity])


def _lanes() -> list[str]:
    names = (_("Cuts"), _("Speech"), _("Cues"), _("Problems"))
    parts = []
    for lane, name in enumerate(names):
        y = TOP + lane * STEP
        parts.append(f'<rect class="lane" x="{LABEL}" y="{y}" width="{PLOT}" height="{LANE}"/>')
        parts.append(f'<text x="4" y="{y + LANE - 4}">{html.escape(name)}</text>')
    return parts


def svg(row: Timeline, label_id: str) -> str:
    """The picture of one language's timeline; ``label_id`` names the element that
    describes it in words."""
    d = row.duration
    parts = [*_lanes(), *_ticks(d)]
    for ms in row.shot_changes:
        x = _x(ms, d)
        parts.append(f'<line class="cut" x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" '
                     f'y2="{TOP + LANE}"><title>{html.escape(format_short(ms))}</title></line>')
    speech_label = _("speech {span}")
    parts += [_rect(s, e, d, 1, "speech", speech_label.format(span=_span((s, e))))
              for s, e in row.speech]
    gap_label = _("speech without a cue {span}")
    parts += [_rect(s, e, d, 1, "uncovered", gap_label.format(span=_span((s, e))))
              for s, e in row.uncovered]
    cue_label = _("cue {number}: {span}")
    parts += [_rect(s, e, d, 2, "cue", cue_label.format(number=n, span=_span((s, e))))
              for n, (s, e) in enumerate(row.cues, 1)]
    parts += [_mark(m, d) for m in row.marks]
    return (f'<svg class="timeline" role="img" aria-labelledby="{html.escape(label_id)}" '
            f'viewBox="0 0 {LABEL + PLOT + 8} {HEIGHT + 2}" '
            f'xmlns="http://www.w3.org/2000/svg">' + "".join(parts) + "</svg>")


def caption(row: Timeline) -> str:
    """What the picture shows, in words (plain text)."""
    uncovered = sum(e - s for s, e in row.uncovered)
    counts = {sev: sum(1 for m in row.marks if m.severity is sev) for sev in Severity}
    parts = [
        ngettext("{count} cue", "{count} cues", len(row.cues)).format(count=len(row.cues)),
        ngettext("{count} stretch of speech", "{count} stretches of speech",
                 len(row.speech)).format(count=len(row.speech)),
        ngettext("{count} cut", "{count} cuts",
                 len(row.shot_changes)).format(count=len(row.shot_changes)),
    ]
    if row.uncovered:
        parts.append(_("{duration} of speech without a cue").format(
            duration=_seconds(uncovered)))
    parts.append(ngettext("{count} error", "{count} errors", counts[Severity.ERROR]).format(
        count=counts[Severity.ERROR]))
    parts.append(ngettext("{count} warning", "{count} warnings",
                          counts[Severity.WARNING]).format(count=counts[Severity.WARNING]))
    if counts[Severity.INFO]:
        parts.append(ngettext("{count} note", "{count} notes", counts[Severity.INFO]).format(
            count=counts[Severity.INFO]))
    return ", ".join(parts)


def legend() -> str:
    """The key to the colours and heights, as a list of text (HTML)."""
    items = ((_("speech"), "speech"), (_("speech without a cue"), "uncovered"),
             (_("cue"), "cue"), (_("error (full height)"), "error"),
             (_("warning (two thirds)"), "warning"), (_("note (one third)"), "info"))
    cells = "".join(f'<li><span class="swatch {css}" aria-hidden="true"></span>'
                    f"{html.escape(text)}</li>" for text, css in items)
    cut = _("a cut is a black line in the top lane")
    return f'<ul class="legend">{cells}<li>{html.escape(cut)}</li></ul>'


def render_html(rows: Sequence[Timeline]) -> str:
    """One figure per language, after the key (HTML; empty without rows)."""
    if not rows:
        return ""
    figures = []
    for row in rows:
        anchor = f"timeline-{html.escape(row.lang)}"
        name = (f'<span {text_attrs(row.lang)}>{html.escape(language_name(row.lang))}</span>'
                f" ({html.escape(row.lang)})")
        # Time runs left to right whatever the language of the page or of the track.
        box = scroll_box(f'<div dir="ltr">{svg(row, f"{anchor}-caption")}</div>',
                         _("Timeline: {language}").format(language=language_name(row.lang)))
        figures.append(f'<figure class="timeline" id="{anchor}">'
                       f'<figcaption id="{anchor}-caption">{name}: '
                       f"{html.escape(caption(row))}</figcaption>{box}</figure>")
    return legend() + "\n" + "\n".join(figures)
