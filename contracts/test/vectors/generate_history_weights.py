# Regenerates history-weights.json (run from contracts/test/vectors): python3 generate_history_weights.py
#
# An independent reference for the Sybil payout weights a training committee and every auditor must
# compute bit for bit (HistoryWeights in the verifier), written from its definition, not from the
# Java code. Each round: normalise each float32 update to unit L2 norm (sum of squares in double in
# ascending coordinate order, sqrt, each coordinate divided in double and rounded to float32),
# centre on the coordinate median of the normalised updates (middle value for odd n, float32 of the
# double mean of the middle two for even n); the residual is in double. An identity's history is
# the sum of its residuals, rounds in ascending order, in double. Weights (FoolsGold, Fung et al.,
# over the histories of the last round's identities): cs_ij the cosine of histories (sums in double
# in ascending order, dot / sqrt(na * nb), 0 when a norm is 0), cs_ii = 0; v_i = max_j cs_ij;
# c_ij = cs_ij * v_i / v_j when v_j > v_i; alpha_i = clip(1 - max_j c_ij, 0, 1); alpha /= max alpha;
# alpha == 1 becomes 0.99; w = clip(KAPPA * (ln(alpha / (1 - alpha)) + 0.5), 0, 1) with KAPPA = 2,
# alpha == 0 gives 0.
# Doubles are IEEE-754 binary64 bit patterns in hex, floats binary32.
import json, math, random, struct
import numpy as np

KAPPA = 2.0

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
    for j in range(len(vs[0])):
        sv = sorted((v[j] for v in vs), key=order_key)
        out.append(sv[n // 2] if n % 2 == 1 else f32((sv[n // 2 - 1] + sv[n // 2]) / 2.0))
    return out

def residuals(updates):
    normed = [normalise(v) for v in updates]
    m = median(normed)
    return [[x - c for x, c in zip(v, m)] for v in normed]

def cosine(a, b):
    dot = na = nb = 0.0
    for x, y in zip(a, b):
        dot = dot + x * y
        na = na + x * x
        nb = nb + y * y
    return 0.0 if na == 0 or nb == 0 else dot / math.sqrt(na * nb)

def weights(hs):
    n = len(hs)
    cs = [[0.0 if i == j else cosine(hs[i], hs[j]) for j in range(n)] for i in range(n)]
    v = [max([0.0] + [cs[i][j] for j in range(n) if j != i]) for i in range(n)]
    alpha = []
    for i in range(n):
        m = 0.0
        for j in range(n):
            c = cs[i][j] * v[i] / v[j] if v[j] > v[i] else cs[i][j]
            m = max(m, c)
        alpha.append(min(1.0, max(0.0, 1.0 - m)))
    top = max(alpha) if alpha else 0.0
    out = []
    for a in alpha:
        a = 0.0 if top == 0 else a / top
        if a == 1.0:
            a = 0.99
        w = 0.0 if a <= 0 else KAPPA * (math.log(a / (1.0 - a)) + 0.5)
        out.append(min(1.0, max(0.0, w)))
    return out

rng = random.Random(20261207)

def gauss(d, s):
    return [rng.gauss(0, s) for _ in range(d)]

cases = []

def add(name, rounds):
    hist = {}
    for r in rounds:
        res = residuals([u for _, u in r])
        for (ident, _), x in zip(r, res):
            h = hist.get(ident)
            hist[ident] = list(x) if h is None else [a + b for a, b in zip(h, x)]
    last = [ident for ident, _ in rounds[-1]]
    cases.append({
        "name": name,
        "rounds": [[{"identity": i, "delta": [bits(x) for x in u]} for i, u in r] for r in rounds],
        "histories": {i: [dbits(x) for x in hist[i]] for i in sorted(hist)},
        "weights": [dbits(w) for w in weights([hist[i] for i in last])]})

def federation(d, honest, sybils, rounds, spread, noise):
    # honest trainers: a shared direction plus their own skew; a Sybil owner: one skew, fresh noise
    out = []
    skews = [gauss(d, spread) for _ in range(honest + 1)]
    for _ in range(rounds):
        mean = gauss(d, 1.0)
        r = [("h%d" % k, [f32(m + s + e) for m, s, e in zip(mean, skews[k], gauss(d, spread))]) for k in range(honest)]
        base = [m + s for m, s in zip(mean, skews[honest])]
        r += [("s%d" % k, [f32(b + e) for b, e in zip(base, gauss(d, noise))]) for k in range(sybils)]
        out.append(r)
    return out

add("a noised Sybil pair is weighted 0 after four rounds", federation(16, 6, 2, 4, 0.5, 0.4))
add("one round: histories are the residuals", federation(12, 5, 2, 1, 0.5, 0.6))
add("no Sybils: every honest trainer keeps weight 1", federation(16, 7, 0, 3, 0.5, 0.4))
r = federation(8, 4, 0, 3, 0.5, 0.4)
r[1] = r[1][:2] + r[1][3:]  # h2 skipped round 1: its history has two rounds
r[2] = list(reversed(r[2]))  # identities in another order
add("identities that skip a round or come in another order", r)
add("one identity alone keeps weight 1", [[("a", [f32(x) for x in gauss(5, 1.0)])]])
add("identical updates leave zero residuals: cosine 0, weight 1", [[("a", [1.0, 2.0, 3.0]), ("b", [1.0, 2.0, 3.0]), ("c", [1.0, 2.0, 3.0])]])

json.dump({"description": "Sybil history weights (FoolsGold over residual histories) golden vectors, generated by an independent Python reference (generate_history_weights.py). Floats are IEEE-754 binary32 bit patterns in hex, histories and weights binary64.",
           "cases": cases}, open('history-weights.json', 'w'), indent=1)
print(len(cases), "cases")
for c in cases:
    print(c["name"], [round(struct.unpack('<d', struct.pack('<Q', int(w, 16)))[0], 3) for w in c["weights"]])
