from __future__ import annotations

from typing import Any

from danchu.core.demo import demo_step


@demo_step("disclosures", 30)
def build(ctx: dict[str, Any]) -> None:
    from .demo_data import build_demo

    build_demo(ctx)
