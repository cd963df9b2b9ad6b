"""The numbers of the boards' matters, `TTND-{place code}-{year}-NNN`: one series per place and year,
each matter the next after the highest number taken. A matter received (`matter_receive`) and an
imported file (`importing.matters_import`) draw from it alike, through `Numbers`."""

from __future__ import annotations

from danchu.places.models import Place

from ..models import Board, Matter


def code(place_code: str, year: int, number: int) -> str:
    """The code of the `number`th matter of the place's series of `year`."""
    return f"{_prefix(place_code, year)}{number:03d}"


def _prefix(place_code: str, year: int) -> str:
    return f"TTND-{place_code}-{year}-"


def last_number(place_code: str, year: int) -> int:
    """The highest number taken in the place's series of `year` (0 when none)."""
    prefix = _prefix(place_code, year)
    taken = Matter.objects.filter(code__startswith=prefix).order_by().values_list("code", flat=True)
    return max((int(c.rsplit("-", 1)[1]) for c in taken if c.rsplit("-", 1)[1].isdigit()), default=0)


class Numbers:
    """The next codes for the matters of `board`, in the order asked: each year's numbers taken are
    read once, the following ones counted here. Inside a transaction (the lock lasts till its end)."""

    def __init__(self, board: Board) -> None:
        # The series is the place's, not the board's: a commune's board and the boards of the units
        # placed in the commune number in one series (the code is unique). So the place's row is
        # locked, the row every board drawing from the series shares (a board's row would let a
        # unit's board and the commune's draw the same number): a matter received while a file is
        # imported, or two files at once, wait for each other rather than both reading the same
        # highest number and one failing on the unique code.
        found = (
            Place.objects.select_for_update().filter(pk=board.body.place_id).values_list("code", flat=True)
        )
        self.place_code = found.get()
        self.last: dict[int, int] = {}

    def next(self, year: int) -> str:
        if year not in self.last:
            self.last[year] = last_number(self.place_code, year)
        self.last[year] += 1
        return code(self.place_code, year, self.last[year])


def next_code(board: Board, year: int) -> str:
    """The code of one new matter of `board` received in `year` (see Numbers)."""
    return Numbers(board).next(year)
