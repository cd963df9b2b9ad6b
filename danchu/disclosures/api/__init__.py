"""/api/v1/disclosures: the public reads, searches and asks questions; staff create, publish, correct,
withdraw, attach, record proofs of posting and moderate and answer questions.

Every operation calls the same services as the web pages and reaches objects through the getters of
permissions.py. Errors use the one body {code, message, detail}. The modules below add their
operations to one router, in this order (fixed paths before `/{pk}`).
"""

from __future__ import annotations

from . import office, public, questions  # noqa: F401  (register the operations)
from .base import router

__all__ = ["router"]
