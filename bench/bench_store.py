"""The named queries on rdflib's default store and on ours (pyoxigraph), on a graph of a million triples.

    .venv/bin/python bench/bench_store.py [--corpus DIR] [--triples N] [--timeout S] [--repeat N]

Builds the graph of the ``.txt`` reports of ``../shared/corpus`` (or the bundled sample when the
corpus is absent) and, where it is too small, replicates each report's own named graph (the
report, its sentences, mentions and assertions) under distinct report IRIs (``…/report/ID~k``,
``kg:documentId "ID~k"``) until the dataset holds at least ``--triples`` triples; the entity layer
(the default graph) is kept once, as in a real corpus where reports name the same bodies and laws.
The dataset is written as N-Triples (for rdflib) and N-Quads (for ``kg.store.Store``) to a
temporary folder, the same lines in both, in the order ``kg build`` writes ``graph.nq`` (each
graph's triples sorted by subject: Oxigraph's in-memory store joins faster over data loaded in
that order than in rdflib's set order). Each store loads its file, and every named query
(``kg query --list``) is timed on both: ours the median of ``--repeat`` runs, rdflib one run in
a forked child that is stopped after ``--timeout`` seconds, both after the loaded objects are
frozen out of the garbage collector's reach (``gc.freeze``). Row counts are compared, and the
table gives load and query times and the ratio. Target: each query ≥20× faster than rdflib and
under 1 s.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.exporting import partition_graph, serialize_nquads
from kg.graphing import build_graph
from kg.namespaces import ID, KG
from kg.pipeline import extract_path
from kg.resources import sample_report
from kg.store import Store, default_prefixes, named_queries, with_prefixes

SHARED = Path(__file__).resolve().parents[2] / "shared"
TARGET_SPEEDUP, TARGET_SECONDS = 20.0, 1.0
REPORT_IRI = re.compile("<" + re.escape(str(ID)) + r"report/([^/#>]+)")
DOCUMENT_ID = re.compile(r"(<" + re.escape(str(KG.documentId)) + r'> ")([^"]*)(")')


@dataclass
class Timing:
    """One query's figures: rows and seconds on each store (rdflib None when it timed out)."""

    name: str
    rows_ours: int
    seconds_ours: float
    rows_rdflib: int | None
    seconds_rdflib: float | None


def corpus_graph(corpus: Path) -> Graph:
    """Return the merged graph of the corpus' .txt reports (or of the bundled sample)."""
    paths = sorted(corpus.rglob("*.txt")) if corpus.is_dir() else []
    if not paths:
        print(f"{corpus} has no .txt reports; using the bundled sample", file=sys.stderr)
        paths = [sample_report()]
    extractions = []
    for path in paths:
        try:
            extractions.append(extract_path(path))
        except Exception as error:  # a bad report is skipped, as kg build does
            print(f"skipped {path}: {error}", file=sys.stderr)
    print(f"extracted {len(extractions)} reports from {corpus}", file=sys.stderr)
    return build_graph(extractions)


def graph_layers(graph: Graph) -> dict[str | None, str]:
    """Return the N-Triples text of each graph of ``graph.nq`` (None: the default graph), lines as ``kg build`` writes them.

    ``serialize_nquads`` writes the default graph, then each report, in ``partition_graph``'s
    order and sizes, every graph's triples sorted by subject as in the exports.
    """
    lines = serialize_nquads(graph).decode("utf-8").splitlines(keepends=True)
    layers, start = {}, 0
    for name, triples in partition_graph(graph).items():
        ending = " .\n" if name is None else f" <{name}> .\n"
        chunk = lines[start : start + len(triples)]
        start += len(triples)
        if not all(line.endswith(ending) for line in chunk):
            raise ValueError(f"the N-Quads lines of graph {name} are not where partition_graph puts them")
        layers[None if name is None else str(name)] = "".join(line[: -len(ending)] + " .\n" for line in chunk)
    return layers


def replicate(text: str, copy: int) -> str:
    """Return report-layer N-Triples with every report IRI and document id made distinct for ``copy``."""
    if copy == 0:
        return text
    text = REPORT_IRI.sub(lambda m: f"{m.group()}~{copy}", text)
    return DOCUMENT_ID.sub(lambda m: f"{m.group(1)}{m.group(2)}~{copy}{m.group(3)}", text)


def write_dataset(graph: Graph, target: int, folder: Path) -> tuple[Path, Path, int]:
    """Write the replicated dataset as N-Triples and N-Quads; return both paths and the triple count."""
    reports = graph_layers(graph)
    entity_layer = reports.pop(None)
    per_copy = sum(text.count("\n") for text in reports.values())
    copies = max(1, -(-(target - entity_layer.count("\n")) // per_copy))
    nt, nq = folder / "bench.nt", folder / "bench.nq"
    count = entity_layer.count("\n")
    with nt.open("w", encoding="utf-8") as nt_out, nq.open("w", encoding="utf-8") as nq_out:
        nt_out.write(entity_layer)
        nq_out.write(entity_layer)
        for copy in range(copies):
            for name, text in reports.items():
                lines = replicate(text, copy)
                graph_iri = f"<{name}~{copy}>" if copy else f"<{name}>"
                nt_out.write(lines)
                nq_out.write("".join(line[:-1] + f"{graph_iri} .\n" for line in lines.splitlines(keepends=False) if line))
                count += lines.count("\n")
    print(f"{count} triples: {len(reports)} reports × {copies} copies + {entity_layer.count(chr(10))} entity-layer triples", file=sys.stderr)
    return nt, nq, count


def timed(action):
    """Return (result, seconds) of calling ``action``."""
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def time_ours(store: Store, sparql: str, repeat: int) -> tuple[int, float]:
    """Return the rows and the median seconds of ``repeat`` runs on our store."""
    runs = [timed(lambda: store.query(sparql)) for _ in range(repeat)]
    return len(runs[0][0]), statistics.median(seconds for _, seconds in runs)


def _rdflib_child(graph: Graph, sparql: str, pipe) -> None:
    """Run one query on rdflib in a forked child; send (rows, seconds) back."""
    rows, seconds = timed(lambda: len(list(graph.query(sparql))))
    pipe.send((rows, seconds))


def time_rdflib(graph: Graph, sparql: str, timeout: float) -> tuple[int | None, float | None]:
    """Return the rows and seconds of one rdflib run, or (None, None) after ``timeout`` seconds."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_rdflib_child, args=(graph, sparql, sender))
    child.start()
    answered = receiver.poll(timeout)
    result = receiver.recv() if answered else (None, None)
    child.terminate()
    child.join()
    return result


def _ratio(timing: Timing, timeout: float) -> str:
    """Return the speed-up as text (a lower bound when rdflib timed out)."""
    if timing.seconds_rdflib is None:
        return f">{timeout / timing.seconds_ours:,.0f}×"
    return f"{timing.seconds_rdflib / timing.seconds_ours:,.0f}×"


def print_table(timings: list[Timing], timeout: float) -> None:
    """Print one row per query: rows, seconds on each store, ratio, whether the target is met."""
    print(f"{'query':34} {'rows':>6} {'rdflib s':>10} {'ours s':>8} {'ratio':>8}  target")
    for t in timings:
        rdflib_s = f">{timeout:.0f}" if t.seconds_rdflib is None else f"{t.seconds_rdflib:.2f}"
        speedup = (t.seconds_rdflib or timeout) / t.seconds_ours
        met = "yes" if speedup >= TARGET_SPEEDUP and t.seconds_ours < TARGET_SECONDS else "NO"
        same = "" if t.rows_rdflib in (None, t.rows_ours) else f"  (rdflib rows {t.rows_rdflib})"
        print(f"{t.name:34} {t.rows_ours:>6} {rdflib_s:>10} {t.seconds_ours:>8.3f} {_ratio(t, timeout):>8}  {met}{same}")


def main() -> None:
    """Build, load and time; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before an rdflib query is stopped")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query on our store (median)")
    parser.add_argument("--queries", nargs="*", help="named queries to time (default: all)")
    args = parser.parse_args()
    queries = {name: path.read_text(encoding="utf-8") for name, path in named_queries().items() if not args.queries or name in args.queries}
    graph = corpus_graph(args.corpus)
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        nt, nq, count = write_dataset(graph, args.triples, Path(folder))
        store, ours_load = timed(lambda: Store.from_path(nq))
        rdflib_graph, rdflib_load = timed(lambda: Graph().parse(nt, format="nt"))
    # rdflib's million triples are millions of Python objects: keep the garbage collector from
    # rescanning them during every timed query (of either store).
    gc.collect()
    gc.freeze()
    print(f"\n{count:,} triples; load: rdflib {rdflib_load:.1f} s, ours {ours_load:.1f} s ({rdflib_load / ours_load:.0f}×)")
    print(f"store: {len(store):,} quads in {len(store.graphs())} named graphs; rdflib: {len(rdflib_graph):,} triples\n")
    for prefix, iri in default_prefixes().items():
        rdflib_graph.bind(prefix, iri, override=True)
    timings = []
    for name, sparql in queries.items():
        rows_ours, seconds_ours = time_ours(store, sparql, args.repeat)
        rows_rdflib, seconds_rdflib = time_rdflib(rdflib_graph, with_prefixes(sparql), args.timeout)
        timings.append(Timing(name, rows_ours, seconds_ours, rows_rdflib, seconds_rdflib))
        print(f"  {name}: ours {seconds_ours:.3f} s, rdflib {seconds_rdflib if seconds_rdflib is not None else 'timeout'}", file=sys.stderr)
    print_table(timings, args.timeout)


if __name__ == "__main__":
    main()
