"""`danchu demo` builds a realistic slice of the country for newcomers. Each app registers a step
in its AppConfig.ready(); steps run in `order` and share one context dict (places, people…)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .registry import Registry


@dataclass(frozen=True)
class DemoStep:
    name: str
    order: int
    build: Callable[[dict[str, Any]], None]


DEMO_STEPS: Registry[DemoStep] = Registry("demo steps")


def demo_step(
    name: str, order: int
) -> Callable[[Callable[[dict[str, Any]], None]], Callable[[dict[str, Any]], None]]:
    def decorate(fn: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
        DEMO_STEPS.register(name, DemoStep(name, order, fn))
        return fn

    return decorate
