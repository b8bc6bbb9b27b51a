"""Corpus build benchmark: characters per second, speed-up with --jobs, peak memory, cache.

    .venv/bin/python bench/bench_corpus.py                      # the State Council corpus
    .venv/bin/python bench/bench_corpus.py ../shared/corpus --jobs 1 2
    .venv/bin/python bench/bench_corpus.py --baseline /tmp/old  # /tmp/old/kg: other code, measured first; ratios


Each measurement runs ``kg.pipeline.build`` in a fresh process (so peak memory and the
model loading are its own) and prints one row: documents, characters, seconds in
extraction (reading and extracting, until the last document is done) and in the graph
and its exports, characters per second end to end and in extraction, the peak resident
memory of the main process and of the largest worker; the time after extraction is
split into the graph's triples, the HTML viewer and the other exports where the build
reports them (``BuildResult.phases``). The rows are:

1. a cold build for each ``--jobs`` value (empty cache);
2. a rebuild with the cache filled by the first and the same exports folder (up to date);
3. a rebuild with the cache but a new exports folder (the graph and exports made again).

With ``--baseline DIR`` every row is measured first with the ``kg`` package in DIR (say,
the code before a change), then with this one, and the ratios are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "state-council"
TARGETS = "targets: >= 50,000 chars/s per core end to end, near-linear speed-up to 2 jobs, peak < 2 GB, cached rebuild < 10% of the first"


def measure(inputs: list[str], out: str, jobs: int, cache: str | None) -> dict:
    """Run one build in this process and return its figures."""
    from kg.pipeline import build

    last = [0.0]
    started = time.perf_counter()
    result = build(inputs, out, jobs=jobs, cache_dir=cache, on_outcome=lambda outcome: last.__setitem__(0, time.perf_counter()))
    total = time.perf_counter() - started
    extraction = (last[0] or started) - started
    return {
        "documents": len(result.extractions),
        "skipped": len(result.skipped),
        "chars": sum(len(e.document.text) for e in result.extractions),
        "cached": result.cached,
        "up_to_date": result.up_to_date,
        "seconds": total,
        "extraction": extraction,
        "graph_and_exports": total - extraction,
        "phases": getattr(result, "phases", {}),
        "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def run_child(inputs: list[str], out: Path, jobs: int, cache: Path | None, code: Path) -> dict:
    """Measure one build in a fresh Python process, importing ``kg`` from ``code``."""
    command = [sys.executable, __file__, *inputs, "--child", "--out", str(out), "--jobs", str(jobs)]
    if cache is not None:
        command += ["--cache", str(cache)]
    env = {**os.environ, "PYTHONPATH": str(code), "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


HEADER = (
    f"{'build':<40} {'docs':>5} {'chars':>11} {'extract':>8} {'graph+ex':>8} {'graph':>6} {'viewer':>6} {'exports':>7} "
    f"{'total s':>8} {'chars/s':>10} {'/s/job':>10} {'extract/s':>10} {'main MB':>8} {'workerMB':>8}"
)


def row(label: str, figures: dict, jobs: int) -> str:
    """Return one printed row of figures (``-`` for a phase the build does not report)."""
    chars, seconds = figures["chars"], max(figures["seconds"], 1e-9)
    extraction = max(figures["extraction"], 1e-9)
    phases = figures.get("phases", {})
    graph, viewer, exports = (f"{phases[name]:.1f}" if name in phases else "-" for name in ("graph", "viewer", "exports"))
    return (
        f"{label:<40} {figures['documents']:>5} {chars:>11,} {figures['extraction']:>8.1f} {figures['graph_and_exports']:>8.1f} "
        f"{graph:>6} {viewer:>6} {exports:>7} "
        f"{figures['seconds']:>8.1f} {chars / seconds:>10,.0f} {chars / seconds / jobs:>10,.0f} {chars / extraction:>10,.0f} "
        f"{figures['main_mb']:>8,.0f} {figures['worker_mb']:>8,.0f}"
    )


def main() -> None:
    """Parse the arguments and print the table of figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", default=[str(DEFAULT_CORPUS)])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--baseline", type=Path, help="a folder holding another kg package, measured first for a before/after ratio")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.inputs, args.out, args.jobs[0], args.cache)))
        return
    missing = [path for path in args.inputs if not Path(path).exists()]
    if missing:
        sys.exit(f"not found: {', '.join(missing)} (the benchmark reads ../shared/corpus)")
    if args.baseline is not None and not (args.baseline / "kg").is_dir():
        sys.exit(f"no kg package in {args.baseline}")
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as scratch:
        print(f"corpus: {', '.join(args.inputs)}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}")
        print(HEADER)
        before = None
        if args.baseline is not None:
            before = table(args.inputs, args.jobs, Path(scratch) / "baseline", args.baseline / "kg", "baseline: ")
        after = table(args.inputs, args.jobs, Path(scratch) / "this", ROOT / "kg", "this: " if before else "")
        print()
        summary(after, args.jobs)
        if before is not None:
            ratios(before, after)
        print(TARGETS)


def table(inputs: list[str], jobs_values: list[int], scratch: Path, package: Path, label: str = "") -> dict[str, dict]:
    """Run every measurement with the ``kg`` package at ``package``, print the rows as they come, return them.

    The builds import a copy of the package taken at the start, so edits made to the
    working tree meanwhile do not change the code version (and empty the cache).
    """
    code = scratch / "code"
    shutil.copytree(package, code / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    rows: dict[str, dict] = {}
    for jobs in jobs_values:
        rows[f"cold, --jobs {jobs}"] = run_child(inputs, scratch / f"out-{jobs}", jobs, scratch / f"cache-{jobs}", code)
        print(row(f"{label}cold, --jobs {jobs}", rows[f"cold, --jobs {jobs}"], jobs), flush=True)
    first = jobs_values[0]
    rows["cached, same exports"] = run_child(inputs, scratch / f"out-{first}", first, scratch / f"cache-{first}", code)
    print(row(f"{label}cached, same exports, --jobs {first}", rows["cached, same exports"], first), flush=True)
    rows["cached, new exports"] = run_child(inputs, scratch / "out-fresh", first, scratch / f"cache-{first}", code)
    print(row(f"{label}cached, new exports, --jobs {first}", rows["cached, new exports"], first), flush=True)
    return rows


def summary(rows: dict[str, dict], jobs_values: list[int]) -> None:
    """Print the speed-up with --jobs, the cached rebuilds against the first build, peak memory."""
    cold = {jobs: rows[f"cold, --jobs {jobs}"] for jobs in jobs_values}
    again, fresh = rows["cached, same exports"], rows["cached, new exports"]
    first = jobs_values[0]
    for jobs in jobs_values[1:]:
        print(f"speed-up --jobs {jobs}: end to end x{cold[first]['seconds'] / cold[jobs]['seconds']:.2f}, "
              f"extraction x{cold[first]['extraction'] / max(cold[jobs]['extraction'], 1e-9):.2f}")
    print(f"cached rebuild: {100 * again['seconds'] / cold[first]['seconds']:.1f}% of the first build (up to date: {again['up_to_date']}); "
          f"with new exports {100 * fresh['seconds'] / cold[first]['seconds']:.1f}%")
    peak = max(c["main_mb"] + jobs * c["worker_mb"] for jobs, c in cold.items())
    print(f"peak memory (main + jobs x largest worker, an upper bound): {peak:,.0f} MB")


def ratios(before: dict[str, dict], after: dict[str, dict]) -> None:
    """Print how many times faster each build is than the baseline's, end to end and after extraction."""
    for name, figures in after.items():
        old = before[name]
        print(f"{name}: x{old['seconds'] / max(figures['seconds'], 1e-9):.2f} end to end "
              f"({old['seconds']:.1f} s -> {figures['seconds']:.1f} s), x{old['graph_and_exports'] / max(figures['graph_and_exports'], 1e-9):.2f} "
              f"after extraction ({old['graph_and_exports']:.1f} s -> {figures['graph_and_exports']:.1f} s)")


if __name__ == "__main__":
    main()
