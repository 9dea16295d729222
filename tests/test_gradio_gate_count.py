"""The gate's count of a client's waiting chat events, against a stand-in for Gradio's join route (the real routes
are tested on a live server in test_gradio_routes.py): an event in the queue is not counted again as joining while
the reply to its join is sent."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace
from typing import Any

from sagebot.web.gradio_gate import ClientShare, GradioGate

CLIENT = "203.0.113.7"


class JoinRoute:
    """Gradio's /queue/join as the gate sees it: the event goes into the queue, then the reply is sent; the second
    half of the reply waits until `release` is set, as a slow connection would make it."""

    def __init__(self) -> None:
        self.queue = SimpleNamespace(queue=[])
        self.blocks = SimpleNamespace(
            fns={0: SimpleNamespace(inputs=[object()], queue=True)},
            _queue=SimpleNamespace(event_queue_per_concurrency_id={"chat": self.queue}, active_jobs=[]),
        )
        self.release = asyncio.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await receive()
        self.queue.queue.append(SimpleNamespace(request=SimpleNamespace(client=SimpleNamespace(host=CLIENT))))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await self.release.wait()
        await send({"type": "http.response.body", "body": b'{"event_id": "e"}'})


async def join(gate: GradioGate) -> int:
    body = json.dumps({"fn_index": 0, "data": ["What is a VPC?"], "session_hash": "abcdef1234"}).encode()
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/gradio_api/queue/join", "headers": [], "client": (CLIENT, 1)}
    await gate(scope, receive, send)
    return int(next(m["status"] for m in sent if m["type"] == "http.response.start"))


def test_an_event_already_in_the_queue_is_not_counted_again_while_its_reply_is_sent() -> None:
    share = ClientShare()

    async def scenario() -> list[int]:
        route = JoinRoute()
        gate = GradioGate(
            route,
            route.blocks,
            max_event_bytes=10_000,
            max_history_messages=10,
            max_text_chars=1_000,
            max_waiting_per_client=2,
            max_streams_per_client=5,
            share=share,
        )
        first = asyncio.create_task(join(gate))
        while not route.queue.queue:  # the first event is queued, its reply under way
            await asyncio.sleep(0)
        second = asyncio.create_task(join(gate))
        await asyncio.sleep(0.01)
        route.release.set()
        return [await asyncio.wait_for(first, 5), await asyncio.wait_for(second, 5)]

    # one event waiting and a second asked for: within the client's share of two
    assert asyncio.run(scenario()) == [200, 200]
    assert not share.joining  # both handed over: nothing left counted as joining
