# Regenerates shapley.json (run from contracts/test/vectors): python3 generate_shapley.py
#
# An independent reference for the Shapley estimators a training committee and its auditors run
# with the same seed (docs/protocol.md, "Shapley estimators"), written from their definitions and from
# java.util.SplittableRandom's published algorithm (SplitMix64 with the golden gamma; nextInt(bound)
# by rejection on the top 31 bits, or masking for a power of two), not from our Java code.
# Utilities are tables v[mask] over coalitions; results are IEEE doubles, given as hex bit patterns.
import json, math, random, struct

from javarandom import M64, SplittableRandom, s32

def shuffle(n, rng, first):
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.next_bounded(i + 1)
        order[i], order[j] = order[j], order[i]
    if first >= 0:
        k = order.index(first)
        order[k] = order[0]
        order[0] = first
    return order

class Memo:
    def __init__(self, table):
        self.table = table; self.seen = set()
    def value(self, mask):
        self.seen.add(mask)
        return self.table[mask]

def scan(n, count, v, rng, first_cycle, tolerance, grand):
    total = [0.0] * n
    for k in range(count):
        order = shuffle(n, rng, -1 if first_cycle < 0 else k % n)
        mask = 0
        previous = v.value(0)
        for p in range(n):
            if tolerance > 0 and abs(grand - previous) < tolerance * abs(grand):
                break
            player = order[p]
            mask |= 1 << player
            current = v.value(mask)
            total[player] = total[player] + (current - previous)
            previous = current
    return [t / count for t in total]

def exact(n, table):
    w = [0.0] * (n + 1)
    binomial = 1.0
    for s in range(n):
        w[s] = 1.0 / (n * binomial)
        binomial = binomial * (n - 1 - s) / (s + 1)
    phi = [0.0] * n
    for mask in range(1 << n):
        ws = w[bin(mask).count('1')]
        for i in range(n):
            if not mask & (1 << i):
                phi[i] = phi[i] + ws * (table[mask | (1 << i)] - table[mask])
    return phi, 1 << n

def tmc(n, table, perms, tol, seed):
    v = Memo(table); grand = v.value((1 << n) - 1)
    phi = scan(n, perms, v, SplittableRandom(seed), -1, tol, grand)
    return phi, len(v.seen)

def pmc(n, table, perms, seed):
    v = Memo(table)
    phi = scan(n, perms, v, SplittableRandom(seed), -1, 0.0, 0.0)
    return phi, len(v.seen)

def gtg(n, table, max_perms, tol, round_tol, conv, seed):
    v = Memo(table); rng = SplittableRandom(seed)
    grand = v.value((1 << n) - 1)
    if abs(grand - v.value(0)) <= round_tol:
        return [0.0] * n, len(v.seen)
    total = [0.0] * n; previous = [0.0] * n; done = 0
    while done < max_perms:
        batch = min(n, max_perms - done)
        part = scan(n, batch, v, rng, 0, tol, grand)
        for i in range(n):
            total[i] = total[i] + part[i] * batch
        done += batch
        current = [total[i] / done for i in range(n)]
        if done >= 2 * n:
            change = 0.0
            for i in range(n):
                change = change + abs(current[i] - previous[i]) / max(1e-12, abs(current[i]))
            if change / n < conv:
                return current, len(v.seen)
        previous = current
    return [total[i] / done for i in range(n)], len(v.seen)

def cluster(clusters, n, table, inner):
    reps = [1 << c[0] for c in clusters]
    k = len(clusters)
    ctable = []
    for cm in range(1 << k):
        mask = 0
        for c in range(k):
            if cm & (1 << c):
                mask |= reps[c]
        ctable.append(table[mask])
    by_cluster, evals = inner(k, ctable)
    values = [0.0] * n
    for c, members in enumerate(clusters):
        share = by_cluster[c] / len(members)
        for m in members:
            values[m] = share
    return values, evals

def dhex(x):
    return '%016x' % struct.unpack('<Q', struct.pack('<d', x))[0]

rng = random.Random(20261207)

def table_of(n, kind):
    t = []
    for mask in range(1 << n):
        size = bin(mask).count('1')
        if kind == 'accuracy':
            # grows with the coalition, with per-player skill and noise, like a validation accuracy
            skill = sum(((i + 1) / (n + 1)) for i in range(n) if mask & (1 << i))
            t.append(0.1 + 0.8 * (1 - math.exp(-skill)) + rng.uniform(-0.01, 0.01) if size else 0.1)
        elif kind == 'flat':
            t.append(0.5)
        else:
            t.append(rng.uniform(-1, 1))
    return t

cases = []
def add(name, estimator, params, n, table, res, clusters=None):
    phi, evals = res
    c = {"name": name, "estimator": estimator, "params": params, "players": n,
         "utility": [dhex(x) for x in table], "values": [dhex(x) for x in phi], "evaluations": evals}
    if clusters is not None:
        c["clusters"] = clusters
    cases.append(c)

words = []
for seed in (0, 7, -1 & M64, 123456789):
    r = SplittableRandom(seed)
    words.append({"seed": str(s32(seed) if False else (seed - (1 << 64) if seed >= 1 << 63 else seed)),
                  "nextInt": [r.next_int() for _ in range(4)],
                  "bounded": [{"bound": b, "value": r.next_bounded(b)} for b in (1, 2, 3, 7, 8, 1000, 2**31 - 1)]})

for n in (1, 3, 5):
    t = table_of(n, 'accuracy'); add("exact, %d players, accuracy-like" % n, "exact", {}, n, t, exact(n, t))
t = table_of(4, 'random'); add("exact, 4 players, arbitrary game", "exact", {}, 4, t, exact(4, t))
for n, perms, tol, seed in ((3, 5, 0.0, 7), (5, 12, 0.0, 42), (5, 12, 0.05, 42), (6, 20, 0.01, 2**53 - 1)):
    t = table_of(n, 'accuracy')
    add("truncated-mc n=%d permutations=%d tolerance=%g seed=%d" % (n, perms, tol, seed), "truncated-mc",
        {"permutations": perms, "tolerance": tol, "seed": str(seed)}, n, t, tmc(n, t, perms, tol, seed))
t = table_of(4, 'random'); add("monte-carlo n=4 permutations=9 seed=3", "monte-carlo", {"permutations": 9, "seed": "3"}, 4, t, pmc(4, t, 9, 3))
for n, mp, tol, rt, conv, seed in ((4, 40, 0.0, 0.0, 0.05, 5), (5, 23, 0.02, 0.0, 1e-9, 11), (3, 10, 0.0, 0.5, 0.05, 1)):
    t = table_of(n, 'accuracy')
    add("gtg n=%d max=%d tol=%g round=%g conv=%g seed=%d" % (n, mp, tol, rt, conv, seed), "gtg",
        {"maxPermutations": mp, "tolerance": tol, "roundTolerance": rt, "convergence": conv, "seed": str(seed)},
        n, t, gtg(n, t, mp, tol, rt, conv, seed))
t = table_of(5, 'accuracy'); cl = [[0, 3], [1], [4, 2]]
add("cluster over exact, clusters [[0,3],[1],[4,2]]", "cluster-exact", {}, 5, t, cluster(cl, 5, t, lambda k, ct: exact(k, ct)), cl)
t = table_of(6, 'accuracy'); cl = [[5], [0, 1, 2], [3, 4]]
add("cluster over truncated-mc, seed 9", "cluster-truncated-mc", {"permutations": 7, "tolerance": 0.0, "seed": "9"}, 6, t,
    cluster(cl, 6, t, lambda k, ct: tmc(k, ct, 7, 0.0, 9)), cl)

# Boundaries: a scan truncates only when strictly within tolerance; a round is skipped when
# |v(N) - v(empty)| is at most the round tolerance; GTG may stop at exactly 2n permutations.
t = [0.0, 0.5, 0.25, 1.0]
add("truncated-mc does not truncate at exactly the tolerance", "truncated-mc",
    {"permutations": 6, "tolerance": 0.5, "seed": "4"}, 2, t, tmc(2, t, 6, 0.5, 4))
t = [0.25, 0.5, 0.5, 0.75]
add("gtg skips a round whose gain equals the round tolerance", "gtg",
    {"maxPermutations": 10, "tolerance": 0.0, "roundTolerance": 0.5, "convergence": 0.05, "seed": "1"}, 2, t,
    gtg(2, t, 10, 0.0, 0.5, 0.05, 1))
t = [sum((0.125 * (i + 1)) for i in range(4) if mask & (1 << i)) for mask in range(16)]
add("gtg on an additive game stops at exactly 2n permutations", "gtg",
    {"maxPermutations": 40, "tolerance": 0.0, "roundTolerance": 0.0, "convergence": 0.01, "seed": "8"}, 4, t,
    gtg(4, t, 40, 0.0, 0.0, 0.01, 8))

json.dump({"description": "Shapley estimator golden vectors, generated by an independent Python reference (generate_shapley.py). utility[mask] is v(coalition mask); utility and values are IEEE-754 binary64 bit patterns in hex; random draws follow java.util.SplittableRandom(seed).",
           "splittableRandom": words, "cases": cases}, open('shapley.json', 'w'), indent=1)
print(len(cases), "cases")
