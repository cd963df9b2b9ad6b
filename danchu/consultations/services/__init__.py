"""Use cases of the consultations module, one function each, shared by pages, API and commands."""
