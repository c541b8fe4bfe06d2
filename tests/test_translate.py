"""Machine-translation drafts: engine, providers, memory, faults and secrets.

Every service is a stand-in on 127.0.0.1 (``tests/translate_standins.py``); nothing here
touches the network.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from translate_standins import (
    DeepLStandIn,
    Fault,
    GoogleStandIn,
    LibreStandIn,
    StandIn,
    fake_translate,
    on_requests,
    when_text_contains,
)

from subtool.core.errors import DraftIncompleteError, ProviderError
from subtool.core.model import Block, Cue, Track
from subtool.core.secrets import redact, register_secret
from subtool.formats import srt
from subtool.project.memory import Memory
from subtool.project.store import read_glossary
from subtool.project.store import read_state as load_state
from subtool.terms.glossary import Glossary
from subtool.translation.mt import Drafted, RetryPolicy, create_provider, draft, memory_key
from subtool.translation.mt.base import Provider
from subtool.translation.mt.deepl_provider import DeepLProvider
from subtool.translation.mt.google import GoogleProvider
from subtool.translation.mt.http import request_json, retry_after_seconds
from subtool.translation.mt.libre import LibreProvider
from subtool.translation.mt.protect import Protector
from subtool.translation.mt.pseudo import PseudoProvider, pseudo, unpseudo
from subtool.translation.mt.sentences import ends_sentence, group, split_by_duration
from subtool.translation.state import Entry, State, compose, normal_text

ROOT = Path(__file__).resolve().parent.parent
LIBRE_KEY = "libre-SECRET-4f9a2c71e8d0"
DEEPL_KEY = "deepl-SECRET-9b1e77d0c3aa:fx"
FAST = RetryPolicy(attempts=4, initial=0.01, factor=2.0, max_delay=0.05, max_retry_after=2.0,
                   jitter=0.0)


@pytest.fixture(autouse=True)
def _local_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # Requests go to 127.0.0.1 directly, whatever proxy the machine has configured.
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    monkeypatch.delenv("LIBRETRANSLATE_API_KEY", raising=False)


# --- the film -----------------------------------------------------------------------------

MASTER = srt.parse((ROOT / "subtitles" / "de.srt").read_text(encoding="utf-8"))
GLOSSARY = read_glossary(ROOT / "glossary" / "terms.csv", source="de")
TR = srt.parse((ROOT / "subtitles" / "tr.srt").read_text(encoding="utf-8"))
_TR_STATE = load_state(ROOT / "subtitles" / "state" / "tr.tsv")
assert _TR_STATE is not None
TR_STATE: State = _TR_STATE
# The first eight cues: enough for one request's worth of texts, quick to draft many times.
MINI = Track(MASTER.cues[:8])
BLANKED = frozenset(range(9, 20))  # cues 10–20 (0-based 9–19)


def blank(track: Track, indices: frozenset[int]) -> Track:
    return track._replace(cues=tuple(c._replace(text="") if i in indices else c
                                     for i, c in enumerate(track.cues)))


def without_entries(state: State, track: Track, indices: frozenset[int]) -> State:
    drop = {state.entry_for(track.cues[i]) for i in indices}
    return State(tuple(e for e in state.entries if e not in drop))


def libre(server: StandIn, *, concurrency: int = 4, batch: int = 25,
          timeout: float = 2.0, key: str = "") -> LibreProvider:
    provider = LibreProvider(server.url, env={"LIBRETRANSLATE_API_KEY": key} if key else {},
                             timeout=timeout, max_concurrency=concurrency, max_batch=batch)
    return provider


def deepl(server: StandIn, *, concurrency: int = 4, timeout: float = 2.0,
          key: str = DEEPL_KEY) -> DeepLProvider:
    return DeepLProvider(server_url=server.url, env={"DEEPL_AUTH_KEY": key}, timeout=timeout,
                         max_concurrency=concurrency)


def google(server: StandIn, *, concurrency: int = 2, timeout: float = 2.0) -> GoogleProvider:
    return GoogleProvider(base_url=f"{server.url}/m", timeout=timeout,
                          max_concurrency=concurrency)


def run(provider: Provider, *, master: Track = MASTER, track: Track | None = None,
        state: State | None = None, lang: str = "en", memory: Memory | None = None,
        glossary: Glossary | None = GLOSSARY, force: bool = False,
        retry: RetryPolicy = FAST) -> Drafted:
    return draft(master, track, state, lang=lang, master_lang="de", provider=provider,
                 glossary=glossary, memory=memory if memory is not None else Memory(),
                 force=force, retry=retry)


def readable(text: str) -> str:
    """A stand-in's draft read back (the fake translation is its own inverse)."""
    return fake_translate(text)


# --- people's work ------------------------------------------------------------------------

def test_human_cues_are_never_touched() -> None:
    track = blank(TR, BLANKED | {29})
    # Cues 10–20 have no translation and no state. Cue 30 was emptied although its entry
    # says human/accepted: an empty cue holds nothing of a person's to overwrite (and an
    # empty cue under German text blocks publishing), so it is drafted too. Every cue with
    # a person's text stays exactly as it was.
    state = without_entries(TR_STATE, TR, BLANKED)
    with LibreStandIn() as server:
        result = run(libre(server), track=track, state=state, lang="tr")
    assert result.error is None
    assert result.drafted == tuple(sorted(i + 1 for i in BLANKED | {29}))
    for i, (before, after) in enumerate(zip(track.cues, result.track.cues, strict=True)):
        if i in BLANKED | {29}:
            assert after.text and "\n" not in after.text
            assert (after.start, after.end) == (before.start, before.end)
        else:
            assert after == before, f"cue {i + 1} was changed"
    for i in BLANKED:
        entry = result.state.entry_for(result.track.cues[i])
        assert entry is not None
        assert (entry.origin, entry.status) == ("machine:libre", "draft")
        assert entry.master == normal_text(MASTER.cues[i].text)
    untouched = [e for e in result.state.entries if e.origin == "human"]
    assert set(untouched) == set(state.entries) - {state.entry_for(track.cues[29])}


def test_stale_machine_drafts_are_redrafted_and_people_s_drafts_kept() -> None:
    master = MINI
    track = Track(tuple(c._replace(text=f"text {i}") for i, c in enumerate(MINI.cues)))
    state = State(tuple(
        Entry(c.start, c.end,
            "human" if i == 3 else "machine:libre",
            "accepted" if i == 4 else "draft",
            "old German text" if i in (2, 3, 4) else normal_text(c.text))
        for i, c in enumerate(MINI.cues)))
    with LibreStandIn() as server:
        result = run(libre(server), master=master, track=track, state=state)
    # cue 3: a stale machine draft → redrafted; cue 4: a person's draft; cue 5: accepted
    assert result.drafted == (3,)
    assert readable(result.track.cues[2].text).startswith("Angefangen hat alles")
    assert [c.text for c in result.track.cues[3:]] == [c.text for c in track.cues[3:]]


def test_force_redrafts_every_cue() -> None:
    with LibreStandIn() as server:
        result = run(libre(server), master=MINI, track=Track(tuple(
            c._replace(text="schon übersetzt") for c in MINI.cues)), force=True)
    assert result.drafted == tuple(range(1, 9))


def test_missing_cues_are_added_at_master_times() -> None:
    track = Track(MINI.cues[:3] + MINI.cues[5:])
    with LibreStandIn() as server:
        result = run(libre(server), master=MINI, track=track)
    assert [(c.start, c.end) for c in result.track.cues] == [(c.start, c.end)
                                                             for c in MINI.cues]
    assert result.drafted == (4, 5)


def test_drafts_are_laid_out_by_the_caller_s_line_breaker() -> None:
    result = draft(MINI, None, None, lang="en", master_lang="de", provider=PseudoProvider(),
                   glossary=None, memory=Memory(), break_lines=lambda t: t.replace(" ", "\n", 1))
    assert all(c.text.count("\n") == 1 for c in result.track.cues if " " in c.text
               or "\n" in c.text)


def test_webvtt_blocks_stay_before_their_cue_when_cues_are_added() -> None:
    cues = tuple(c._replace(text="x") for c in MINI.cues)
    track = Track(cues[:1] + cues[2:], "vtt", "WEBVTT", (Block("NOTE", "NOTE hi", 2),))
    result = run(PseudoProvider(), master=MINI, track=track)
    assert result.drafted == (2,)
    assert result.track.blocks[0].before == 3
    assert result.track.cues[3] == cues[3]


# --- glossary -----------------------------------------------------------------------------

def _glossary_kept(result: Drafted, lang: str, master: Track = MASTER) -> list[str]:
    """Terms of the master missing from the drafts (a cue's neighbours count, as in the
    terminology rules)."""
    protector = Protector(GLOSSARY, "de", lang, approved=True, style="token")
    matcher = GLOSSARY.matcher(lang, also_source=GLOSSARY.status_set("do-not-translate"))
    problems = []
    for number in result.drafted:
        i = number - 1
        wanted = {term.entry for _, _, term in protector.spans(normal_text(master.cues[i].text))
                  if term.target is not None or GLOSSARY.entries[term.entry].status
                  == "do-not-translate"}
        near = " ".join(result.track.cues[k].text for k in (i - 1, i, i + 1)
                        if 0 <= k < len(result.track.cues))
        found = matcher.find(near)
        problems += [f"cue {number}: {GLOSSARY.entries[e].id}" for e in wanted - found]
    return problems


@pytest.mark.parametrize("lang", ["ru", "tr", "en", "ar"])
def test_glossary_terms_and_names_survive_libre(lang: str) -> None:
    with LibreStandIn() as server:
        result = run(libre(server), lang=lang)
        received = " ".join(server.received)
    assert result.error is None and not result.lost_terms
    assert _glossary_kept(result, lang) == []
    # Names reached the service only as placeholders, which it kept.
    assert "⟦0⟧" in received
    for name in ("Hörde", "Lütgendortmund", "Caritas", "Seniorenbüro"):
        assert name not in received
    assert "Хёрде" in " ".join(c.text for c in result.track.cues) if lang == "ru" else True


def test_glossary_with_google_and_pseudo() -> None:
    with GoogleStandIn() as server:
        result = run(google(server, concurrency=4), master=Track(MASTER.cues[:30]), lang="uk")
    assert result.error is None and _glossary_kept(result, "uk") == []
    result = run(PseudoProvider(), lang="el")
    assert _glossary_kept(result, "el") == []
    assert "Χέρντε" in " ".join(c.text for c in result.track.cues)


def test_deepl_glossary_enforces_approved_terms_and_names_travel_as_xml() -> None:
    with DeepLStandIn(key=DEEPL_KEY) as server:
        result = run(deepl(server), lang="ru")
        assert result.error is None
        assert _glossary_kept(result, "ru") == []
        assert len(server.glossaries) == 1
        entries = next(iter(server.glossaries.values()))["entries"]
        assert entries["Seniorenbüro"] == "бюро для пожилых"
        assert server.last_options["tag_handling"] == "xml"
        assert server.last_options["ignore_tags"] == ["x"]
        assert server.last_options["target_lang"] == "RU"
        received = " ".join(server.received)
        # Names inside an ignored element; approved terms left to DeepL's glossary.
        assert '<x i="0">Dortmunder</x>' in received
        assert "Seniorenbüros" in received
        # A new run (new provider, new memory) reuses the uploaded glossary.
        run(deepl(server), lang="ru", master=MINI)
        assert len(server.glossaries) == 1


def test_deepl_without_glossary_pair_protects_approved_terms() -> None:
    with DeepLStandIn(key=DEEPL_KEY, glossary_targets=("en",)) as server:
        result = run(deepl(server), lang="uk", master=Track(MASTER.cues[:30]))
        received = " ".join(server.received)
    assert result.error is None and _glossary_kept(result, "uk", MASTER) == []
    assert server.glossaries == {}
    assert "Seniorenbüro" not in received.replace('">Seniorenbüro', "")


def test_protector_round_trip_and_lost_placeholders() -> None:
    protector = Protector(GLOSSARY, "de", "en", approved=True, style="xml")
    protected = protector.protect("A & B: Senior:innen in Hörde <3")
    assert protected.text == ('A &amp; B: <x i="0">Senior:innen</x> in <x i="1">Hörde</x> '
                              "&lt;3")
    assert protector.restore(protected.text, protected) == ("A & B: older people in Hörde <3", 0)
    assert protector.restore("nothing left", protected) == ("nothing left", 2)
    token = Protector(GLOSSARY, "de", "en", approved=True, style="token")
    p = token.protect("Senior:innen helfen")
    assert p.text == "⟦0⟧ helfen"
    assert token.restore("⟦ 0 ⟧ help", p) == ("Older people help", 0)
    # A term inside a longer word is left to the service.
    assert token.protect("Krankenpflege").text == "Krankenpflege"


# --- translation memory, resuming -----------------------------------------------------------

def test_second_run_sends_no_request(tmp_path: Path) -> None:
    path = tmp_path / "tm.jsonl"
    with LibreStandIn() as server:
        with Memory(path) as memory:
            first = run(libre(server), lang="uk", memory=memory)
        sent = server.all_requests
        with Memory(path) as memory:
            second = run(libre(server), lang="uk", memory=memory)
        assert second.requests == 0 and server.all_requests == sent
    assert first.requests == sent > 0
    assert second.track == first.track and second.state == first.state
    assert second.from_memory == len(second.drafted) == len(MASTER.cues)
    with DeepLStandIn(key=DEEPL_KEY) as server, Memory(tmp_path / "deepl.jsonl") as memory:
        run(deepl(server), master=MINI, memory=memory)
        sent = server.all_requests
        again = run(deepl(server), master=MINI, memory=memory)
        assert again.requests == 0 and server.all_requests == sent


def test_memory_key_covers_provider_pair_text_and_glossary_version() -> None:
    base = memory_key("libre", "de", "uk", "v1", "Hallo")
    others = {memory_key("deepl", "de", "uk", "v1", "Hallo"),
              memory_key("libre", "de", "ru", "v1", "Hallo"),
              memory_key("libre", "de", "uk", "v2", "Hallo"),
              memory_key("libre", "de", "uk", "v1", "Hallo!")}
    assert base not in others and len(others) == 4


def test_memory_tolerates_a_truncated_last_line(tmp_path: Path) -> None:
    path = tmp_path / "tm.jsonl"
    with Memory(path) as memory:
        memory.put("a", "Eins")
        memory.put("b", "Zwei")
    path.write_bytes(path.read_bytes() + b'{"key": "c", "text": "Dr')  # a crash mid-line
    with Memory(path) as memory:
        assert (memory.get("a"), memory.get("b"), memory.get("c")) == ("Eins", "Zwei", None)
        assert memory.damaged == 1
        memory.put("c", "Drei")
    with Memory(path) as memory:
        assert memory.get("c") == "Drei" and memory.damaged == 1
        memory.put("a", "Eins!")
        assert memory.compact()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    assert Memory(path).get("a") == "Eins!"


def _shared(lang: str) -> set[str]:
    """Protected texts that stand for several master cues (with the speakers' names as
    placeholders, "Ich bin ⟦0⟧ vom ⟦1⟧ ⟦2⟧." is two cues): each is still sent once per cue."""
    protector = Protector(GLOSSARY, "de", lang, approved=True, style="token")
    seen: dict[str, set[str]] = {}
    for cue in MASTER.cues:
        text = " ".join(cue.text.split())
        seen.setdefault(protector.protect(text).text, set()).add(text)
    return {text for text, sources in seen.items() if len(sources) > 1}


def test_interrupted_run_resumes_without_repeating(tmp_path: Path) -> None:
    path = tmp_path / "tm.jsonl"
    # Every request with a text about "Menschen" fails, on every try: the run cannot finish.
    with LibreStandIn(faults=when_text_contains("Menschen", Fault("500"))) as server, \
            Memory(path) as memory:
        first = run(libre(server), lang="pl", memory=memory)
        answered = set(server.answered)
        saved = len(path.read_text(encoding="utf-8").splitlines())
    assert first.error is not None and first.missing
    assert isinstance(first.error, DraftIncompleteError)
    message = str(first.error)
    assert "libre" in message and "pl:" in message
    assert f"{len(first.missing)} of {len(MASTER.cues)} cue(s)" in message
    assert "HTTP 500" in message
    assert saved == len(answered) > 0  # every answer reached the file during the run
    assert set(first.drafted) | set(first.missing) == set(range(1, len(MASTER.cues) + 1))
    # The run is resumed: only what was missing is sent.
    with LibreStandIn() as server, Memory(path) as memory:
        second = run(libre(server), lang="pl", memory=memory)
        assert not (answered - _shared("pl")) & set(server.received)
        assert server.requests == second.requests > 0
    assert second.error is None and not second.missing
    assert second.from_memory == len(first.drafted)
    # Resuming from the partial track and state the caller wrote works the same way.
    with LibreStandIn() as server, Memory(path) as memory:
        third = run(libre(server), track=first.track, state=first.state, lang="pl",
                    memory=memory)
    assert third.drafted == first.missing and third.error is None


def test_ctrl_c_keeps_what_arrived(tmp_path: Path) -> None:
    path = tmp_path / "tm.jsonl"
    calls = []

    def interrupt(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:  # after the first batch arrived
            raise KeyboardInterrupt

    with LibreStandIn(latency=0.02) as server:
        memory = Memory(path)
        with pytest.raises(KeyboardInterrupt):
            draft(MASTER, None, None, lang="it", master_lang="de",
                  provider=libre(server, concurrency=1, batch=10), glossary=GLOSSARY,
                  memory=memory, progress=interrupt, retry=FAST)
        # Requests in flight at Ctrl-C still land in the memory; wait for them.
        deadline = time.monotonic() + 5
        while any(t.name.startswith("subtool-libre") for t in threading.enumerate()):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        memory.close()
        first_requests = server.requests
        answered = set(server.answered)
    assert 0 < first_requests < 8
    with LibreStandIn() as server, Memory(path) as memory:
        second = run(libre(server, concurrency=1, batch=10), lang="it", memory=memory)
        assert not (answered - _shared("it")) & set(server.received)
    assert second.error is None and len(second.drafted) == len(MASTER.cues)


# --- faults and retries -------------------------------------------------------------------

LIBRE_FAULTS = ["429", "500", "503", "timeout", "malformed", "drop"]
GOOGLE_FAULTS = ["429", "500", "timeout", "malformed", "drop"]
DEEPL_FAULTS = ["429", "500", "503", "malformed", "drop"]


def _fault(kind: str) -> Fault:
    return Fault(kind, retry_after="0.05" if kind == "429" else None, seconds=0.6)


@pytest.mark.parametrize(("service", "kind"),
                         [("libre", k) for k in LIBRE_FAULTS]
                         + [("google", k) for k in GOOGLE_FAULTS]
                         + [("deepl", k) for k in DEEPL_FAULTS])
def test_each_fault_kind_is_retried(service: str, kind: str) -> None:
    plan = on_requests({1: _fault(kind), 2: _fault(kind)})
    server: StandIn
    if service == "libre":
        server = LibreStandIn(faults=plan)
    elif service == "google":
        server = GoogleStandIn(faults=plan)
    else:
        server = DeepLStandIn(key=DEEPL_KEY, faults=plan)
    with server:
        provider: Provider
        if service == "libre":
            provider = libre(server, concurrency=1, timeout=0.2)
        elif service == "google":
            provider = google(server, concurrency=1, timeout=0.2)
        else:
            provider = deepl(server, concurrency=1, timeout=0.2)
        result = run(provider, master=MINI, glossary=None)
        assert result.error is None, result.error
        assert len(result.drafted) == len(MINI.cues)
        # The two failed tries were sent again; nothing else was. (Google takes one text per
        # request; the others get the whole mini film in one.)
        expected = len(set(server.answered)) + 2 if service == "google" else 3
        assert server.requests == expected
        assert result.requests == server.all_requests


def test_retry_after_is_honoured() -> None:
    for make in ("libre", "deepl"):
        plan = on_requests({1: Fault("429", retry_after="0.4")})
        server: StandIn = LibreStandIn(faults=plan) if make == "libre" \
            else DeepLStandIn(key=DEEPL_KEY, faults=plan)
        with server:
            provider = libre(server) if make == "libre" else deepl(server)
            start = time.monotonic()
            result = run(provider, master=MINI, glossary=None)
            elapsed = time.monotonic() - start
        assert result.error is None
        assert elapsed >= 0.4, make  # the policy alone would have waited 0.01 s


def test_retry_after_forms() -> None:
    now = time.time()
    later = format_datetime(datetime.fromtimestamp(now, UTC) + timedelta(seconds=30),
                            usegmt=True)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("0.25") == 0.25
    assert retry_after_seconds(later, now=now) == pytest.approx(30, abs=1)
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_a_long_retry_after_ends_the_run_at_once() -> None:
    plan = on_requests({n: Fault("429", retry_after="3600") for n in range(1, 50)})
    with LibreStandIn(faults=plan) as server:
        result = run(libre(server, concurrency=2, batch=2), master=MINI, glossary=None)
    assert result.error is not None and len(result.missing) == len(MINI.cues)
    assert server.requests <= 2


def test_retries_give_up_after_the_policy_s_attempts() -> None:
    with LibreStandIn(faults=when_text_contains("", Fault("500"))) as server:
        result = run(libre(server, concurrency=1), master=MINI, lang="uk", glossary=None)
    assert server.requests == FAST.attempts
    assert result.error is not None and result.error.retryable
    assert "8 of 8 cue(s)" in str(result.error) and "uk" in str(result.error)


def test_refused_key_and_exhausted_quota_stop_all_sending() -> None:
    with LibreStandIn(key=LIBRE_KEY) as server:
        result = run(libre(server, concurrency=2, batch=1, key="wrong-key-123456"),
                     master=MINI, glossary=None)
        assert server.requests <= 2
    assert result.error is not None and result.error.fatal
    assert "HTTP 403" in str(result.error) and "Invalid API key" in str(result.error)
    with DeepLStandIn(key=DEEPL_KEY, faults=when_text_contains("", Fault("456"))) as server:
        result = run(deepl(server, concurrency=2), master=MINI, glossary=None)
        assert server.requests <= 2
    assert result.error is not None and "quota" in str(result.error)


def test_an_unsupported_language_is_not_retried() -> None:
    with LibreStandIn(languages=("de", "en")) as server:
        result = run(libre(server, concurrency=1), master=MINI, lang="uk", glossary=None)
        assert server.requests == 1
    assert result.error is not None and "uk is not supported" in str(result.error)


# --- throughput ---------------------------------------------------------------------------

def test_concurrency_limit_is_respected() -> None:
    with LibreStandIn(latency=0.05) as server:
        result = run(libre(server, concurrency=3, batch=1), master=Track(MASTER.cues[:24]),
                     glossary=None)
        assert result.error is None
        assert server.max_in_flight == 3
    with GoogleStandIn(latency=0.05) as server:
        result = run(google(server), master=Track(MASTER.cues[:8]), glossary=None)
        assert result.error is None
        assert server.max_in_flight == 2  # Google's default limit


def test_progress_is_reported_per_language() -> None:
    seen: list[tuple[int, int]] = []
    with LibreStandIn() as server:
        draft(MASTER, None, None, lang="bg", master_lang="de", provider=libre(server, batch=10),
              glossary=GLOSSARY, memory=Memory(), progress=lambda d, t: seen.append((d, t)),
              retry=FAST)
    assert seen[0] == (0, len(MASTER.cues)) and seen[-1] == (len(MASTER.cues),) * 2
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


# --- secrets ------------------------------------------------------------------------------

def test_keys_never_appear_in_output_files_or_errors(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("LIBRETRANSLATE_API_KEY", LIBRE_KEY)
    monkeypatch.setenv("DEEPL_AUTH_KEY", DEEPL_KEY)
    memory = Memory(tmp_path / "tm.jsonl")
    texts: list[str] = []
    results = []
    with LibreStandIn(key=LIBRE_KEY) as server:
        results.append(run(create_provider("libre", url=server.url), lang="uk", memory=memory))
        # The key travels in the JSON body, never in the URL.
        assert not server.key_in_url and not any(LIBRE_KEY in p for p in server.paths)
        assert any(LIBRE_KEY.encode() in b for b in server.bodies)
    with LibreStandIn(key=LIBRE_KEY, faults=when_text_contains("", Fault("500"))) as server:
        results.append(run(create_provider("libre", url=server.url), master=MINI,
                           lang="ro", memory=memory))
    with LibreStandIn(key=LIBRE_KEY, echo_errors=True) as server:  # quotes the body
        results.append(run(create_provider("libre", url=server.url), master=MINI,
                           lang="it", memory=memory))
        assert "***" in str(results[-1].error)
    with DeepLStandIn(key=DEEPL_KEY) as server:
        results.append(run(create_provider("deepl", url=server.url), lang="uk",
                           memory=memory))
    with DeepLStandIn(key="another-key-000000") as server:  # the key is refused
        results.append(run(create_provider("deepl", url=server.url), master=MINI,
                           lang="el", memory=memory))
    with DeepLStandIn(key=DEEPL_KEY, faults=when_text_contains("", Fault("500"))) as server:
        results.append(run(create_provider("deepl", url=server.url), master=MINI,
                           lang="ar", memory=memory))
    memory.close()
    errors = [r.error for r in results if r.error is not None]
    assert len(errors) == 4
    for error in errors:
        assert error is not None
        texts += [str(error), repr(error), error.message, error.hint, str(error.cause),
                  repr(error.args)]
    for result in results:
        texts += [compose(result.state), srt.compose(result.track)]
    with pytest.raises(ProviderError) as missing:
        create_provider("deepl", env={})
    texts.append(str(missing.value))
    texts += [caplog.text, *capsys.readouterr()]
    texts.append((tmp_path / "tm.jsonl").read_text(encoding="utf-8"))
    for text in texts:
        assert LIBRE_KEY not in text and DEEPL_KEY not in text
        assert LIBRE_KEY[:12] not in text and DEEPL_KEY[:12] not in text


def test_redaction_of_registered_keys() -> None:
    register_secret("zz-top-secret-zz")
    assert redact("key=zz-top-secret-zz!") == "key=***!"
    error = ProviderError("echo zz-top-secret-zz", provider="libre", hint="zz-top-secret-zz")
    assert "zz-top-secret-zz" not in str(error)


def test_missing_deepl_key_is_a_clear_error() -> None:
    with pytest.raises(ProviderError) as caught:
        create_provider("deepl", env={})
    assert "DEEPL_AUTH_KEY" in str(caught.value) and caught.value.fatal
    with pytest.raises(ProviderError, match="unknown provider"):
        create_provider("bing")
    with pytest.raises(ProviderError, match="URL"):
        create_provider("libre")


# --- the LibreTranslate client ------------------------------------------------------------

def test_libre_client_sends_lists_and_reads_languages() -> None:
    with LibreStandIn() as server:
        provider = libre(server)
        assert provider.translate(["Guten Tag", "Danke ⟦0⟧"], "de", "uk") == [
            "netuG gaT", "eknaD ⟦0⟧"]
        assert server.requests == 1 and server.targets == ["uk"]
        assert provider.languages()["de"] == tuple(server.languages)
        # An error status is a failure with its status, not a crash.
        with pytest.raises(ProviderError) as caught:
            request_json("GET", f"{server.url}/nothing", provider="libre", timeout=1)
        assert caught.value.status == 404 and not caught.value.retryable


# --- sentences ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "ends"), [
    ("Das Modellprojekt lief so gut,", False),
    ("Heute gibt es sie in allen zwölf Stadtbezirken:", True),
    ("Wie beantrage ich einen Pflegegrad?", True),
    ("„Für Sie in Ihrem Stadtbezirk!“", True),
    ("[Musik]", True),
    ("und den Städtischen Seniorenheimen…", True),
])
def test_ends_sentence(text: str, ends: bool) -> None:
    assert ends_sentence(text) is ends


def test_cues_of_one_sentence_are_translated_as_one_text() -> None:
    cues = (Cue(0, 2000, "x"), Cue(2080, 4000, "x"), Cue(4080, 6000, "x"),
            Cue(8000, 9000, "x"), Cue(9080, 10000, "x"), Cue(10080, 11000, "x"))
    sources = ["Das Modellprojekt lief so gut,", "dass es heute in jedem Stadtbezirk",
               "ein Seniorenbüro gibt.", "Weiter ohne Punkt",  # a pause of 2 s follows
               "[Musik]", "(Sprecherin) Und dann"]
    assert group(cues, range(6), sources) == [[0, 1, 2], [3], [4], [5]]
    # Only neighbours join: a person's cue between two drafts separates them.
    assert group(cues, [0, 2], [sources[0], sources[2]]) == [[0], [2]]


def test_sentence_drafts_are_split_in_proportion_to_duration() -> None:
    master = Track((Cue(0, 1000, "Eins zwei drei vier fünf sechs sieben acht"),
                    Cue(1080, 3000, "neun zehn elf zwölf dreizehn vierzehn fünfzehn"),
                    Cue(3080, 7000, "sechzehn siebzehn achtzehn neunzehn zwanzig.")))
    with LibreStandIn() as server:
        result = run(libre(server), master=master, glossary=None)
        assert server.received == [" ".join(c.text for c in master.cues)]
    parts = [readable(c.text).split() for c in result.track.cues]
    assert list(itertools.chain(*parts)) == " ".join(c.text for c in master.cues).split()
    assert len(parts[0]) < len(parts[1]) < len(parts[2])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcdéxyz", min_size=1, max_size=12), min_size=1,
                max_size=60),
       st.lists(st.integers(min_value=0, max_value=8000), min_size=1, max_size=6))
def test_split_keeps_every_word_in_order(words: list[str], durations: list[int]) -> None:
    parts = split_by_duration(" ".join(words), durations)
    assert len(parts) == len(durations)
    assert " ".join(p for p in parts if p).split() == words
    if len(words) >= len(durations):
        assert all(parts)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=6, max_value=80), st.integers(min_value=500, max_value=3000),
       st.integers(min_value=2, max_value=4))
def test_split_gives_longer_cues_more_words(count: int, short: int, factor: int) -> None:
    # Words of equal length: the share of words follows the share of time.
    parts = split_by_duration(" ".join(["wort"] * count), [short, short * factor])
    first, second = (len(p.split()) for p in parts)
    assert second >= first
    assert abs(second / count - factor / (factor + 1)) <= 1 / count + 0.01


# --- pseudo-localisation ------------------------------------------------------------------

def test_pseudo_is_a_third_longer_accented_bracketed_and_readable() -> None:
    for cue in MASTER.cues:
        text = normal_text(cue.text)
        if len(text) < 20:
            continue
        out = pseudo(text)
        assert out.startswith("[") and out.endswith("]")
        assert 1.25 <= len(out) / len(text) <= 1.42, (text, out)
        assert not any("a" <= c.lower() <= "z" for c in out), out
        assert unpseudo(out) == text
    assert pseudo("Danke ⟦0⟧ sehr").count("⟦0⟧") == 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8",
                                      exclude_characters="~[]⟦⟧åƀçðéƒĝĥîĵķļɱñøþǫŕšţûṽŵẋýž"
                                      "ÅƁÇÐÉƑĜĤÎĴĶĻṀÑØÞǪŔŠŢÛṼŴẊÝŽ")))
def test_unpseudo_reverses_pseudo(text: str) -> None:
    assert unpseudo(pseudo(text)) == text


def test_pseudo_provider_drafts_the_film() -> None:
    result = run(PseudoProvider(), lang="de-x-pseudo")
    assert result.error is None and len(result.drafted) == len(MASTER.cues)
    drafted = " ".join(c.text for c in result.track.cues)
    assert "Lütgendortmund" in drafted  # names restored as written in the master
    assert result.state.entries[0].origin == "machine:pseudo"


def test_providers_satisfy_the_protocol() -> None:
    with LibreStandIn() as server:
        providers: list[object] = [libre(server), google(server), deepl(server),
                                   PseudoProvider()]
        assert all(isinstance(p, Provider) for p in providers)

