"""What every `sagebot` command shares: settings from the command line, one-line errors, warnings on stderr."""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from sagebot.errors import SagebotError


class WarningHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"warning: {record.getMessage()}", err=True)


def settings_from(ctx: click.Context) -> Any:
    from sagebot.settings import load_settings

    try:
        return load_settings(**{k: v for k, v in ctx.obj.items() if v is not None})
    except SagebotError as exc:
        raise click.ClickException(str(exc)) from None


def fail(exc: SagebotError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(exc.exit_code)
