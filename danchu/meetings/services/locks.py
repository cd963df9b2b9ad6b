"""The shared row lock of the vote paths lives in the kernel (danchu.core.locks): comments on a
consultation take it too."""

from danchu.core.locks import read_shared, read_shared_kept

__all__ = ["read_shared", "read_shared_kept"]
