# Regenerates cnn.json (run from contracts/test/vectors): python3 generate_cnn.py
#
# An independent reference for the small convolutional network that a training committee and every
# auditor evaluate (learning/CnnModel.java), written from its definition with numpy arrays, not from
# the Java code (which loops over pooled cells one by one):
#
#   image  = the row as an s × s single-channel image, row-major, s = sqrt(features)
#   conv   = convB[c] + sum over (ky, kx) of convW[c, ky, kx] * image[y + ky, x + kx]
#            (cross-correlation, valid, stride 1: an (s-4) × (s-4) map per channel)
#   relu   = conv where conv > 0, else 0
#   pooled = max over each 2 × 2 block of relu (stride 2, an odd last row/column dropped)
#   logits = denseB + denseW · pooled.flatten()   (flatten order: channel, row, column)
#
# Parameters are float32 in the order convW [C, 5, 5], convB [C], denseW [classes, C·p·p], denseB
# [classes], p = (s - 4) // 2. Every sum is an IEEE double that starts from the bias and adds
# float32 × double products, the convolution taps in ascending (ky, kx) and the dense inputs in
# flatten order: numpy adds whole maps tap by tap and the dense layer input by input, so each
# element sees the same additions in the same order and the logits agree bit for bit. The
# prediction is the argmax of the logits, lowest class on ties.
#
# The loss is the mean of logSumExp(logits) - logits[label], logSumExp stabilised by the maximum
# logit; exp and log may differ in the last bit between libm and Java's StrictMath, so the loss is
# compared within a few ulps.
#
# The gradient of that loss is written here as array backpropagation: softmax - onehot into the
# dense layer, back through the pool to the first maximum of each block (blocks read (0,0), (0,1),
# (1,0), (1,1); np.argmax keeps the first), through ReLU where the pooled value is > 0, scattered
# into a map of convolution gradients and correlated with the image. It goes through exp and sums
# rows and positions in another order than the Java loops, so its doubles differ from Java's in the
# last bits; after rounding to float32 the two agree within 2 float ulps plus 1e-12 (cancellation
# towards 0). The case 'tied pools' has every block tied, so a gradient that went to any block
# position but the first would miss by far more than that.
import json, math, random, struct
import numpy as np

KERNEL = 5

def f32(x):
    return float(np.float32(x))

def fbits(x):
    return '%08x' % struct.unpack('<I', struct.pack('<f', np.float32(x)))[0]

def dbits(x):
    return '%016x' % struct.unpack('<Q', struct.pack('<d', x))[0]

def unpack(params, side, channels, classes):
    p = (side - KERNEL + 1) // 2
    n = channels * p * p
    a = np.array(params, dtype=np.float64)
    conv_w = a[:channels * 25].reshape(channels, KERNEL, KERNEL)
    a = a[channels * 25:]
    conv_b = a[:channels]
    a = a[channels:]
    dense_w = a[:classes * n].reshape(classes, n)
    dense_b = a[classes * n:]
    assert dense_b.shape == (classes,)
    return conv_w, conv_b, dense_w, dense_b, p

def forward(params, side, channels, classes, row):
    conv_w, conv_b, dense_w, dense_b, p = unpack(params, side, channels, classes)
    image = np.array(row, dtype=np.float64).reshape(side, side)
    o = side - KERNEL + 1
    conv = np.empty((channels, o, o))
    for c in range(channels):
        acc = np.full((o, o), conv_b[c])
        for ky in range(KERNEL):
            for kx in range(KERNEL):
                acc = acc + conv_w[c, ky, kx] * image[ky:ky + o, kx:kx + o]
        conv[c] = acc
    relu = np.where(conv > 0, conv, 0.0)
    blocks = np.stack([relu[:, dy:2 * p:2, dx:2 * p:2] for dy in (0, 1) for dx in (0, 1)])
    pooled = blocks.max(axis=0)
    first = blocks.argmax(axis=0)
    flat = pooled.reshape(-1)
    logits = dense_b.copy()
    for j in range(flat.size):
        logits = logits + dense_w[:, j] * flat[j]
    return [float(v) for v in logits], image, pooled, first

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

def row_gradient(params, side, channels, classes, row, label):
    conv_w, conv_b, dense_w, dense_b, p = unpack(params, side, channels, classes)
    logits, image, pooled, first = forward(params, side, channels, classes, row)
    z = np.array(logits)
    d_logits = np.exp(z - log_sum_exp(logits))
    d_logits[label] -= 1
    g_dense_w = np.outer(d_logits, pooled.reshape(-1))
    g_dense_b = d_logits
    d_pooled = (dense_w.T @ d_logits).reshape(channels, p, p) * (pooled > 0)
    o = side - KERNEL + 1
    d_conv = np.zeros((channels, o, o))
    for dy in (0, 1):
        for dx in (0, 1):
            chosen = first == 2 * dy + dx
            d_conv[:, dy:2 * p:2, dx:2 * p:2] += np.where(chosen, d_pooled, 0.0)
    g_conv_w = np.empty((channels, KERNEL, KERNEL))
    for ky in range(KERNEL):
        for kx in range(KERNEL):
            g_conv_w[:, ky, kx] = (d_conv * image[ky:ky + o, kx:kx + o]).sum(axis=(1, 2))
    g_conv_b = d_conv.sum(axis=(1, 2))
    return np.concatenate([g_conv_w.reshape(-1), g_conv_b, g_dense_w.reshape(-1), g_dense_b])

def case(name, side, channels, classes, rows, rng, scale=0.5, params=None, low=0.0):
    p = (side - KERNEL + 1) // 2
    count = channels * (KERNEL * KERNEL + 1) + classes * (channels * p * p + 1)
    if params is None:
        params = [f32(rng.gauss(0, scale)) for _ in range(count)]
    assert len(params) == count
    xs = [[f32(rng.uniform(low, 1)) for _ in range(side * side)] for _ in range(rows)]
    ys = [rng.randrange(classes) for _ in range(rows)]
    logits = [forward(params, side, channels, classes, x)[0] for x in xs]
    predictions = [argmax(l) for l in logits]
    correct = sum(1 for i in range(rows) if predictions[i] == ys[i])
    total = 0.0
    for i in range(rows):
        total = total + (log_sum_exp(logits[i]) - logits[i][ys[i]])
    gradient = sum(row_gradient(params, side, channels, classes, xs[i], ys[i]) for i in range(rows))
    gradient = gradient / rows
    return {
        'name': name,
        'features': side * side, 'channels': channels, 'classes': classes,
        'params': [fbits(v) for v in params],
        'x': [[fbits(v) for v in x] for x in xs],
        'y': ys,
        'logits': [[dbits(v) for v in l] for l in logits],
        'predictions': predictions,
        'accuracy': dbits(correct / rows),
        'loss': repr(total / rows),
        'gradient': [fbits(v) for v in gradient],
    }

def tied(side, channels, classes, rng):
    """Zero convolution weights and positive biases: every 2 × 2 block ties."""
    p = (side - KERNEL + 1) // 2
    params = [0.0] * (channels * 25)
    params += [f32(0.25 + rng.random()) for _ in range(channels)]
    params += [f32(rng.gauss(0, 0.5)) for _ in range(classes * (channels * p * p + 1))]
    return params

rng = random.Random(20261208)
cases = [
    case('digits-shaped 8x8, 2 channels, 10 classes', 8, 2, 10, 6, rng),
    case('12x12, 3 channels, 4 classes, signed pixels', 12, 3, 4, 5, rng, low=-0.5),
    case('9x9: odd 5x5 map, last row and column dropped', 9, 2, 3, 4, rng, low=-0.5),
    case('tied pools: gradient to the first block position', 8, 2, 3, 4, rng,
         params=tied(8, 2, 3, rng)),
    case('all-zero parameters: every logit 0, class 0 on ties', 6, 1, 3, 3, rng,
         params=[0.0] * (26 + 3 * 2)),
    case('fashion-shaped 28x28, 2 channels, 10 classes', 28, 2, 10, 3, rng, scale=0.2),
    case('negative-zero parameters: ReLU gives +0, so each logit is -0 + (-0 * +0) = -0', 6, 1, 2,
         2, rng, params=[-0.0] * (26 + 2 * 2)),
]
with open('cnn.json', 'w') as out:  # one field a line: the arrays are long
    out.write('{\n "generator": "generate_cnn.py",\n "cases": [\n')
    for k, c in enumerate(cases):
        fields = ',\n'.join('   %s: %s' % (json.dumps(key), json.dumps(value, separators=(',', ':')))
                            for key, value in c.items())
        out.write('  {\n' + fields + '\n  }' + (',' if k + 1 < len(cases) else '') + '\n')
    out.write(' ]\n}\n')
