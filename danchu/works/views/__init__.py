"""Pages of works: public (list, map, work history, receipt check), the household's own page, and the
staff's and the board's forms."""
