"""Likely duplicates: syllable n-gram similarity of folded Vietnamese text within the same place.

Vietnamese words are written as syllables separated by spaces ("ô nhiễm môi trường"), so word
1–2-grams over core.text.fold() are syllable n-grams; TF-IDF with cosine similarity ranks them.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from danchu.core.text import fold

from .models import Case, State


def similar_cases(case: Case, *, limit: int = 5) -> list[tuple[Case, float]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    threshold = settings.CASES_DUPLICATE_THRESHOLD
    window = settings.CASES_DUPLICATE_WINDOW_DAYS
    since = case.received_at - dt.timedelta(days=window)
    candidates = list(
        Case.objects.filter(unit=case.unit, received_at__gte=since)
        .exclude(pk=case.pk)
        .exclude(state=State.MERGED)
        .filter(case_type=case.case_type)
        .only("id", "tracking_code", "title", "description", "place_id", "state", "received_at", "case_type")
        .order_by("-received_at")[:500]
    )
    # Same place: same village, or the same commune when either has no village.
    candidates = [
        c
        for c in candidates
        if c.place_id == case.place_id or case.place_id == case.unit_id or c.place_id == case.unit_id
    ]
    if not candidates:
        return []
    texts = [fold(f"{c.title} {c.description}") for c in [case, *candidates]]
    matrix = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b").fit_transform(
        texts
    )
    scores = cosine_similarity(matrix[0], matrix[1:]).ravel()
    ranked = sorted(zip(candidates, scores, strict=True), key=lambda pair: -pair[1])
    return [(c, float(s)) for c, s in ranked if s >= threshold][:limit]


__all__ = ["similar_cases", "timezone"]
