# Regenerates history-direction.json (run from contracts/test/vectors): python3 generate_history_direction.py
#
# An independent reference for the evidence that leaves a persistent Byzantine trainer unpaid in a
# federated job (HistoryDirection and IdentityHistory in the verifier), written from its definition
# in docs/protocol.md section 4, not from the Java code. Each round: normalise each float32 update
# to unit L2 norm (sum of squares in double in ascending coordinate order, sqrt, each coordinate
# divided in double and rounded to float32); the round's centre m is the coordinate median of the
# normalised updates (middle value for odd n, float32 of the double mean of the middle two for even
# n); the residual is (double) u_hat - (double) m. The round's step s is the robust rule's
# aggregate of its updates, an input here (the rules are pinned by aggregation.json). An identity's
# history over the rounds it took part in, in ascending round order: residuals = sum of its
# residuals, units = sum of its u_hat, steps = sum of the steps s of the same rounds, all in double;
# rounds = how many. cosine = dot(units, steps) / sqrt(|units|^2 * |steps|^2), the three sums in
# double in ascending order, 0 when either is 0; opposed when cosine < THRESHOLD (strictly).
# Doubles are IEEE-754 binary64 bit patterns in hex, floats binary32.
import json, math, random, struct
import numpy as np

THRESHOLD = 0.1

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

def cosine(a, b):
    dot = na = nb = 0.0
    for x, y in zip(a, b):
        dot = dot + x * y
        na = na + x * x
        nb = nb + y * y
    return 0.0 if na == 0 or nb == 0 else dot / math.sqrt(na * nb)

def add_to(a, b):
    return [x + y for x, y in zip(a, b)]

rng = random.Random(20261208)

def gauss(d, s):
    return [rng.gauss(0, s) for _ in range(d)]

cases = []

def step_of(r):
    # a stand-in for the rule's aggregate: the float32 mean of the honest ("h") updates, or of all
    hs = [u for i, u in r if i.startswith("h")] or [u for _, u in r]
    return [f32(sum(u[j] for u in hs) / len(hs)) for j in range(len(hs[0]))]

def add(name, rounds, steps=None):
    hist = {}
    steps = steps or [step_of(r) for r in rounds]
    for r, s in zip(rounds, steps):
        normed = [normalise(u) for _, u in r]
        m = median(normed)
        for (ident, _), v in zip(r, normed):
            res = [x - c for x, c in zip(v, m)]
            h = hist.get(ident)
            if h is None:
                hist[ident] = (res, list(v), list(s), 1)
            else:
                hist[ident] = (add_to(h[0], res), add_to(h[1], v), add_to(h[2], s), h[3] + 1)
    out = {}
    for i in sorted(hist):
        res, units, st, n = hist[i]
        cos = cosine(units, st)
        out[i] = {"residuals": [dbits(x) for x in res], "units": [dbits(x) for x in units],
                  "steps": [dbits(x) for x in st], "rounds": n,
                  "cosine": dbits(cos), "opposed": cos < THRESHOLD}
    cases.append({"name": name,
                  "rounds": [{"step": [bits(x) for x in s],
                              "updates": [{"identity": i, "delta": [bits(x) for x in u]} for i, u in r]}
                             for r, s in zip(rounds, steps)],
                  "histories": out})
    return out

def federation(d, honest, rounds, spread, attackers):
    # honest trainers: a shared descent direction (shrinking) plus their own skew and noise;
    # attackers[name](honest_update, round) crafts from an update trained like an honest one
    out = []
    skews = [gauss(d, spread) for _ in range(honest + len(attackers))]
    progress = gauss(d, 1.0)
    for t in range(rounds):
        step = [p * (0.8 ** t) for p in progress]
        def trained(k):
            return [s + sk + e for s, sk, e in zip(step, skews[k], gauss(d, spread * 0.5))]
        r = [("h%d" % k, [f32(x) for x in trained(k)]) for k in range(honest)]
        for a, (name, craft) in enumerate(sorted(attackers.items())):
            r.append((name, [f32(x) for x in craft(trained(honest + a), t)]))
        out.append(r)
    return out

flip = lambda u, t: [-x for x in u]
noise = lambda u, t: [x + e for x, e in zip(u, gauss(len(u), 40.0))]
late = lambda u, t: u if t < 3 else [-x for x in u]

add("a sign flip and a noise sender among honest trainers", federation(24, 5, 4, 0.6, {"flip": flip, "noise": noise}))
add("one round: the direction is the round's cosine to the step", federation(16, 5, 1, 0.6, {"flip": flip}))
add("honest for three rounds, then flipping: not yet opposed after two flips", federation(24, 5, 5, 0.6, {"late": late}))
add("honest for three rounds, then flipping: opposed after five flips", federation(24, 5, 8, 0.6, {"late": late}))
r = federation(12, 4, 3, 0.6, {"flip": flip})
r[1] = r[1][:2] + r[1][3:]  # h2 skipped round 1: its history has two rounds
r[2] = list(reversed(r[2]))  # identities in another order
add("identities that skip a round or come in another order", r)
alone = [f32(x) for x in gauss(5, 1.0)]
add("one identity alone: its update is the step, cosine 1", [[("a", alone)]], [alone])
add("zero updates and a zero step give cosine 0, opposed", [[("a", [0.0, 0.0, 0.0]), ("b", [0.0, 0.0, 0.0]), ("c", [0.0, 0.0, 0.0])]])

json.dump({"description": "History direction (an identity's summed unit updates against its rounds' summed steps) golden vectors, generated by an independent Python reference (generate_history_direction.py). Floats are IEEE-754 binary32 bit patterns in hex, sums and cosines binary64. THRESHOLD = %r." % THRESHOLD,
           "cases": cases}, open('history-direction.json', 'w'), indent=1)
print(len(cases), "cases")
for c in cases:
    print(c["name"], {i: (round(struct.unpack('<d', struct.pack('<Q', int(h["cosine"], 16)))[0], 3), h["rounds"], h["opposed"]) for i, h in c["histories"].items()})
