# Regenerates mlp.json (run from contracts/test/vectors): python3 generate_mlp.py
#
# An independent reference for the forward pass of the one-hidden-layer perceptron that a training
# committee and every auditor evaluate (learning/MlpModel.java), written from its definition, not
# from the Java code: logits = W2·relu(W1·x + b1) + b2, parameters float32 in the order W1
# (hidden × features, row-major), b1, W2 (classes × hidden), b2. Every sum is an IEEE double that
# starts from the bias and adds float32 × double products in ascending input index; relu(s) = s when
# s > 0, else 0. The prediction is the argmax of the logits, lowest class on ties. The loss is the
# mean of logSumExp(logits) − logits[label], logSumExp stabilised by the maximum logit; it goes
# through exp and log, whose last bit may differ between libm and Java's StrictMath (fdlibm), so it
# is compared within a few ulps while logits, predictions and accuracy are compared bit for bit.
import json, math, random, struct
import numpy as np

def f32(x):
    return float(np.float32(x))

def fbits(x):
    return '%08x' % struct.unpack('<I', struct.pack('<f', np.float32(x)))[0]

def dbits(x):
    return '%016x' % struct.unpack('<Q', struct.pack('<d', x))[0]

def forward(p, features, hidden, classes, x):
    b1 = hidden * features
    h = []
    for k in range(hidden):
        s = p[b1 + k]
        for j in range(features):
            s = s + p[k * features + j] * x[j]
        h.append(s if s > 0 else 0.0)
    w2 = b1 + hidden
    b2 = w2 + classes * hidden
    logits = []
    for c in range(classes):
        s = p[b2 + c]
        for k in range(hidden):
            s = s + p[w2 + c * hidden + k] * h[k]
        logits.append(s)
    return logits

def argmax(v):
    best = 0
    for c in range(1, len(v)):
        if v[c] > v[best]:
            best = c
    return best

def log_sum_exp(v):
    m = v[argmax(v)]
    s = 0.0
    for z in v:
        s = s + math.exp(z - m)
    return m + math.log(s)

def case(name, features, hidden, classes, rows, rng, zero=False):
    count = hidden * (features + 1) + classes * (hidden + 1)
    params = [0.0 if zero else f32(rng.gauss(0, 0.8)) for _ in range(count)]
    xs = [[f32(rng.uniform(-1, 2)) for _ in range(features)] for _ in range(rows)]
    ys = [rng.randrange(classes) for _ in range(rows)]
    logits = [forward(params, features, hidden, classes, x) for x in xs]
    predictions = [argmax(l) for l in logits]
    correct = sum(1 for i in range(rows) if predictions[i] == ys[i])
    total = 0.0
    for i in range(rows):
        total = total + (log_sum_exp(logits[i]) - logits[i][ys[i]])
    return {
        'name': name,
        'features': features, 'hidden': hidden, 'classes': classes,
        'params': [fbits(v) for v in params],
        'x': [[fbits(v) for v in x] for x in xs],
        'y': ys,
        'logits': [[dbits(v) for v in l] for l in logits],
        'predictions': predictions,
        'accuracy': dbits(correct / rows),
        'loss': repr(total / rows),
    }

rng = random.Random(20261207)
cases = [
    case('tiny 3 -> 2 -> 2', 3, 2, 2, 4, rng),
    case('5 -> 4 -> 3', 5, 4, 3, 8, rng),
    case('all-zero parameters: every logit 0, class 0 on ties', 4, 3, 3, 6, rng, zero=True),
    case('digits-shaped 64 -> 8 -> 10', 64, 8, 10, 12, rng),
]
with open('mlp.json', 'w') as out:
    json.dump({'generator': 'generate_mlp.py', 'cases': cases}, out, indent=1)
    out.write('\n')
