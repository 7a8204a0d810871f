# Regenerates sybil.json (run from contracts/test/vectors): python3 generate_sybil.py
#
# An independent reference for the Sybil clustering a training committee and every auditor must
# compute bit for bit (SybilClusters in the verifier), written from its definition, not from the
# Java code: normalise each float32 update to unit L2 norm (sum of squares in double in ascending
# coordinate order, sqrt, each coordinate divided in double and rounded to float32), centre on the
# coordinate median of the normalised updates (middle value for odd n, float32 of the double mean of
# the middle two for even n), residuals in double; link two updates when their raw cosine is at
# least 0.999999 (parallel: the same update up to scale) or their residual cosine
# (sum(a*b) / sqrt(sum(a*a) * sum(b*b)), sums in double in ascending order; 0 when a residual is 0)
# is at least the threshold; clusters are the connected components. Doubles are IEEE-754 binary64
# bit patterns in hex, floats binary32.
import json, math, random, struct
import numpy as np

PARALLEL = 0.999999

def f32(x):
    return float(np.float32(x))

def bits(x):
    return '%08x' % struct.unpack('<I', struct.pack('<f', np.float32(x)))[0]

def dbits(x):
    return '%016x' % struct.unpack('<Q', struct.pack('<d', x))[0]

def order_key(x):
    return (0, x, 0 if math.copysign(1.0, x) < 0 else 1)

def normalise(u):
    s = 0.0
    for x in u:
        s = s + x * x
    if s == 0:
        return list(u)
    norm = math.sqrt(s)
    return [f32(x / norm) for x in u]

def median(vs):
    n = len(vs)
    out = []
    if n == 0:
        return out
    for j in range(len(vs[0])):
        sv = sorted((v[j] for v in vs), key=order_key)
        out.append(sv[n // 2] if n % 2 == 1 else f32((sv[n // 2 - 1] + sv[n // 2]) / 2.0))
    return out

def raw_cosine(a, b):
    dot = na = nb = 0.0
    for x, y in zip(a, b):
        dot = dot + x * y
        na = na + x * x
        nb = nb + y * y
    return 0.0 if na == 0 or nb == 0 else dot / (math.sqrt(na) * math.sqrt(nb))

def residual_cosine(a, b):
    dot = na = nb = 0.0
    for x, y in zip(a, b):
        dot = dot + x * y
        na = na + x * x
        nb = nb + y * y
    return 0.0 if na == 0 or nb == 0 else dot / math.sqrt(na * nb)

def residuals(updates):
    normed = [normalise(v) for _, v in updates]
    m = median(normed)
    return [[x - c for x, c in zip(v, m)] for v in normed]

def clusters(updates, threshold):
    n = len(updates)
    r = residuals(updates)
    comp = list(range(n))
    def root(i):
        while comp[i] != i:
            i = comp[i]
        return i
    for i in range(n):
        for j in range(i + 1, n):
            v = 1.0 if raw_cosine(updates[i][1], updates[j][1]) >= PARALLEL else residual_cosine(r[i], r[j])
            if v >= threshold:
                a, b = root(i), root(j)
                comp[max(a, b)] = min(a, b)
    groups = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(updates[i][0])
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])

rng = random.Random(20261208)

def gauss(d, scale):
    return [rng.gauss(0, scale) for _ in range(d)]

def federation(honest, d, spread):
    # honest updates share a mean direction; what is left is each trainer's own noise
    mean = gauss(d, 1.0)
    return mean, [[f32(m + e) for m, e in zip(mean, gauss(d, spread))] for _ in range(honest)]

def noised(u, cosine):
    z = gauss(len(u), 1.0)
    uu = sum(x * x for x in u)
    dot = sum(a * b for a, b in zip(z, u))
    z = [a - dot / uu * b for a, b in zip(z, u)]
    scale = math.sqrt(uu / sum(a * a for a in z)) * math.tan(math.acos(cosine))
    return [f32(a + scale * b) for a, b in zip(u, z)]

def scaled(u, c):
    return [f32(x * c) for x in u]

cases = []

def add(name, updates, threshold):
    r = residuals(updates)
    n = len(updates)
    cases.append({
        "name": name,
        "threshold": dbits(threshold),
        "updates": [{"worker": w, "delta": [bits(x) for x in v]} for w, v in updates],
        "residualCosines": [[dbits(residual_cosine(r[i], r[j])) for j in range(n)] for i in range(n)],
        "clusters": clusters(updates, threshold)})

# a federation of 8 honest trainers and three owners: copies, a scaled copy, a noised copy
mean, h = federation(8, 24, 0.6)
sy = h[0]
ups = [(k + 1, v) for k, v in enumerate(h)]
ups += [(20, list(sy)), (21, scaled(sy, 2.5)), (22, scaled(h[1], 0.5)), (23, noised(h[2], 0.9))]
add("copies, scaled copies and a noised copy join their originals; honest trainers stay apart", ups, 0.6)
add("the same federation at threshold 0.95 keeps the noised copy apart", ups, 0.95)
# same data, different seeds: a shared residual plus small own noise
shared = gauss(24, 0.6)
seeds = [(30 + s, [f32(m + e + n) for m, e, n in zip(mean, shared, gauss(24, 0.15))]) for s in range(3)]
_, h2 = federation(7, 24, 0.6)
ups = [(k + 1, v) for k, v in enumerate(h2)] + seeds
add("identities trained on one shard with different seeds form one cluster", ups, 0.6)
# worker ids out of order, even n
_, h3 = federation(6, 10, 0.5)
ids = [9, 4, 7, 2, 8, 3]
ups = [(ids[k], v) for k, v in enumerate(h3)] + [(1, list(h3[0])), (5, scaled(h3[3], 3.0))]
add("unordered worker ids and an even count", ups, 0.7)
# degenerate: copies that are the median leave zero residuals; the parallel rule still links them
v = [f32(x) for x in gauss(6, 1.0)]
w = [f32(x) for x in gauss(6, 1.0)]
add("copies that are the median still cluster (parallel rule)", [(1, v), (2, scaled(v, 1.5)), (3, w)], 0.9)
# zero updates: raw cosine 0, both residuals minus the median, so they link; a lone update alone
add("zero updates at the median have zero residuals and stay apart", [(1, [0.0] * 5), (2, [0.0] * 5), (3, w[:5]), (4, v[:5]), (5, scaled(w[:5], -1.0))], 0.9)
add("one update is its own cluster", [(7, v)], 0.5)
add("no updates, no clusters", [], 0.5)

json.dump({"description": "Sybil clustering golden vectors, generated by an independent Python reference (generate_sybil.py). Floats are IEEE-754 binary32 bit patterns in hex, thresholds and residual cosines binary64.",
           "cases": cases}, open('sybil.json', 'w'), indent=1)
print(len(cases), "cases")
for c in cases:
    print(c["name"], c["clusters"])
