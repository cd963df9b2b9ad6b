"""Opinion groups from a vote matrix, as Pol.is computes them.

- Matrix: participants × accepted statements, agree 1, disagree -1, pass 0; a vote not cast is
  imputed with the statement's mean over the votes cast (0 once centred), as Pol.is does.
- Participants with fewer than MIN_VOTES votes (or all statements, if fewer) are not placed in groups.
- PCA to two components; each projection is scaled by sqrt(statements / votes cast) so people who
  saw few statements are not pulled to the centre (Pol.is' sparsity-aware scaling).
- k-means for k = 2..5, keeping the k with the best silhouette score.
- Representative statements of a group (Pol.is' repness): with na/nd agrees/disagrees and ns votes
  in the group, pa = (1+na)/(2+ns), ra = pa / pa(rest); significant when both the one-proportion
  test of pa and the two-proportion test against the rest pass z > 1.2816 (90%); ranked by
  ra·rat·pa·pat; the better of agree and disagree per statement.
- Consensus statements: group-informed consensus, the product over groups of (1+na)/(2+ns).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

# numpy and scikit-learn are imported inside the functions that compute (issue #17): loading them takes
# about a second and tens of MB, and every process that imports the URLs (web workers, commands) would
# pay for it although only the background job computing a map needs them.

MIN_VOTES = 7
Z90 = 1.2816


@dataclass
class VoteMatrix:
    participants: list[int]  # participant numbers
    statements: list[int]  # statement numbers
    values: np.ndarray  # float32, 0 where not voted
    seen: np.ndarray  # bool: voted (agree, disagree or pass)


def build(votes: list[tuple[int, int, int]], statements: list[int]) -> VoteMatrix:
    """votes: (participant, statement, value)."""
    import numpy as np

    s_index = {s: i for i, s in enumerate(statements)}
    people = sorted({p for p, s, _v in votes if s in s_index})
    p_index = {p: i for i, p in enumerate(people)}
    values = np.zeros((len(people), len(statements)), dtype=np.float32)
    seen = np.zeros((len(people), len(statements)), dtype=bool)
    for p, s, v in votes:
        j = s_index.get(s)
        if j is None:
            continue
        i = p_index[p]
        values[i, j] = v
        seen[i, j] = True
    return VoteMatrix(people, statements, values, seen)


def _prop_test(succ: np.ndarray, n: np.ndarray) -> np.ndarray:
    import numpy as np

    return 2 * np.sqrt(n + 1) * ((succ + 1) / (n + 1) - 0.5)


def _two_prop_test(s1: np.ndarray, n1: np.ndarray, s2: np.ndarray, n2: np.ndarray) -> np.ndarray:
    import numpy as np

    p1, p2 = (s1 + 1) / (n1 + 2), (s2 + 1) / (n2 + 2)
    pooled = (s1 + s2 + 2) / (n1 + n2 + 4)
    denom = np.sqrt(pooled * (1 - pooled) * (1 / (n1 + 2) + 1 / (n2 + 2)))
    return np.where(denom > 0, (p1 - p2) / np.where(denom > 0, denom, 1), 0.0)


def compute(m: VoteMatrix, *, max_k: int = 5, seed: int = 0) -> dict[str, Any]:
    """The map of a conversation. One BLAS/OpenMP thread: on a small shared server k-means on 2-D
    points is ~50 times slower with a thread per core fighting for the CPUs than with one."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return _compute(m, max_k=max_k, seed=seed)


def _compute(m: VoteMatrix, *, max_k: int, seed: int) -> dict[str, Any]:
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA
    from sklearn.metrics import silhouette_score

    n_people, n_statements = m.values.shape
    result: dict[str, Any] = {
        "participants": n_people,
        "statements": n_statements,
        "votes": int(m.seen.sum()),
        "groups": [],
        "points": [],
        "consensus": [],
    }
    if n_people < 4 or n_statements < 2:
        return result
    counts = m.seen.sum(axis=1)
    threshold = min(MIN_VOTES, n_statements)
    in_play = counts >= threshold
    if in_play.sum() < 4:
        return result
    x, seen = m.values[in_play], m.seen[in_play]
    # Pol.is imputes a vote not cast with the statement's mean over the votes cast, so once centred
    # it is 0 and only cast votes place a participant. (Centring the zeros instead put a
    # participant by how many statements they saw; agreement with red-dwarf rose from ARI 0.89.)
    cast = seen.sum(axis=0)
    mean = np.divide(x.sum(axis=0), cast, out=np.zeros(n_statements, dtype=x.dtype), where=cast > 0)
    centred = np.where(seen, x - mean, 0).astype(x.dtype, copy=False)
    pca = PCA(n_components=2, random_state=seed)
    proj = pca.fit_transform(centred)
    proj *= np.sqrt(n_statements / counts[in_play])[:, None]
    best: tuple[float, np.ndarray] | None = None
    # No more groups than distinct positions: people who cast the same votes sit on one point (up to
    # the projection's rounding), and k-means asked for more groups than points only repeats a
    # grouping (scikit-learn warns that it did).
    distinct = len(np.unique(centred, axis=0))
    for k in range(2, min(max_k, int(in_play.sum()) - 1, distinct) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(proj)
        if len(set(labels)) < 2:
            continue
        # Silhouette on a sample: the exact score is O(n²) in time and memory (10,000 people: 800 MB).
        score = float(silhouette_score(proj, labels, sample_size=min(len(proj), 3000), random_state=seed))
        if best is None or score > best[0] + 1e-9:
            best = (score, labels)
    if best is None:
        return result
    score, labels = best
    # Stable group numbering: by size, largest first.
    order = sorted(set(labels.tolist()), key=lambda g: (-int((labels == g).sum()), g))
    relabel = {g: i for i, g in enumerate(order)}
    labels = np.array([relabel[g] for g in labels.tolist()])
    people = np.array(m.participants)[in_play]
    result["silhouette"] = round(score, 3)
    result["points"] = [
        [int(p), round(float(a), 4), round(float(b), 4), int(g)]
        for p, (a, b), g in zip(people, proj, labels, strict=True)
    ]
    agree = (x == 1).astype(np.float64)
    disagree = (x == -1).astype(np.float64)
    seen = m.seen[in_play].astype(np.float64)
    groups = []
    gac = np.ones(n_statements)
    for g in range(len(order)):
        mask = labels == g
        na, nd, ns = agree[mask].sum(0), disagree[mask].sum(0), seen[mask].sum(0)
        ra_, rd_, rs_ = agree[~mask].sum(0), disagree[~mask].sum(0), seen[~mask].sum(0)
        pa, pd = (1 + na) / (2 + ns), (1 + nd) / (2 + ns)
        pa_rest, pd_rest = (1 + ra_) / (2 + rs_), (1 + rd_) / (2 + rs_)
        ra, rd = pa / pa_rest, pd / pd_rest
        pat, pdt = _prop_test(na, ns), _prop_test(nd, ns)
        rat, rdt = _two_prop_test(na, ns, ra_, rs_), _two_prop_test(nd, ns, rd_, rs_)
        gac *= pa
        reps: list[dict[str, Any]] = []
        for j in range(n_statements):
            options = []
            if pat[j] > Z90 and rat[j] > Z90:
                options.append(("agree", ra[j] * rat[j] * pa[j] * pat[j], pa[j]))
            if pdt[j] > Z90 and rdt[j] > Z90:
                options.append(("disagree", rd[j] * rdt[j] * pd[j] * pdt[j], pd[j]))
            if options:
                kind, metric, share = max(options, key=lambda o: o[1])
                reps.append(
                    {
                        "statement": m.statements[j],
                        "kind": kind,
                        "repness": round(float(metric), 3),
                        "share": round(float(share), 3),
                    }
                )
        reps.sort(key=lambda r: -r["repness"])
        groups.append({"id": g, "size": int(mask.sum()), "representative": reps[:5]})
    result["groups"] = groups
    k = len(order)
    consensus = [
        {"statement": m.statements[j], "score": round(float(gac[j] ** (1 / k)), 3)}
        for j in np.argsort(-gac)[:5]
        if gac[j] ** (1 / k) > 0.5 and math.isfinite(float(gac[j]))
    ]
    result["consensus"] = consensus
    return result
