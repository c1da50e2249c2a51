"""Print the figures of a bench/load.sh run from its folder: per kind of request p50/p95/p99 and
requests per second, the highest throughput held with 0 errors over the ramp, where latency
turned, CPU seconds by part, the waits seen in PostgreSQL, and the resident-list ratio."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path


def rows(path: Path) -> list[dict[str, str]]:
    with path.open() as f:
        return list(csv.DictReader(f))


PARTS = [
    ("gunicorn", "gunicorn"),
    ("celery", "celery"),
    ("locust", "locust"),
    ("import", "import_residents"),
    ("postgres", "postgres"),
    ("redis", "redis-server"),
]


def cpu_by_part(top_log: Path, seconds: int) -> str:
    """Average CPU by part over the samples of `top -b -d 5` during the mix (100 % = one core);
    what matches none of ours is the other work on the shared machine."""
    if not top_log.exists():
        return ""
    samples: list[dict[str, float]] = []
    in_table = False
    for line in top_log.read_text(errors="replace").splitlines():
        if line.startswith("top -"):
            samples.append({})
            in_table = False
        elif line.lstrip().startswith("PID"):
            in_table = True
        elif in_table and line.strip():
            cols = line.split(None, 11)
            if len(cols) < 12:
                continue
            command = cols[11]
            part = next((name for name, pat in PARTS if pat in command), "other (not ours)")
            if part == "other (not ours)" and "pytest" in command:
                part = "tests of other sessions"
            samples[-1][part] = samples[-1].get(part, 0.0) + float(cols[8].replace(",", "."))
    during = samples[1 : 1 + max(1, seconds // 5)]  # the first sample is since boot
    if not during:
        return ""
    parts = sorted({p for s in during for p in s})
    avg = {p: sum(s.get(p, 0.0) for s in during) / len(during) for p in parts}
    return "\nCPU during the mix, average of top's 5 s samples (200 % = both cores): " + ", ".join(
        f"{p} {v:.0f} %" for p, v in sorted(avg.items(), key=lambda kv: -kv[1])
    )


def main(out: Path) -> None:
    stats = rows(out / "mix_stats.csv")
    print(f"\nthe mix ({out}):")
    print("| request | count | errors | p50 ms | p95 ms | p99 ms | max ms | rps |")
    print("|---|---|---|---|---|---|---|---|")
    for r in sorted(stats, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        print(
            f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {r['50%']} | {r['95%']} "
            f"| {r['99%']} | {float(r['Max Response Time']):.0f} | {float(r['Requests/s']):.1f} |"
        )
    history = [h for h in rows(out / "mix_stats_history.csv") if h["Name"] == "Aggregated"]
    clean = [h for h in history if h["Total Failure Count"] == "0"]
    if clean:
        # throughput over a sliding 10-second window of the cumulative count, errors still 0
        best = 0.0
        for a, b in zip(clean, clean[10:], strict=False):
            rate = (int(b["Total Request Count"]) - int(a["Total Request Count"])) / max(
                1, int(b["Timestamp"]) - int(a["Timestamp"])
            )
            best = max(best, rate)
        last = clean[-1]
        print(
            f"\nhighest throughput with 0 errors (10 s window): {best:.1f} req/s; "
            f"0 errors up to {last['User Count']} users"
        )
    print("\nusers, rps (current), p50 / p95 ms (current window) every 10 s of the ramp:")
    for h in history[::10]:
        print(
            f"  {h['User Count']:>4} users  {float(h['Requests/s']):6.1f} rps  "
            f"p50 {h['50%']:>5}  p95 {h['95%']:>5}  failures {h['Total Failure Count']}"
        )
    print(
        cpu_by_part(
            out / "top.log", seconds=int(history[-1]["Timestamp"]) - int(history[0]["Timestamp"])
        )
    )
    for name in ("report-status.txt", "import.log"):
        path = out / name
        if path.exists():
            print(f"\n{name}:\n" + path.read_text().strip())
    waits = (
        (out / "pg-waits.log").read_text().splitlines() if (out / "pg-waits.log").exists() else []
    )
    blocked = [w for w in waits if w.split("|")[1:2] != ["0"]]
    events: dict[str, int] = {}
    for w in waits:
        for e in w.split("|")[-1].split(","):
            if e and e != "-":
                events[e] = events.get(e, 0) + 1
    print(
        f"\nPostgreSQL, sampled every 2 s: {len(blocked)}/{len(waits)} samples with a waiting lock; "
        f"wait events seen: {dict(sorted(events.items(), key=lambda kv: -kv[1])[:8])}"
    )
    vm = (out / "vmstat.log").read_text().splitlines()[2:] if (out / "vmstat.log").exists() else []
    if vm:
        idle = [int(line.split()[14]) for line in vm if line.split()[0].isdigit()]
        print(f"vmstat idle % every 5 s: {idle}")
    list_rows = rows(out / "list_stats.csv") if (out / "list_stats.csv").exists() else []
    agg = next((r for r in list_rows if r["Name"] == "Aggregated"), None)
    pg = (out / "pgbench.log").read_text() if (out / "pgbench.log").exists() else ""
    tps = re.search(r"tps = ([\d.]+)", pg)
    if agg and tps:
        rps = float(agg["Requests/s"])
        print(
            f"\nresident list of one community: full stack {rps:.1f} req/s "
            f"(p50 {agg['50%']} ms, p99 {agg['99%']} ms, {agg['Failure Count']} errors); "
            f"pgbench of its SQL {float(tps.group(1)):.1f} tps; ratio {rps / float(tps.group(1)):.1%}"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shequ-load"))
