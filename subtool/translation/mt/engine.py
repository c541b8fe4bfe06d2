"""Machine-translation drafts for the cues that have none, never over people's work.

:func:`draft` is the whole flow for one language:

1. **Which cues.** A track is completed with an empty cue at the times of every master cue
   with text that no translated cue covers (a new track is all such cues). The cues to
   draft are those :func:`subtool.translation.state.drafts_needed` names (empty cues, and
   machine drafts
   whose master text changed), less people's cues: a cue whose state entry is ``human`` or
   ``accepted`` is never touched unless ``force`` (which drafts every cue with master text).
2. **Sentences.** Neighbouring cues of one sentence are translated as one text
   (``subtool.translation.mt.sentences``).
3. **Memory.** Each text is looked up in the translation memory (provider, language pair,
   source text, glossary version); hits cost no request.
4. **Glossary.** For what is left, the provider may take the approved terms itself (a DeepL
   glossary); otherwise they, and always the do-not-translate names, are replaced by
   placeholders and restored after translation (``subtool.translation.mt.protect``).
5. **Requests.** Texts are batched (at most ``provider.max_batch`` per request, spread over
   at least ``max_concurrency`` requests so every slot works) and sent by a pool of
   ``provider.max_concurrency`` threads. Failures are retried by :class:`RetryPolicy`; a
   Retry-After pauses every worker, not only the one that got it. Each result is restored
   and appended to the memory file the moment it arrives.
6. **Result.** Each translation is split back over its cues in proportion to their
   durations, joined to one line (``break_lines`` lays it out; the default keeps one line),
   and the drafted cues are recorded in the state as ``machine:<provider>`` / ``draft``.

Failures return partial results: :class:`Drafted` holds every draft that arrived (the
caller writes the track and state as usual), ``missing`` the cue numbers still without one,
and ``error`` a :class:`DraftIncompleteError` naming provider, language and the count (the caller
raises it after writing). A fatal failure (key refused, quota exhausted, a Retry-After
beyond the policy's limit) stops all sending at once. Ctrl-C propagates as
``KeyboardInterrupt`` after the pool is told to stop; every result that arrived is already
in the memory, so the next run resumes without sending it again.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from typing import TypeVar

from subtool.core.align import Alignment, align
from subtool.core.errors import DraftIncompleteError, ProviderError
from subtool.core.model import Cue, Track
from subtool.core.secrets import contains_secret
from subtool.core.text import char_name, not_in_text
from subtool.languages import is_rtl
from subtool.terms.glossary import Glossary
from subtool.translation.mt.base import GlossarySupport, Provider, RetryPolicy
from subtool.translation.mt.memory import TranslationMemory, memory_key
from subtool.translation.mt.protect import Protected, Protector, approved_terms
from subtool.translation.mt.sentences import group, split_by_duration
from subtool.translation.state import (
    Entry,
    State,
    drafts_needed,
    master_text,
    normal_text,
    record,
)

T = TypeVar("T")

ProgressCallback = Callable[[int, int], None]
"""``progress(done, total)``: cues drafted so far (memory hits included) of those needed.
Called from the thread that called :func:`draft`."""

LineBreaker = Callable[[str], str]
"""Lays out one cue's drafted text (one line in, lines joined by ``\\n`` out)."""

DraftRecord = Callable[[Cue], str | None]
"""``recorded(cue)``: the text a machine draft put into the cue at these times, as it was
written, or None when no record of it is left."""


def one_line(text: str) -> str:
    """The default layout: the draft as one line (reflow is the caller's step)."""
    return text


@dataclass(frozen=True)
class Drafted:
    """What a drafting run produced for one language.

    ``drafted``, ``missing`` and ``lost_terms`` are 1-based cue numbers of ``track``.
    ``requests`` counts requests sent (retries and glossary set-up included); ``from_memory``
    the cues whose draft came from the translation memory. ``lost_terms``: cues where the
    service dropped a glossary placeholder, so the term is missing from the draft (the
    terminology rules will report it). ``error`` is set exactly when ``missing`` is not empty.
    ``kept``: stale machine drafts that a person edited since (their text differs from the
    draft recorded for them): left as they are, and recorded as a person's (``human`` /
    ``draft``, still against the old German, so they stay stale on the translator's to-do
    list). ``kept_unknown``: stale machine drafts with no record of the draft left (the
    translation memory was deleted, or the cue was retimed): left as they are, since they may
    be a person's work.
    """

    track: Track
    state: State
    drafted: tuple[int, ...]
    requests: int
    missing: tuple[int, ...] = ()
    from_memory: int = 0
    lost_terms: tuple[int, ...] = ()
    error: DraftIncompleteError | None = None
    kept: tuple[int, ...] = ()
    kept_unknown: tuple[int, ...] = ()


class _StoppedError(Exception):
    """The run was stopped (fatal failure elsewhere, or Ctrl-C) before this batch was sent."""


class _Sender:
    """Sends requests with retries; shared by the worker threads of one run."""

    def __init__(self, provider: Provider, source: str, target: str,
                 policy: RetryPolicy) -> None:
        self.provider = provider
        self.source = source
        self.target = target
        self.policy = policy
        self.stop = threading.Event()
        self.requests = 0
        self._lock = threading.Lock()
        self._not_before = 0.0

    def count(self, n: int) -> None:
        with self._lock:
            self.requests += n

    def _pause_all(self, seconds: float) -> None:
        # A 429's Retry-After concerns the client, not one request: no worker sends before.
        with self._lock:
            self._not_before = max(self._not_before, time.monotonic() + seconds)

    def _wait_turn(self) -> None:
        while True:
            with self._lock:
                wait = self._not_before - time.monotonic()
            if wait <= 0 or self.stop.wait(wait):
                break
        if self.stop.is_set():
            raise _StoppedError

    def call(self, request: Callable[[], T], *, counted: bool = True) -> T:
        """Run ``request`` (one request to the service) with the retry policy.

        ``counted=False``: the request counts itself on success (glossary set-up, which may
        send several requests or none); a failed attempt counts as one.
        """
        retry = 0
        while True:
            self._wait_turn()
            if counted:
                self.count(1)
            try:
                return request()
            except ProviderError as exc:
                if not counted:
                    self.count(1)
                if exc.fatal:
                    self.stop.set()
                    raise
                if not exc.retryable:
                    raise
                retry += 1
                delay = self.policy.delay(retry, exc.retry_after)
                if delay is None:
                    if exc.retry_after is not None or exc.connection:
                        # Asked to wait longer than the policy allows (a quota that resets
                        # later), or the service stayed unreachable through every retry:
                        # nothing else will pass either, and the other batches would only
                        # wait out the same retries one after another.
                        self.stop.set()
                    raise
                if exc.retry_after is not None:
                    self._pause_all(delay)
                elif self.stop.wait(delay):
                    raise _StoppedError from None


def _complete(master: Track, track: Track | None) -> Track:
    """``track`` with an empty cue at the times of each master cue with text it lacks."""
    wanted = [c for c in master.cues if normal_text(c.text)]
    if track is None:
        return Track(tuple(Cue(c.start, c.end, "") for c in wanted), "srt")
    alignment = align(master.cues, track.cues)
    extra = [Cue(c.start, c.end, "") for m, c in enumerate(master.cues)
             if not alignment.translation_for[m] and normal_text(c.text)]
    if not extra:
        return track
    # Insert by time without reordering the existing cues, and keep WebVTT NOTE/STYLE
    # blocks in front of the cue they preceded.
    cues: list[Cue] = []
    new_index: list[int] = []
    pending = sorted(extra, key=lambda c: (c.start, c.end))
    for cue in track.cues:
        while pending and (pending[0].start, pending[0].end) < (cue.start, cue.end):
            cues.append(pending.pop(0))
        new_index.append(len(cues))
        cues.append(cue)
    cues.extend(pending)
    new_index.append(len(cues))
    blocks = tuple(b._replace(before=new_index[min(b.before, len(track.cues))])
                   for b in track.blocks)
    return track._replace(cues=tuple(cues), blocks=blocks)


def _peoples(state: State | None, cue: Cue) -> bool:
    """Whether a person translated or accepted this cue."""
    entry = state.entry_for(cue) if state is not None else None
    return entry is not None and (not entry.machine or entry.status == "accepted")


def _batches(items: Sequence[T], max_batch: int, concurrency: int) -> list[list[T]]:
    """``items`` in contiguous, nearly equal batches of at most ``max_batch``; as many as
    fill the concurrency slots evenly (a half-empty last round waits as long as a full one)."""
    n = len(items)
    if n == 0:
        return []
    slots = max(concurrency, 1)
    count = math.ceil(n / max(max_batch, 1))
    count = min(math.ceil(count / slots) * slots, n)
    size, extra = divmod(n, count)
    out: list[list[T]] = []
    at = 0
    for k in range(count):
        take = size + (1 if k < extra else 0)
        out.append(list(items[at:at + take]))
        at += take
    return out


def draft(master: Track, track: Track | None, state: State | None, *, lang: str,
          master_lang: str, provider: Provider, glossary: Glossary | None,
          memory: TranslationMemory,
          progress: ProgressCallback | None = None, force: bool = False,
          break_lines: LineBreaker = one_line,
          retry: RetryPolicy | None = None,
          recorded: DraftRecord | None = None) -> Drafted:
    """Draft the cues of ``track`` (language ``lang``) that need a translation.

    See the module docstring for the flow. ``recorded`` tells what each earlier machine draft
    was; with it, a stale machine draft whose text differs (a person edited it) or that has
    no record is kept (``Drafted.kept``, ``kept_unknown``) unless ``force``. Returns partial
    results on provider failure (``Drafted.error``); raises only on Ctrl-C and on errors
    writing the memory file.
    """
    policy = retry or RetryPolicy()
    plan = _plan(master, track, state, force=force, recorded=recorded)
    state = _mark_edited(state, plan)
    version = glossary.version if glossary is not None else ""
    keys = [memory_key(provider.name, master_lang, lang, version, t) for t in plan.texts]
    results = _memory_hits(keys, memory, rtl=is_rtl(lang))
    from_memory = sum(len(plan.units[u]) for u in results)
    run = _Run(provider=provider, sender=_Sender(provider, master_lang, lang, policy),
               memory=memory, pair=f"{master_lang}>{lang}", units=plan.units, keys=keys,
               waiting=_waiting(plan.texts, results), results=results,
               total=len(plan.todo), done=from_memory, progress=progress)
    if progress is not None:
        progress(run.done, run.total)
    error = _translate(run, glossary, version) if run.waiting else None

    placed = _place(plan.work, plan.units, run.results, run.lost_units, break_lines)
    new_track = plan.work._replace(cues=placed.cues)
    new_state = record(state, new_track, master, plan.alignment, cues=placed.drafted,
                       origin=f"machine:{provider.name}", status="draft") \
        if placed.drafted else (state or State())
    incomplete = None
    if placed.missing:
        cause = error or ProviderError("stopped before every text was sent",
                                       provider=provider.name)
        incomplete = DraftIncompleteError(provider=provider.name, lang=lang,
                                          missing=len(placed.missing), total=run.total,
                                          cause=cause)
    return Drafted(new_track, new_state, tuple(i + 1 for i in sorted(placed.drafted)),
                   run.sender.requests, tuple(i + 1 for i in sorted(placed.missing)),
                   from_memory, tuple(i + 1 for i in sorted(placed.lost)), incomplete,
                   tuple(i + 1 for i in plan.kept), tuple(i + 1 for i in plan.kept_unknown))


@dataclass(frozen=True, slots=True)
class _Plan:
    """What one run drafts: the completed track and the cues to draft, grouped into texts."""

    work: Track  # the track completed with empty cues (see _complete)
    alignment: Alignment  # of ``work`` to the master
    todo: list[int]  # indices of the cues to draft
    units: list[list[int]]  # ``todo`` grouped into sentences, one text each
    texts: list[str]  # per unit, the master text to translate
    kept: list[int] = field(default_factory=list)  # stale drafts a person edited
    kept_unknown: list[int] = field(default_factory=list)  # stale drafts without a record


def _plan(master: Track, track: Track | None, state: State | None, *, force: bool,
          recorded: DraftRecord | None = None) -> _Plan:
    """Steps 1 and 2 of the flow: which cues to draft, and which of them form one text."""
    work = _complete(master, track)
    alignment = align(master.cues, work.cues)
    sources = {i: master_text(master, alignment, i) for i in range(len(work.cues))
               if alignment.master_for[i]}
    kept: list[int] = []
    unknown: list[int] = []
    if force:
        todo = [i for i in range(len(work.cues)) if sources.get(i)]
    else:
        # An empty cue holds nothing of anyone's to overwrite, whatever its state says.
        todo = []
        for i in drafts_needed(state, work, master, alignment):
            cue = work.cues[i]
            if not sources.get(i) or (cue.text.strip() and _peoples(state, cue)):
                continue
            verdict = _still_the_machines(cue, recorded)
            if verdict is None:
                unknown.append(i)
            elif verdict:
                todo.append(i)
            else:
                kept.append(i)
    units = group(work.cues, todo, [sources[i] for i in todo])
    texts = [" ".join(sources[i] for i in unit) for unit in units]
    return _Plan(work, alignment, todo, units, texts, kept, unknown)


def _still_the_machines(cue: Cue, recorded: DraftRecord | None) -> bool | None:
    """Whether a cue still holds the machine draft written into it: True (or an empty cue),
    False (a person changed it), None (no record of the draft to compare with)."""
    if not cue.text.strip() or recorded is None:
        return True
    draft_text = recorded(cue)
    if draft_text is None:
        return None
    # Line breaks and spacing are layout (reflow, fix), not a person's words.
    return draft_text.split() == cue.text.split()


def _mark_edited(state: State | None, plan: _Plan) -> State | None:
    """The state with the machine drafts a person edited recorded as a person's draft, still
    against the German they were made from (so they stay stale until reviewed)."""
    if state is None or not plan.kept:
        return state
    wanted: dict[int, Entry] = {}
    for i in plan.kept:
        old = state.entry_for(plan.work.cues[i])
        if old is not None:
            wanted[id(old)] = replace(old, origin="human", status="draft")
    return State(tuple(wanted.get(id(e), e) for e in state.entries))


def damage(answer: str, *, rtl: bool) -> str | None:
    """Why a service's translation cannot be used, or None when it can: a character the
    control-chars rule refuses in a track of this direction (a control, a zero-width or bidi
    control outside right-to-left languages, half of a surrogate pair), or an API key."""
    bad = not_in_text(answer, rtl=rtl)
    if bad is not None:
        return f"contains {char_name(bad)}, which no subtitle may hold"
    if contains_secret(answer):
        return "contains the API key"
    return None


def _memory_hits(keys: list[str], memory: TranslationMemory, *, rtl: bool) -> dict[int, str]:
    """The translations the memory holds, by unit (a damaged one is asked for again)."""
    results: dict[int, str] = {}
    for u, key in enumerate(keys):
        known = memory.get(key)
        if known is not None and damage(known, rtl=rtl) is None:
            results[u] = known
    return results


def _waiting(texts: list[str], results: dict[int, str]) -> dict[str, list[int]]:
    """The units still without a translation, by text: identical texts ("[Musik]") are
    translated once."""
    waiting: dict[str, list[int]] = {}
    for u, text in enumerate(texts):
        if u not in results:
            waiting.setdefault(text, []).append(u)
    return waiting


@dataclass(slots=True)
class _Run:
    """One language's requests: what is sent and what has arrived (read and filled by the
    steps of :func:`draft`; the worker threads only read it)."""

    provider: Provider
    sender: _Sender
    memory: TranslationMemory
    pair: str  # "de>en", as the memory records it
    units: list[list[int]]  # cue indices per unit
    keys: list[str]  # memory key per unit
    waiting: dict[str, list[int]]  # text -> the units that wait for its translation
    results: dict[int, str]  # unit -> its translation (restored)
    total: int  # cues to draft
    done: int  # cues drafted so far, memory hits included
    progress: ProgressCallback | None
    lost_units: set[int] = field(default_factory=set)  # units that lost a glossary term


def _translate(run: _Run, glossary: Glossary | None, version: str) -> ProviderError | None:
    """Steps 4 and 5 of the flow: set up the glossary, protect the texts, send them all.
    Returns the failure that left texts untranslated, if any."""
    provider, sender = run.provider, run.sender
    source, target = sender.source, sender.target
    try:
        support = GlossarySupport()
        if glossary is not None:
            terms = approved_terms(glossary, source, target)
            support = sender.call(lambda: provider.prepare_glossary(
                terms, source, target, version), counted=False)
            sender.count(support.requests)
    except ProviderError as exc:
        return exc
    protector = Protector(glossary, source, target, approved=not support.enforced,
                          style=provider.placeholders)
    jobs = [(text, protector.protect(text)) for text in run.waiting]
    return _send_all(jobs, run, protector)


@dataclass(frozen=True, slots=True)
class _Placed:
    """The drafted track's cues and the cue indices drafted, missing, and missing a term."""

    cues: tuple[Cue, ...]
    drafted: list[int]
    missing: list[int]
    lost: list[int]


def _place(work: Track, units: list[list[int]], results: dict[int, str], lost_units: set[int],
           break_lines: LineBreaker) -> _Placed:
    """Step 6 of the flow: each translation split over its cues in proportion to their
    durations and laid out."""
    new_cues = list(work.cues)
    drafted: list[int] = []
    missing: list[int] = []
    lost: list[int] = []
    for u, unit in enumerate(units):
        translation = results.get(u)
        if translation is None:
            missing.extend(unit)
            continue
        parts = split_by_duration(translation, [work.cues[i].duration for i in unit])
        for i, part in zip(unit, parts, strict=True):
            if part:
                new_cues[i] = work.cues[i]._replace(text=break_lines(part))
                drafted.append(i)
                if u in lost_units:
                    lost.append(i)
    return _Placed(tuple(new_cues), drafted, missing, lost)


_Arrived = list[tuple[str, str, int, str]]
"""Per text of a batch: (text, translation, terms lost, why it was refused: "" if it was not)."""


def _send_all(jobs: list[tuple[str, Protected]], run: _Run,
              protector: Protector) -> ProviderError | None:
    """Send every job through a pool of workers; fill ``run.results`` as they arrive."""
    provider = run.provider
    batches = _batches(jobs, provider.max_batch, provider.max_concurrency)
    pool = ThreadPoolExecutor(max_workers=min(max(provider.max_concurrency, 1), len(batches)),
                              thread_name_prefix=f"subtool-{provider.name}")
    interrupted = False
    try:
        futures: list[Future[_Arrived]] = [pool.submit(_send_batch, run, protector, b)
                                           for b in batches]
        return _gather(futures, run)
    except BaseException:
        interrupted = True
        raise
    finally:
        if interrupted:
            run.sender.stop.set()
        # On Ctrl-C do not wait for requests in flight (their results are still saved to the
        # memory by the workers when they arrive); otherwise everything has finished.
        pool.shutdown(wait=not interrupted, cancel_futures=True)


def _send_batch(run: _Run, protector: Protector, batch: list[tuple[str, Protected]]) -> _Arrived:
    """One request (with retries) for a batch, in a worker thread; every translation is
    checked, restored and saved to the memory."""
    provider, sender = run.provider, run.sender
    translated = sender.call(lambda: provider.translate([p.text for _, p in batch],
                                                        sender.source, sender.target))
    rtl = is_rtl(sender.target)
    out = []
    for (text, protected), answer in zip(batch, translated, strict=True):
        # Checked before anything else sees it: a refused answer reaches neither the
        # memory nor the track (a key echoed by the server, an ESC that would clear a
        # terminal, half a surrogate that no file can hold).
        refused = damage(answer, rtl=rtl)
        if refused is not None:
            out.append((text, "", 0, refused))
            continue
        final, lost = protector.restore(answer, protected)
        if not final.strip():
            out.append((text, "", 0, ""))  # nothing to keep; the cues stay missing
            continue
        # Saved the moment it arrives: an interrupted run loses nothing received. Units
        # with the same text share one key.
        run.memory.put(run.keys[run.waiting[text][0]], final, provider=provider.name,
                       pair=run.pair)
        out.append((text, final, lost, ""))
    return out


def _gather(futures: list[Future[_Arrived]], run: _Run) -> ProviderError | None:
    """Take each batch's translations as it arrives, reporting progress; the most telling
    failure, if any."""
    error: ProviderError | None = None
    for future in as_completed(futures):
        try:
            arrived = future.result()
        except _StoppedError:
            continue
        except ProviderError as exc:
            # Keep the most telling cause: a fatal one over a passing one.
            if error is None or (exc.fatal and not error.fatal):
                error = exc
            continue
        error = _take_arrived(arrived, run, error)
        if run.progress is not None:
            run.progress(run.done, run.total)
    return error


def _take_arrived(arrived: _Arrived, run: _Run,
                  error: ProviderError | None) -> ProviderError | None:
    """Record one batch's translations for every unit waiting for them; ``error`` updated
    when the service answered an empty or a refused translation."""
    for text, final, lost, refused in arrived:
        if refused:
            cues = sorted(i + 1 for u in run.waiting[text] for i in run.units[u])
            # A refused answer outweighs an empty one: it names what is wrong.
            if error is None or not error.hint:
                error = ProviderError(
                    f"the translation for cue(s) {', '.join(map(str, cues))} {refused}; "
                    "it was not used", provider=run.provider.name,
                    hint="translate those cues by hand, or try another provider")
            continue
        if not final:
            error = error or ProviderError("answered an empty translation",
                                           provider=run.provider.name)
            continue
        for u in run.waiting[text]:
            run.results[u] = final
            run.done += len(run.units[u])
            if lost:
                run.lost_units.add(u)
    return error
