"""Write the live-delivery section of docs/PERFORMANCE.md from a bench.run result.

The section sits between two markers and is replaced on every full run; everything
else in the file (the change-cost section) is kept as it is.
"""

import os
from pathlib import Path

MARK_START, MARK_END = "<!-- bench.run:start -->", "<!-- bench.run:end -->"
SERVERS = ("peercircle", "floor", "socketio")
TARGET_TEXT = {
    "cpu_vs_floor_le_1.5": "CPU per delivery ≤ 1.5× the floor's (W1)",
    "cpu_vs_socketio_le_0.4": "CPU per delivery ≤ 0.4× python-socketio's (W1)",
    "cpu_vs_socketio_le_0.4_at_10k": "CPU per delivery ≤ 0.4× python-socketio's at 10k/s",
    "cpu_vs_socketio_le_0.4_where_it_keeps_up": "CPU per delivery ≤ 0.4× python-socketio's at the highest load where it keeps up",
    "w1_p99_le_10ms": "W1 (20k deliveries/s): p99 ≤ 10 ms",
    "w1_delivered_ge_99.99": "W1: ≥ 99.99% delivered",
    "knee_ge_60k": "knee (p99 ≤ 100 ms, ≥ 99.9% delivered) ≥ 60k deliveries/s",
    "idle_le_30kb_per_conn": "≤ 30 KB RSS per idle connection",
    "two_processes_cpu_le_1.1": "two processes (W5), rooms split across them: ≤ 10% more CPU per delivery than one",
    "two_processes_rooms_spread_cpu_le_1.1": "two processes, every room spread over both: ≤ 10% more CPU per delivery than one",
    "storm_all_back_gap_free_le_2s": "reconnect storm (W6): all 2,000 back, gap-free, within 2 s",
    "slow_readers_p99_within_20pct": "5% slow readers (W8): dropped, and the others' p99 within 20%",
}


def _kept_up(kept: dict | None) -> str:
    if not kept:
        return "python-socketio kept up at no load of this run, so no load compares it fairly."
    cpu = kept["cpu_us_per_delivery"]
    runs = kept.get("runs") or [1, 1]
    each = ", ".join(_f(r, 2) for r in kept.get("cpu_ratio_each") or [])
    knee = kept.get("socketio_met_knee")
    return (f"Where python-socketio keeps up (the highest load at which it delivered what was asked in most of "
            f"its runs, {kept['offered_deliveries_per_s']:,}/s"
            + (f"; its p99 within 100 ms in {knee} of {runs[1]}" if knee is not None else "")
            + f"): PeerCircle {_f(cpu['peercircle'])} against {_f(cpu['socketio'])} µs per delivery, "
            f"**{_f(kept['cpu_ratio'], 2)}×**"
            + (f" (medians of {runs[0]} and {runs[1]} interleaved runs; run by run {each})." if max(runs) > 1 else "."))


def _f(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def section(raw: dict, plots: list[Path], docs: Path) -> str:
    runs, head = raw["runs"], raw["headline"]
    timing = raw["timing"]
    lines = [
        MARK_START,
        "## Live delivery: PeerCircle against the floor and python-socketio",
        "",
        "`python -m bench.run` (about 40 minutes; `--quick` is a few-second smoke run, also in the test",
        "suite as `tests/bench/test_smoke.py`; `python -m bench.ab` runs interleaved A/B pairs of one runtime",
        "setting). Each run starts a fresh server pinned to CPU 0 and load",
        "workers pinned to CPU 1; one private redis-server (unpinned, AOF everysec like the tests) serves the",
        "suite and is flushed between runs. The load generator (`bench/loadgen.py`) is open-loop: each",
        "participant acts every *interval* seconds at a random phase whatever the server does, cycling",
        "AddItem, RaiseHand, EditItem (its own item), LowerHand; items carry their send time, hands are timed",
        "by per-person lists of send times walked in order by every receiver. Every receiver notes every receipt: latency is receipt − send for every delivery.",
        "Against PeerCircle every connection still reading also beats as the browser client does: every 10 s,",
        "each on its own phase, it sends a `ping` if it heard nothing for 5 s or its last ping (the clock's",
        "sample) went 60 s ago, and PeerCircle answers each with a `pong`; PeerCircle's own keepalive pings a",
        "socket it has not heard from for 15 s. The floor and python-socketio keep their own server-side",
        "keepalive (a ping every 15 s).",
        "Expected deliveries = (commands acked with a seq, plus commands never answered) × connections in",
        "the room. The floor is `bench/floor_server.py` (`websockets` + `broadcast()`, rooms in memory, the",
        "same msgpack frames); the peer is `bench/socketio_server.py` (python-socketio `AsyncServer` +",
        "`AsyncRedisManager` under uvicorn; JSON text frames, acks as socket.io acks). Both answer the same",
        "four commands with events of PeerCircle's shapes (`bench/mini_rooms.py`), but neither commits",
        "anything durably: PeerCircle's figure includes its Lua commit per command; theirs does not.",
        "",
        f"Window: {timing['warm']} s warm-up, {timing['measure']} s measured, {timing['drain']} s drain. Server CPU from",
        "`/proc/PID/task/*/schedstat` (on-CPU ns over the window) ÷ deliveries received in the window; syscalls from",
        "`/proc/PID/io` (syscr+syscw: read(2)/write(2) only, so a server on asyncio's own loop, which uses",
        "send/recv, shows 0); RSS per connection = (RSS with every client connected − RSS before)",
        "÷ connections, before any load (so it includes each room's state, amortised over 20 people).",
        "",
        f"**Noise.** This run ({raw['when']}) ran on a shared 2-core machine:",
        "the *other CPU* column is what the rest of the box used during the window, time the host took",
        "from it included (100% = one core).",
        "Redis floats on either core. Treat single figures as ±20%; W1 is the median of 3 interleaved runs.",
        f"Idle CPUs {describe_idle(raw.get('idle'))}.",
        "",
        "### Headline (W1: 100 rooms × 20 participants, one action every 2 s = 20k deliveries/s)",
        "",
        "| server | p50 ms | p99 ms | p99.9 ms | max ms | delivered % | CPU µs/delivery (range) | syscalls/delivery | Redis CPU % | RSS KB/conn | other CPU % |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind in SERVERS:
        w = head["w1"].get(kind)
        if not w:
            continue
        lo, hi = w["cpu_us_per_delivery_range"]
        lines.append(
            f"| {kind} | {_f(w['p50_ms'], 2)} | {_f(w['p99_ms'], 2)} | {_f(w['p999_ms'], 2)} | {_f(w['max_ms'], 1)} | "
            f"{_f(w['delivered_pct'], 3)} | {_f(w['cpu_us_per_delivery'])} ({_f(lo)}–{_f(hi)}) | "
            f"{_f(w['syscalls_per_delivery'], 2)} | {_f(w['redis_cpu_pct'])} | {_f(w['rss_kb_per_conn'])} | "
            f"{_f(w['other_cpu_pct'], 0)} |"
        )
    lines += [
        "",
        f"CPU per delivery, PeerCircle ÷ floor: **{_f(head['cpu_ratio_vs_floor'], 2)}×** (ratio of the medians; "
        f"run by run against the floor run beside it: {(head.get('cpu_ratio_vs_floor_paired') or {}).get('each')}); "
        f"PeerCircle ÷ python-socketio: **{_f(head['cpu_ratio_vs_socketio'], 2)}×** (python-socketio is far past its knee",
        "at W1, which inflates its figure). At 10k deliveries/s (delivered there: "
        + ", ".join(f"{k} {_f(v, 1)}%" for k, v in head.get("delivered_pct_10k", {}).items())
        + "; below 99.9% a server is past its knee and its figure inflated): PeerCircle ÷ floor",
        f"**{_f(head.get('cpu_ratio_vs_floor_10k'), 2)}×**, PeerCircle ÷ python-socketio "
        f"**{_f(head.get('cpu_ratio_vs_socketio_10k'), 2)}×** (µs/delivery: "
        + ", ".join(f"{k} {_f(v)}" for k, v in head.get("cpu_us_per_delivery_10k", {}).items()) + ").",
        _kept_up(head.get("socketio_kept_up")),
        "",
        "### Every run",
        "",
        "| server | workload | offered/s | received/s | p50 ms | p99 ms | p99.9 ms | max ms | delivered % | µs/delivery | kernel share | syscalls/delivery | server CPU % | Redis CPU % | client CPU % | other CPU % |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        if "latency_ms" not in r:
            continue  # the storm: its own table below
        lat = r["latency_ms"]
        note = " (client-bound)" if r["client_bound"] else ""
        lines.append(
            f"| {r['server']} | {r['workload']}{' ' + str(r['interval_s']) + ' s' if r['workload'] == 'sweep' else ''} | "
            f"{r['offered_deliveries_per_s']} | {r['deliveries_per_s']}{note} | {_f(lat['p50'], 2)} | {_f(lat['p99'], 2)} | "
            f"{_f(lat['p999'], 2)} | {_f(lat['max'], 1)} | {_f(r['delivered_pct'], 3)} | {_f(r['cpu_us_per_delivery'])} | "
            f"{_f(r['server_kernel_share'], 2)} | {_f(r['syscalls_per_delivery'], 2)} | {_f(r['server_cpu_pct'], 0)} | "
            f"{_f(r['redis_cpu_pct'], 0)} | {_f(r['client_cpu_pct'], 0)} | {_f(r['other_cpu_pct'], 0)} |"
        )
    knee = head["knee_deliveries_per_s"]
    lines += ["", "Knee (highest offered load with p99 ≤ 100 ms and ≥ 99.9% delivered; the next step failed):", ""]
    for kind in SERVERS:
        k = knee.get(kind, {})
        lines.append(f"- {kind}: ok up to {_f(k.get('highest_ok'))}/s, failed at {_f(k.get('lowest_failed'))}/s "
                     f"(verdicts by load: {k.get('verdicts')})")
    slow = head.get("slow_readers")
    lines += workload_notes(head)
    for plot in plots:
        lines += ["", "Latency panel: of several runs at one load, the least disturbed by the rest of the box; CPU panel:",
                  "the median.", "", f"![{plot.stem}]({os.path.relpath(plot, docs.parent)})"]
    lines += ["", "### Against the targets of issue 6", "", "| target | met? |", "|---|---|"]
    for key, met in head["targets"].items():
        verdict = "yes" if met else "**no**"
        sio = head.get("w1", {}).get("socketio", {})
        if key == "cpu_vs_socketio_le_0.4" and met and (sio.get("delivered_pct") or 0) < 99.9:
            verdict += f" (python-socketio past its knee: {_f(sio.get('delivered_pct'), 1)}% delivered)"
        sio10 = head.get("delivered_pct_10k", {}).get("socketio")
        if key == "cpu_vs_socketio_le_0.4_at_10k" and met and (sio10 or 0) < 99.9:
            verdict += f" (inconclusive: python-socketio did not keep up at 10k/s in this run, {_f(sio10, 1)}% delivered)"
        if key == "cpu_vs_socketio_le_0.4_where_it_keeps_up" and not head.get("socketio_kept_up"):
            verdict += " (python-socketio kept up at no load of this run)"
        if key.startswith("slow_readers") and slow and not slow["slow_dropped"]:
            verdict += " (inconclusive: no slow reader reached the outbox bound in the window)"
        lines.append(f"| {TARGET_TEXT.get(key, key)} | {verdict} |")
    lines += ["", MARK_END]
    return "\n".join(lines) + "\n"


def _each(ratios: list[float] | None) -> str:
    return ", ".join(f"×{_f(r, 2)}" for r in ratios) if ratios else "—"


def describe_idle(idle: dict | None) -> str:
    """How the CPUs idled during the suite (bench/idle.py), in words."""
    if not idle:
        return "(not recorded)"
    if idle.get("latency_limit_us") == 0:
        return "polled instead of halting (a process held a CPU latency request of 0 µs; bench/idle.py)"
    halt_poll = idle.get("guest_halt_poll_ns")
    return (f"halted (cpuidle driver {idle.get('cpuidle_driver') or 'none'}"
            + (f", guest halt polling {halt_poll} ns" if halt_poll is not None else "") + "; bench/idle.py)")


def workload_notes(head: dict) -> list[str]:
    """One paragraph per workload beyond W1: W5, W6, W7, W8."""
    lines: list[str] = []
    two = head.get("two_processes")
    if two:
        if two.get("cpu_ratio_whole_rooms") is not None:
            lines += ["", "**Two processes (W5)**, rooms split across them: W1's load on one PeerCircle process and "
                      "on two, one per core as on a two-core machine (the load shares the second core), each room "
                      "whole on one of the two (as a balancer routing by room would place them), interleaved: "
                      f"{_f(two['cpu_us_per_delivery_1'])} → {_f(two['cpu_us_per_delivery_whole_rooms'])} "
                      f"µs per delivery (**×{_f(two['cpu_ratio_whole_rooms'], 2)}**; repeat by repeat "
                      f"{_each(two.get('cpu_ratio_whole_rooms_each'))}), p99 {_f(two['p99_ms_1'], 1)} → "
                      f"{_f(two['p99_ms_whole_rooms'], 1)} ms, delivered {_f(two['delivered_pct_whole_rooms'], 3)}%. "
                      "With both processes on the one core: "
                      f"{_f(two.get('cpu_us_per_delivery_whole_rooms_one_core'))} µs (repeat by repeat "
                      f"{_each(two.get('cpu_ratio_whole_rooms_one_core_each'))}). Nothing crosses between the two "
                      "here; what they pay is the thinner load each carries, and on one core each other's caches."]
            floor = two.get("floor")
            if floor:
                lines[-1] += (f" The floor split the same two ways, beside them: ×{_f(floor['cpu_ratio_whole_rooms'], 2)} "
                              f"one per core ({_each(floor['cpu_ratio_whole_rooms_each'])}) and "
                              f"×{_f(floor['cpu_ratio_whole_rooms_one_core'], 2)} on one core "
                              f"({_each(floor['cpu_ratio_whole_rooms_one_core_each'])}) of its one process's "
                              f"{_f(floor['cpu_us_per_delivery_1'])} µs: what the box charges for a split by itself.")
            lines[-1] += (" The browser names its room in the socket's URL (`/ws?room=<id>`), so a balancer can route "
                          "by it (README, \"More than one process\"); behind a round-robin one every room is spread over "
                          "both, the harder case below.")
        lines += ["", "**Two processes (W5), every room spread over both**: W1's load on one PeerCircle process and on two (each room's",
                  "connections alternate between them, so every event also crosses Redis to the other), "
                  f"{two['runs'][0]} + {two['runs'][1]} runs interleaved, one process per core: "
                  f"{_f(two['cpu_us_per_delivery_1'])} → {_f(two['cpu_us_per_delivery_2'])} µs per delivery "
                  f"(**×{_f(two['cpu_ratio'], 2)}**), p99 {_f(two['p99_ms_1'], 1)} → {_f(two['p99_ms_2'], 1)} ms, Redis "
                  f"{_f(two['redis_cpu_pct_1'])} → {_f(two['redis_cpu_pct_2'])}% of a core, delivered "
                  f"{_f(two['delivered_pct_2'], 3)}%. Each of the two carries half the load: one process at half "
                  f"the load (the sweep's 10k) spent {_f(two.get('cpu_us_per_delivery_1_at_half'))} µs per delivery, "
                  f"so the two cost ×{_f(two.get('cpu_ratio_to_half'), 2)} of what half the load costs one process."]
    storm = head.get("reconnect_storm")
    if storm:
        q = {str(k): v for k, v in (storm.get("back_after_first_ms") or {}).items()}  # int keys in memory, str in JSON
        lines += ["", f"**Reconnect storm (W6)**: {storm['connections']} clients in {storm['rooms']} rooms, each adding an",
                  "item every 4 s; the server is killed (SIGKILL) and started again on the same port at once; clients",
                  "retry every 50–100 ms with their (epoch, seq). Back: "
                  f"{storm['back']} of {storm['clients']} ({storm['resumed']} resumed from their seq, "
                  f"{storm['snapshots']} by snapshot), gaps {storm['gaps']}, duplicates {storm['duplicates']}, rooms whose "
                  f"clients disagree at the end {storm['rooms_disagreeing']}. First client back "
                  f"{_f(storm['first_back_after_kill_ms'], 0)} ms after the kill (process start-up); from then, "
                  f"p50 {_f(q.get('50'), 0)} ms, p90 {_f(q.get('90'), 0)} ms, all **{_f(storm['all_back_after_first_ms'], 0)} ms**. "
                  f"Server CPU per admitted client {_f(storm.get('cpu_per_admitted_client_ms'), 2)} ms; /healthz during "
                  f"the storm: at most {_f((storm.get('healthz_kept_alive_during_storm_ms') or {}).get('max'), 0)} ms on a kept "
                  f"connection, {_f((storm.get('healthz_during_storm_ms') or {}).get('max'), 0)} ms on a new one (it waits in "
                  f"the accept backlog behind the storm), {_f((storm.get('healthz_own_port_during_storm_ms') or {}).get('max'), 0)} ms "
                  f"at most on a new connection to the health port of its own (PEERCIRCLE_HEALTH_PORT; "
                  f"{storm.get('healthz_own_port_not_200_during_storm', '—')} not 200). A graceful shutdown (SIGTERM) with all {storm.get('connected_before_shutdown')} "
                  f"connected took {_f(storm.get('shutdown_ms'), 0)} ms, {storm.get('shutdown_errors_logged')} errors logged."]
    idle = head.get("idle")
    if idle:
        lines += ["", "**Idle connections (W7)**: 400 rooms × 20 (8,000 connections), one action each per 30 s, "
                  "PeerCircle's clients beating as the browser does, the references' keepalive every 15 s: " + "; ".join(
                      f"{k} {v['connections']} connected, **{_f(v['rss_kb_per_conn'])} KB RSS per connection**, "
                      f"server {_f(v['server_cpu_pct'])}% of a core" for k, v in idle.items()) + "."]
    slow = head.get("slow_readers")
    if slow:
        each = ", ".join(f"×{_f(r, 2)}" for r in slow.get("p99_ratio_each", []))
        pairs = slow.get("runs", [1, 1])[1]
        lines += ["", "**Slow readers (W8)**: 20k deliveries/s (50 rooms × 20, each acting every second) with 1.5 KB "
                  f"items, {pairs} interleaved pairs of runs without and with 5% of the connections stopping to read "
                  "(4 KB receive buffer) for the 30 s window: "
                  f"others' p99 (median) {_f(slow['baseline_p99_ms'], 2)} → {_f(slow['others_p99_ms'], 2)} ms "
                  f"(**×{_f(slow['p99_ratio'], 2)}**; pair by pair {each or '–'}; other CPU at most "
                  f"{slow['other_cpu_pct'][0]:.0f}% / {slow['other_cpu_pct'][1]:.0f}%), {slow['slow_dropped']} of "
                  f"{slow['slow']} slow ones dropped "
                  f"(closed for TOO_SLOW or by the keepalive, then reset 1 s later, since a reader that stopped never reads "
                  f"the close frame; close codes any connection read: {slow['close_codes'] or 'none'}), others' "
                  f"delivered at least "
                  f"{_f(slow['baseline_delivered_pct'], 3)} → {_f(slow['delivered_pct'], 3)}%."]
    return lines


def write_docs(docs: Path, raw: dict, plots: list[Path], notes: str = "") -> None:
    notes_file = Path(__file__).parent / "results" / "notes.md"
    if not notes and notes_file.exists():
        notes = notes_file.read_text()
    text = docs.read_text()
    new = section(raw, plots, docs)
    if notes:
        new = new.replace(MARK_END, notes.rstrip() + "\n\n" + MARK_END)
    if MARK_START in text and MARK_END in text:
        before, rest = text.split(MARK_START, 1)
        after = rest.split(MARK_END, 1)[1]
        text = before + new.rstrip("\n") + after
    else:
        text = text.rstrip("\n") + "\n\n" + new
    docs.write_text(text)
