"""Demo step of oversight (see build)."""
