# java.util.SplittableRandom, from its published algorithm: SplitMix64 with the golden gamma for
# new SplittableRandom(seed); nextInt() is mix32 of the next state; nextInt(bound) masks for a power
# of two and otherwise rejects on the top 31 bits. Shared by the golden-vector generators here.
M64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15

def s32(x):
    x &= 0xFFFFFFFF
    return x - (1 << 32) if x >= 1 << 31 else x

class SplittableRandom:
    def __init__(self, seed):
        self.seed = seed & M64
    def next_int(self):
        self.seed = (self.seed + GOLDEN_GAMMA) & M64
        z = self.seed
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & M64
        return s32((((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & M64) >> 32)
    def next_bounded(self, bound):
        r = self.next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if s32(u + m - r) >= 0:
                return r
            u = (self.next_int() & 0xFFFFFFFF) >> 1

