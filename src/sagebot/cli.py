"""The `sagebot` command: thin commands over the Assistant; domain errors become one clear line."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from sagebot.cli_common import WarningHandler, fail, settings_from
from sagebot.errors import SagebotError
from sagebot.terminal import build_summary, parse_line, render_answer


@click.group()
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), help="Course documents folder [corpus].")
@click.option("--index-dir", type=click.Path(path_type=Path), help="Index folder [index].")
@click.option(
    "--exclude",
    multiple=True,
    metavar="PATTERN",
    help="Leave out corpus files matching PATTERN ('SOURCE.md', 'drafts/'); may be given several times; replaces "
    "SAGEBOT_EXCLUDE.",
)
@click.version_option(package_name="sagebot")
@click.pass_context
def main(ctx: click.Context, corpus_dir: Path | None, index_dir: Path | None, exclude: tuple[str, ...]) -> None:
    """sagebot: answers questions from your course documents, quoting the passages it rests on."""
    ctx.obj = {"corpus_dir": corpus_dir, "index_dir": index_dir, "exclude": exclude or None}
    handler = WarningHandler(logging.WARNING)
    logging.getLogger("sagebot").addHandler(handler)
    logging.getLogger("sagebot").propagate = False


@main.command()
@click.option("--rebuild", is_flag=True, help="Re-embed everything instead of reusing unchanged text.")
@click.pass_context
def index(ctx: click.Context, rebuild: bool) -> None:
    """Build or update the index of the course documents."""
    from sagebot.assistant import Assistant

    try:
        settings = settings_from(ctx)
        assistant = Assistant(settings)
        report = build_with_progress(assistant, force=rebuild)
    except SagebotError as exc:
        fail(exc)
    if report.up_to_date:
        click.echo(
            f"Index is up to date: {report.chunks} passages, {report.units} sentences from "
            f"{report.sources} file(s) in {settings.corpus_dir}."
        )
    else:
        click.echo(
            f"Indexed {report.sources} file(s): {report.chunks} passages, {report.units} sentences "
            f"({report.embedded} texts embedded, {report.reused} reused) -> {settings.index_dir}"
        )
    if report.documents:
        from rich.console import Console

        # Piped or captured output gets room for whole rows; a terminal gets its own width.
        Console(width=None if sys.stdout.isatty() else 240).print(build_summary(report))
    if report.skipped:
        click.echo(f"Skipped {len(report.skipped)} file(s): {', '.join(report.skipped)}", err=True)


def build_with_progress(assistant: Any, force: bool = False, open_first: bool = False) -> Any:
    """Build the index with a progress bar on stderr; with open_first, only when it cannot be opened as is."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}
        labels = {"encode": "Encoding sentences", "write": "Writing index"}

        def on_step(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        if open_first:
            return assistant.load_or_rebuild(on_step=on_step)
        return assistant.build_index(force=force, on_step=on_step)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (0.0.0.0 for every interface).")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--allowed-origins",
    help="Comma-separated origins that may embed the assistant and call its API, added to this server and "
    "localhost [env SAGEBOT_ALLOWED_ORIGINS; SAGEBOT_LOCAL_ORIGINS=false drops localhost].",
)
@click.option("--root-path", help="Path prefix when served behind a proxy, e.g. /assistant [env SAGEBOT_ROOT_PATH].")
@click.option(
    "--trusted-proxies",
    "--forwarded-allow-ips",
    "trusted_proxies",
    help="Comma-separated proxy addresses whose X-Forwarded-For is believed, e.g. 127.0.0.1 when nginx "
    "runs on this machine [env SAGEBOT_TRUSTED_PROXIES; default: none].",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    allowed_origins: str | None,
    root_path: str | None,
    trusted_proxies: str | None,
) -> None:
    """Serve the chat page, the embed view and the JSON API; builds the index first when missing or stale."""
    import time

    from sagebot.assistant import Assistant

    started = time.monotonic()
    if allowed_origins is not None:
        ctx.obj["allowed_origins"] = allowed_origins
    if root_path is not None:
        ctx.obj["root_path"] = root_path
    if trusted_proxies is not None:
        ctx.obj["trusted_proxies"] = trusted_proxies
    try:
        assistant = Assistant(settings_from(ctx))
        report = build_with_progress(assistant, open_first=True)
        if report is not None:
            click.echo(
                f"Indexed {report.sources} file(s): {report.chunks} passages, {report.units} sentences.", err=True
            )
        assistant.warm_up()
    except SagebotError as exc:
        fail(exc)

    def ready() -> None:
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        prefix = assistant.settings.root_path
        click.echo(
            f"sagebot is ready at http://{shown}:{port}{prefix}/  (embed view: {prefix}/embed/, "
            f"widget: {prefix}/widget.js, API: {prefix}/api/ask; "
            f"started in {time.monotonic() - started:.1f} s). Ctrl+C stops it.",
            err=True,
        )

    from sagebot.web.app import serve as run_server

    run_server(assistant, host=host, port=port, on_ready=ready)


@main.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print JSON. With '-' read questions from stdin, one a line.")
@click.pass_context
def ask(ctx: click.Context, question: str, as_json: bool) -> None:
    """Answer QUESTION from the course documents ('-' reads questions from stdin, one per line).

    A stdin line may also be a JSON object {"question": ..., "history": [{"role": ..., "content": ...}]}.
    """
    from sagebot.assistant import Assistant

    try:
        assistant = Assistant(settings_from(ctx))
        assistant.load()
        if question != "-":
            answer = assistant.ask(question)
            click.echo(json.dumps(answer.to_dict(), ensure_ascii=False) if as_json else render_answer(answer))
            return
    except SagebotError as exc:
        fail(exc)
    for line in sys.stdin:
        if not line.strip():
            continue
        text, history = parse_line(line)
        try:
            answer = assistant.ask(text, history)
        except SagebotError as exc:
            output = json.dumps({"question": text, "error": str(exc)}) if as_json else f"error: {exc}\n"
        else:
            output = json.dumps(answer.to_dict(), ensure_ascii=False) if as_json else render_answer(answer) + "\n"
        click.echo(output)
        sys.stdout.flush()


@main.command("eval")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def eval_command(ctx: click.Context, file: Path | None, as_json: bool) -> None:
    """Score sagebot on an evaluation set (default: eval/dev.jsonl).

    A categorised set (eval/README.md: "category", "facets") is scored answer by answer, per category: every
    part answered, refusals where the documents are silent, no repeated or dangling quotes. An older one-list set
    ({"q", "evidence": [...]} or {"q", "answerable": false}) is scored against three baselines.
    Point --corpus and --index-dir at the documents the set was written for.
    """
    from sagebot import evaluate, scorecard
    from sagebot.assistant import Assistant

    path = file or Path("eval/dev.jsonl")
    try:
        assistant = Assistant(settings_from(ctx))
        if scorecard.is_categorised(path):
            table = scorecard.by_category(scorecard.run(assistant, scorecard.load_set(path)))
            click.echo(json.dumps(table, indent=2) if as_json else scorecard.table_markdown(path.stem, table))
            return
        cases = evaluate.load_cases(path)
        figures = evaluate.compare(assistant, cases)
        strict = evaluate.summarise(evaluate.run(assistant, cases))
    except SagebotError as exc:
        fail(exc)
    if as_json:
        click.echo(json.dumps({"systems": figures, "sagebot_quote_level": strict}, indent=2))
        return
    answerable = int(figures["sagebot"]["answerable"])
    click.echo(
        f"{answerable} answerable and {int(figures['sagebot']['unanswerable'])} unanswerable questions; "
        "a hit = an evidence string inside a cited (or returned) passage.\n"
    )
    click.echo(evaluate.comparison_table(figures))
    click.echo(
        f"\nsagebot, quote level (the cited sentence itself overlaps the evidence): "
        f"hit@1 {strict['hit@1']:.3f}, hit@3 {strict['hit@3']:.3f}, MRR {strict['mrr']:.3f}"
    )


@main.command("embed-snippet")
@click.option(
    "--url",
    default="http://127.0.0.1:7860",
    show_default=True,
    help="Where learners' browsers reach the sagebot server (with any path prefix).",
)
@click.option(
    "--course-origin",
    default="https://course.example.org",
    show_default=True,
    help="The course site's origin, for the --allowed-origins line the server needs.",
)
def embed_snippet(url: str, course_origin: str) -> None:
    """Print the HTML to paste into a course page (the widget script, or an iframe) and the server's
    --allowed-origins line."""
    from urllib.parse import urlsplit

    from sagebot.web.widget import snippet

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{url!r} is not an http(s) URL like https://tutor.example.org", param_hint="--url")
    from sagebot.settings import parse_origins

    try:
        (origin,) = parse_origins(course_origin)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--course-origin") from None
    click.echo(snippet(url, origin))


from sagebot.cli_quiz import glossary, quiz  # noqa: E402  (commands on the glossary, registered below)

main.add_command(glossary)
main.add_command(quiz)


if __name__ == "__main__":
    main()
