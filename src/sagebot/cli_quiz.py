"""`sagebot glossary` and `sagebot quiz`: the course's glossary terms, and practising them in the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sagebot.cli_common import fail, settings_from
from sagebot.errors import SagebotError
from sagebot.terminal import render_feedback


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the terms as JSON.")
@click.option(
    "--export",
    "export_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the deck to FILE: .csv, or .apkg for Anki.",
)
@click.option(
    "--basic",
    is_flag=True,
    help="With --export FILE.csv: two columns, term and definition (Quizlet, Anki Basic), instead of the full deck.",
)
@click.pass_context
def glossary(ctx: click.Context, as_json: bool, export_path: Path | None, basic: bool) -> None:
    """List the glossary terms found in the course documents (or export them as a deck)."""
    from sagebot.assistant import Assistant

    try:
        assistant = Assistant(settings_from(ctx))
        terms = assistant.index.terms
    except SagebotError as exc:
        fail(exc)
    if export_path is not None:
        from sagebot.quiz import export

        suffix = export_path.suffix.lower()
        if suffix == ".csv":
            export_path.write_text((export.to_basic_csv if basic else export.to_csv)(terms), encoding="utf-8")
        elif suffix == ".apkg":
            export.to_apkg(terms, export_path)
        else:
            raise click.BadParameter("use a .csv or .apkg file name", param_hint="--export")
        click.echo(f"Wrote {len(terms)} terms to {export_path}")
        return
    if as_json:
        click.echo(json.dumps(assistant.glossary(), ensure_ascii=False, indent=2))
        return
    for term in terms:
        also = f"  (also: {', '.join(term.aliases)})" if term.aliases else ""
        click.echo(f"{term.name}{also}\n    {term.definition}\n    — {term.document} › {term.section}")
    click.echo(f"{len(terms)} terms.")


@click.command()
@click.option("--topic", help="Quiz on the terms of this topic (default: the whole glossary).")
@click.option("--kind", type=click.Choice(["choice", "written", "study"]), default="choice", show_default=True)
@click.option("--count", type=click.IntRange(1, 100), default=5, show_default=True, help="Questions to ask.")
@click.pass_context
def quiz(ctx: click.Context, topic: str | None, kind: str, count: int) -> None:
    """Practise in the terminal: questions on the glossary terms of a topic, graded with cited feedback."""
    from sagebot.assistant import Assistant

    try:
        assistant = Assistant(settings_from(ctx))
        asked: list[str] = []
        score = 0
        for number in range(1, count + 1):
            question = assistant.quiz.next(topic, kind, asked)
            asked.append(question.id)
            if question.note and number == 1:
                click.echo(question.note + "\n")
            click.echo(f"Question {number}/{count}: {question.prompt}")
            for i, choice in enumerate(question.choices or [], start=1):
                click.echo(f"  {i}. {choice}")
            answer = click.prompt(
                "Your answer" + (" (number or name)" if question.choices else ""), default="", show_default=False
            )
            try:
                feedback = assistant.quiz.check(question.id, kind, answer)
            except SagebotError as exc:
                click.echo(f"  {exc}")
                continue
            right = feedback.verdict == "correct"
            if feedback.verdict == "partly":
                right = click.confirm(
                    "  Partly right. Reference: " + feedback.expected + "\n  Count it as right?", default=False
                )
            score += right
            click.echo(render_feedback(feedback) + "\n")
        click.echo(f"Score: {score}/{count}")
    except (click.Abort, EOFError):
        click.echo()
    except SagebotError as exc:
        fail(exc)
