# Regenerates aggregation.json (run from contracts/test/vectors): python3 generate_aggregation.py
#
# An independent reference for the aggregation rules a training committee and every auditor must
# compute bit for bit (docs/protocol.md, "Aggregation rules"), written from their definitions, not from the
# Java code. Floats: updates are float32; sums are IEEE double in the stated order; results are
# rounded to float32 (round to nearest even, as a C or Java cast does).
import json, math, random, struct
import numpy as np
from javarandom import SplittableRandom

def f32(x):
    return float(np.float32(x))

def bits(x):
    return '%08x' % struct.unpack('<I', struct.pack('<f', np.float32(x)))[0]

def from_bits(h):
    return struct.unpack('<f', struct.pack('<I', int(h, 16)))[0]

def order_key(x):
    # Java's Float.compare: -0.0 < +0.0, NaN above everything.
    if math.isnan(x):
        return (1, 0.0, 0)
    return (0, x, 0 if math.copysign(1.0, x) < 0 else 1)

def sorted_values(vs):
    return sorted(vs, key=order_key)  # stable, like an insertion sort

def squared(x, y):
    # four lanes over coordinates in increasing order, combined as (l0 + l1) + (l2 + l3)
    lanes = [0.0, 0.0, 0.0, 0.0]
    full = len(x) - len(x) % 4
    for j in range(0, full, 4):
        for k in range(4):
            a = x[j + k] - y[j + k]
            lanes[k] = lanes[k] + a * a
    for j in range(full, len(x)):
        a = x[j] - y[j]
        lanes[0] = lanes[0] + a * a
    return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])

def mean(updates, idx):
    d = len(updates[0][1])
    out = []
    for j in range(d):
        s = 0.0
        for i in idx:
            s = s + updates[i][1][j]
        out.append(f32(s / len(idx)))
    return out

def krum_scores(dist, cand, f):
    n = len(cand); closest = n - f - 2
    scores = []
    for a in range(n):
        row = sorted(dist[cand[a]][cand[b]] for b in range(n) if b != a)
        s = 0.0
        for c in range(closest):
            s = s + row[c]
        scores.append(s)
    return scores

def ranked(scores, cand, updates):
    return sorted(range(len(scores)), key=lambda a: (scores[a], updates[cand[a]][0]))

def pairwise(updates):
    n = len(updates)
    return [[0.0 if i == j else squared(updates[i][1], updates[j][1]) for j in range(n)] for i in range(n)]

def workers(updates, idx):
    return sorted(updates[i][0] for i in idx)

def result(updates, kept, agg):
    rest = [i for i in range(len(updates)) if i not in kept]
    return agg, workers(updates, kept), workers(updates, rest)

def fedavg(updates):
    total = sum(u[2] for u in updates)
    n = len(updates)
    w = [1.0 / n if total == 0 else u[2] / total for u in updates]
    d = len(updates[0][1])
    out = []
    for j in range(d):
        s = 0.0
        for i in range(n):
            s = s + w[i] * updates[i][1][j]
        out.append(f32(s))
    return result(updates, list(range(n)), out)

def median_of(sv):
    n = len(sv)
    return sv[n // 2] if n % 2 == 1 else f32((sv[n // 2 - 1] + sv[n // 2]) / 2.0)

def per_coordinate(updates, idx, reduce):
    d = len(updates[0][1])
    return [reduce(sorted_values([updates[i][1][j] for i in idx])) for j in range(d)]

def median(updates):
    n = len(updates)
    return result(updates, list(range(n)), per_coordinate(updates, range(n), median_of))

def trimmed(updates, b):
    n = len(updates)
    def red(sv):
        s = 0.0
        for k in range(b, n - b):
            s = s + sv[k]
        return f32(s / (n - 2 * b))
    return result(updates, list(range(n)), per_coordinate(updates, range(n), red))

def krum(updates, f):
    n = len(updates); cand = list(range(n))
    sc = krum_scores(pairwise(updates), cand, f)
    chosen = ranked(sc, cand, updates)[0]
    return result(updates, [chosen], list(updates[chosen][1]))

def multikrum(updates, f, m):
    n = len(updates); cand = list(range(n))
    sc = krum_scores(pairwise(updates), cand, f)
    chosen = sorted(ranked(sc, cand, updates)[:m])
    return result(updates, chosen, mean(updates, chosen))

def bulyan(updates, f):
    n = len(updates); dist = pairwise(updates)
    remaining = list(range(n)); selected = []
    theta = n - 2 * f
    while len(selected) < theta:
        if len(remaining) > f + 2:
            sc = krum_scores(dist, remaining, f)
            pick = remaining[ranked(sc, remaining, updates)[0]]
        else:
            pick = remaining[0]
        selected.append(pick); remaining.remove(pick)
    selected.sort()
    beta = theta - 2 * f
    def red(sv):
        c = len(sv); med = median_of(sv)
        lo = (c - 1) // 2; hi = lo
        while hi - lo + 1 < beta:
            low = abs(med - sv[lo - 1]) if lo > 0 else math.inf
            high = abs(sv[hi + 1] - med) if hi < c - 1 else math.inf
            if low <= high:
                lo -= 1
            else:
                hi += 1
        s = 0.0
        for k in range(lo, hi + 1):
            s = s + sv[k]
        return f32(s / beta)
    return result(updates, selected, per_coordinate(updates, selected, red))

def ubar(updates, rho, own, target):
    # loss of a vector on the node's batch, for the vectors: squared distance to `target`
    loss = lambda v: squared(v, target)
    n = len(updates)
    dist = [squared(own, u[1]) for u in updates]
    order = sorted(range(n), key=lambda i: (dist[i], updates[i][0]))
    keep = math.ceil(rho * n - 1e-9)
    stage1 = order[:max(1, min(n, keep))]
    own_loss = loss(own)
    stage2 = []; best = stage1[0]; best_loss = math.inf
    for i in stage1:
        l = loss(updates[i][1])
        if l <= own_loss:
            stage2.append(i)
        if l < best_loss:
            best_loss = l; best = i
    if not stage2:
        stage2.append(best)
    stage2.sort()
    return result(updates, stage2, mean(updates, stage2))


# Pre-aggregation and centered clipping. A "mixed" result is (updates, members).
def nnm(updates, f):
    n = len(updates); dist = pairwise(updates)
    out = []; members = {}
    for i in range(n):
        nearest = sorted(sorted(range(n), key=lambda k: (dist[i][k], k))[:n - f])
        w, _, s = updates[i]
        out.append((w, mean(updates, nearest), s))
        members[w] = [w]
    return out, members

def bucketing(updates, size, seed):
    n = len(updates); order = list(range(n)); rng = SplittableRandom(seed)
    for i in range(n - 1, 0, -1):
        j = rng.next_bounded(i + 1)
        order[i], order[j] = order[j], order[i]
    out = []; members = {}
    for start in range(0, n, size):
        bucket = sorted(order[start:start + size])
        ws = workers(updates, bucket)
        out.append((ws[0], mean(updates, bucket), sum(updates[i][2] for i in bucket)))
        members[ws[0]] = ws
    return out, members

def cc(updates, tau, iterations):
    n = len(updates); d = len(updates[0][1]); v = [0.0] * d
    for _ in range(iterations):
        scale = []
        for w, x, s in updates:
            dist = math.sqrt(squared(x, v))
            scale.append(1.0 if dist <= tau else tau / dist)
        nxt = []
        for j in range(d):
            acc = 0.0
            for i in range(n):
                acc = acc + scale[i] * (updates[i][1][j] - v[j])
            nxt.append(f32(v[j] + acc / n))
        v = nxt
    return result(updates, list(range(n)), v)

def composed(updates, steps, rule):
    maps = []
    cur = updates
    for step in steps:
        cur, m = step(cur)
        maps.append(m)
    agg, kept, excluded = rule(cur)
    def expand(ids):
        current = set(ids)
        for m in reversed(maps):
            before = set()
            for i in current:
                before.update(m.get(i, [i]))
            current = before
        return sorted(current)
    return agg, expand(kept), expand(excluded)

rng = random.Random(20261207)

def honest(n, d, scale=1.0, workers=None):
    ids = workers or list(range(1, n + 1))
    return [(ids[i], [f32(rng.gauss(0, scale)) for _ in range(d)], rng.randrange(0, 500)) for i in range(n)]

def with_attack(updates, bad, kind):
    out = list(updates)
    for i in bad:
        w, v, s = out[i]
        if kind == 'flip':
            v = [f32(-10 * x) for x in v]
        elif kind == 'big':
            v = [f32(1e6) for _ in v]
        out[i] = (w, v, s)
    return out

cases = []
def add(name, rule, params, updates, res, extra=None):
    agg, kept, excluded = res
    c = {"name": name, "rule": rule, "params": params,
         "updates": [{"worker": w, "samples": str(s), "delta": [bits(x) for x in v]} for w, v, s in updates],
         "aggregate": [bits(x) for x in agg], "kept": kept, "excluded": excluded}
    if extra:
        c.update(extra)
    cases.append(c)

# FedAvg: weighted, zero samples, one update, odd dimension
u = honest(5, 9); add("fedavg weighted by samples", "fedavg", {}, u, fedavg(u))
u = [(w, v, 0) for w, v, _ in honest(4, 6)]; add("fedavg with zero samples uses the plain mean", "fedavg", {}, u, fedavg(u))
u = honest(1, 5); add("fedavg of one update", "fedavg", {}, u, fedavg(u))
# median: odd and even n, signed zeros, NaN ordering
u = honest(5, 7); add("median odd n", "median", {}, u, median(u))
u = honest(6, 7); add("median even n averages the middle pair in double", "median", {}, u, median(u))
u = [(1, [0.0, f32(1.0), math.nan], 3), (2, [-0.0, f32(2.0), f32(1.0)], 3), (3, [-0.0, f32(-1.0), f32(3.0)], 3)]
add("median orders signed zeros and puts NaN last", "median", {}, u, median(u))
# trimmed mean
u = with_attack(honest(7, 8), [0, 3], 'big'); add("trimmed mean b=2 drops outliers", "trimmed-mean", {"b": 2}, u, trimmed(u, 2))
u = honest(5, 4); add("trimmed mean b=0 is the sorted-order mean", "trimmed-mean", {"b": 0}, u, trimmed(u, 0))
# Krum and Multi-Krum
u = with_attack(honest(7, 10), [1, 5], 'flip'); add("krum f=2 picks an honest update", "krum", {"f": 2}, u, krum(u, 2))
u = honest(4, 6, workers=[9, 4, 7, 2]); add("krum f=0 with unordered worker ids", "krum", {"f": 0}, u, krum(u, 0))
v = [f32(0.5)] * 4
u = [(3, list(v), 1), (1, list(v), 1), (2, list(v), 1), (5, [f32(0.5), f32(0.5), f32(0.5), f32(0.75)], 1)]
add("krum ties are broken by the lowest worker id", "krum", {"f": 0}, u, krum(u, 0))
u = with_attack(honest(9, 12), [2, 6], 'flip'); add("multi-krum f=2 m=5", "multi-krum", {"f": 2, "m": 5}, u, multikrum(u, 2, 5))
u = honest(5, 3); add("multi-krum m=n keeps everyone", "multi-krum", {"f": 1, "m": 5}, u, multikrum(u, 1, 5))
u = with_attack(honest(8, 7, workers=[8, 3, 6, 1, 7, 2, 5, 4]), [0], 'big'); add("multi-krum f=1 m=3 unordered ids", "multi-krum", {"f": 1, "m": 3}, u, multikrum(u, 1, 3))
# Bulyan
u = with_attack(honest(7, 9), [4], 'flip'); add("bulyan f=1 n=7", "bulyan", {"f": 1}, u, bulyan(u, 1))
u = with_attack(honest(11, 6), [0, 7], 'big'); add("bulyan f=2 n=11", "bulyan", {"f": 2}, u, bulyan(u, 2))
u = honest(3, 5); add("bulyan f=0 n=3", "bulyan", {"f": 0}, u, bulyan(u, 0))
# UBAR: loss is the squared distance to `target`
for name, rho, n in (("ubar rho=0.5", 0.5, 8), ("ubar rho=1", 1.0, 5), ("ubar rho=0.3 none beats own loss", 0.3, 6)):
    u = with_attack(honest(n, 6), [1], 'flip')
    own = [f32(rng.gauss(0, 0.5)) for _ in range(6)]
    target = own if 'none' in name else [f32(rng.gauss(0, 0.2)) for _ in range(6)]
    add(name, "ubar", {"rho": rho}, u, ubar(u, rho, own, target),
        {"own": [bits(x) for x in own], "target": [bits(x) for x in target]})

# Summation order: with 2^53 and 1s, adding in another order gives another double, so these
# cases pin the order each rule sums in (ascending values; Multi-Krum and UBAR in worker-list order).
T = f32(2.0 ** 53)
u = [(1, [-T], 1), (2, [f32(1.0)], 1), (3, [f32(1.0)], 1), (4, [T], 1)]
add("trimmed mean b=0 sums in ascending order", "trimmed-mean", {"b": 0}, u, trimmed(u, 0))
u = [(1, [T], 1), (2, [f32(1.0)], 1), (3, [f32(1.0)], 1), (4, [-T], 1)]
add("multi-krum sums its chosen updates in list order, not rank order", "multi-krum", {"f": 0, "m": 4}, u, multikrum(u, 0, 4))
own = [f32(2.0 ** 54)]
u = [(1, [f32(1.0)], 1), (2, [-T], 1), (3, [f32(1.0)], 1), (4, [T], 1)]
add("ubar sums its kept updates in list order, not distance order", "ubar", {"rho": 1.0}, u,
    ubar(u, 1.0, own, [0.0]), {"own": [bits(x) for x in own], "target": [bits(0.0)]})
own = [f32(3.0)]
u = [(1, [f32(3.0)], 1), (2, [f32(1.0)], 1), (3, [f32(5.0)], 1)]
add("ubar keeps a candidate whose loss equals its own", "ubar", {"rho": 1.0}, u,
    ubar(u, 1.0, own, [0.0]), {"own": [bits(x) for x in own], "target": [bits(0.0)]})
own = [f32(0.0)]
u = [(1, [f32(1.0)], 1), (2, [f32(2.0)], 1), (3, [f32(3.0)], 1), (4, [f32(4.0)], 1)]
add("ubar rho*n exactly 2 keeps two in stage one", "ubar", {"rho": 0.5}, u,
    ubar(u, 0.5, own, [f32(100.0)]), {"own": [bits(x) for x in own], "target": [bits(100.0)]})

# Centered clipping, nearest-neighbour mixing and bucketing in front of the rules.
u = with_attack(honest(6, 5), [2], 'big'); add("cc tau=1 three iterations", "cc", {"tau": 1.0, "iterations": 3}, u, cc(u, 1.0, 3))
u = honest(4, 3, scale=0.1); add("cc with every update inside tau is the mean after one step", "cc", {"tau": 10.0, "iterations": 1}, u, cc(u, 10.0, 1))
u = with_attack(honest(8, 6), [1, 4], 'flip')
add("nnm f=2 then median", "nnm+median", {"f": 2}, u, composed(u, [lambda x: nnm(x, 2)], median))
add("nnm f=2 then krum f=2", "nnm+krum", {"f": 2}, u, composed(u, [lambda x: nnm(x, 2)], lambda x: krum(x, 2)))


u = honest(3, 4); add("nnm f=0 mixes everything into the mean", "nnm+fedavg", {"f": 0}, u, composed(u, [lambda x: nnm(x, 0)], fedavg))
u = with_attack(honest(9, 5, workers=[7, 2, 9, 4, 1, 8, 3, 6, 5]), [0], 'big')
add("bucketing s=2 seed=5 then median", "bucketing+median", {"s": 2, "seed": "5"}, u, composed(u, [lambda x: bucketing(x, 2, 5)], median))
add("bucketing s=3 seed=11 then krum f=0 keeps one bucket's members", "bucketing+krum", {"s": 3, "seed": "11", "f": 0}, u,
    composed(u, [lambda x: bucketing(x, 3, 11)], lambda x: krum(x, 0)))
add("nnm f=1 then bucketing s=2 seed=3 then trimmed mean b=1", "nnm+bucketing+trimmed-mean", {"f": 1, "s": 2, "seed": "3", "b": 1}, u,
    composed(u, [lambda x: nnm(x, 1), lambda x: bucketing(x, 2, 3)], lambda x: trimmed(x, 1)))

json.dump({"description": "Aggregation rule golden vectors, generated by an independent Python reference (generate_aggregation.py). Floats are IEEE-754 binary32 bit patterns in hex. UBAR's loss is the squared Euclidean distance (four lanes, as for distances) to `target`.",
           "cases": cases}, open('aggregation.json', 'w'), indent=1)
print(len(cases), "cases")
