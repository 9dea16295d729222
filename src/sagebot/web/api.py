"""The JSON HTTP API: the same Assistant, the same answer shape as `sagebot ask --json`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sagebot.errors import InvalidQuestionError, SagebotError

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from fastapi import FastAPI

    from sagebot.assistant import Assistant


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20000)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str
    history: list[Turn] = Field(default_factory=list, max_length=50)


class QuizNextRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topic: str | None = Field(None, max_length=2000)
    kind: Literal["choice", "written", "study"] = "choice"
    exclude: list[str] = Field(default_factory=list, max_length=500)


class QuizCheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(max_length=200)
    kind: Literal["choice", "written", "study"]
    answer: str = Field(max_length=5000)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Any:
    from fastapi.responses import JSONResponse

    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _unavailable(exc: SagebotError) -> Any:
    """The operator's message (it names folders) goes to the log; the client learns only to come back later."""
    log.error("Cannot answer: %s", exc)
    return _error(
        503, "The assistant cannot answer right now; the server log says why. Retry later.", {"Retry-After": "30"}
    )


def add_api(app: FastAPI, assistant: Assistant) -> None:
    from fastapi import Request
    from fastapi.exceptions import RequestValidationError
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:  # e.g. a body that is not UTF-8
        detail = exc.detail if isinstance(exc.detail, str) else "Invalid request."
        return _error(exc.status_code, detail.rstrip(".") + ".", getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Any:
        problems = []
        for error in exc.errors()[:3]:
            where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
            problems.append(f"{where}: {error.get('msg', 'invalid')}")
        return _error(422, "Invalid request: " + "; ".join(problems) + ".")

    async def call(work: Any, user_errors: tuple[type[SagebotError], ...] = ()) -> Any:
        """Run work off the event loop; the user's mistakes become a 400, the operator's problems a 503."""
        try:
            return await run_in_threadpool(work)
        except user_errors as exc:
            return _error(400, str(exc))
        except SagebotError as exc:
            return _unavailable(exc)

    @app.get("/api/health")
    async def health() -> Any:
        return await call(assistant.health)

    import asyncio

    # Answering is CPU work that torch already spreads over every core: one at a time, the rest wait their
    # turn in the event loop instead of contending in threads.
    answering = asyncio.Semaphore(1)

    timeout = assistant.settings.request_timeout_seconds

    @app.post("/api/ask")
    async def ask(request: AskRequest) -> Any:
        try:
            async with asyncio.timeout(timeout):
                await answering.acquire()
        except TimeoutError:
            return _error(
                503,
                f"The assistant is busy: no turn came within {timeout:g} s. Retry in a moment.",
                {"Retry-After": "5"},
            )
        history = [t.model_dump() for t in request.history]
        try:
            return await call(lambda: assistant.ask(request.question, history).to_dict(), (InvalidQuestionError,))
        finally:
            answering.release()

    @app.get("/api/glossary")
    async def glossary() -> Any:
        return await call(assistant.glossary)

    async def quiz_call(method: Any, *args: Any) -> Any:
        from sagebot.quiz.engine import QuizError

        return await call(lambda: method(*args).to_dict(), (QuizError,))

    @app.post("/api/quiz/next")
    async def quiz_next(request: QuizNextRequest) -> Any:
        return await quiz_call(assistant.quiz.next, request.topic, request.kind, request.exclude)

    @app.post("/api/quiz/check")
    async def quiz_check(request: QuizCheckRequest) -> Any:
        return await quiz_call(assistant.quiz.check, request.id, request.kind, request.answer)
