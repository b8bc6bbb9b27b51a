"""``kg eval GOLD [--system FILE] [--json]``: scores against gold annotations, as the guide's scorer."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kg.cli._util import app, fail
from kg.evaluating import EvalInputError, Evaluation, Score, evaluate


@app.command("eval")
def eval_(
    gold: Path = typer.Argument(..., help="Gold annotations (the annotation guide's JSON Lines)."),
    system: Path | None = typer.Option(None, "--system", help="System output to score; default: run the extraction on the gold texts."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON (the reference scorer's --json form)."),
) -> None:
    """Score entities (strict and lenient), STATUTE canonical names and relations against gold."""
    try:
        evaluation = evaluate(gold, system)
    except EvalInputError as error:
        raise fail(str(error)) from None
    if as_json:
        typer.echo(json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=1))
    else:
        typer.echo(render(evaluation, system))


def render(evaluation: Evaluation, system: Path | None) -> str:
    """Return the readable tables: entities strict beside lenient, relations, canonical names."""
    source = str(system) if system else "our extraction of the gold texts"
    lines = [f"{evaluation.documents} gold document(s); system: {source}", ""]
    head = f"{'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"
    lines.append(f"{'entities':12} {'strict P':>8} {head}   {'lenient P':>9} {head}")
    for label, strict in evaluation.entities_strict.items():
        lenient = evaluation.entities_lenient[label]
        lines.append(f"{label:12} {prf(strict, 8)} {counts(strict)}   {prf(lenient, 9)} {counts(lenient)}")
    lines += ["", f"{'relations':12} {'P':>8} {head}"]
    for rtype, score in evaluation.relations.items():
        lines.append(f"{rtype:12} {prf(score, 8)} {counts(score)}")
    accuracy = evaluation.statute_canonical_accuracy
    shown = "n/a" if accuracy is None else f"{accuracy:.3f} ({evaluation.statutes_canonical}/{evaluation.statutes_with_canonical})"
    lines += ["", f"STATUTE canonical accuracy  {shown}"]
    if evaluation.missing_documents:
        lines.append(f"missing from the system: {', '.join(evaluation.missing_documents)}")
    return "\n".join(lines)


def prf(score: Score, width: int) -> str:
    """Return precision, recall and F1 to three decimals (of the four-decimal figures, as the reference scorer)."""
    d = score.to_dict()
    return f"{d['p']:>{width}.3f} {d['r']:>6.3f} {d['f1']:>6.3f}"


def counts(score: Score) -> str:
    """Return the true positive, false positive and false negative counts."""
    return f"{score.tp:>4} {score.fp:>4} {score.fn:>4}"
