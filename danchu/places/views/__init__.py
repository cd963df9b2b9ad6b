"""Public pages of the tree (public.py) and the commune staff's back office (office.py)."""
