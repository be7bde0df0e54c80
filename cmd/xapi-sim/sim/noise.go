package sim

import (
	"hash/fnv"
	"math"
)

// noise is deterministic, seeded randomness addressed by (key, tick): the
// same seed always gives the same series, and any point can be computed
// without replaying the past (which lets RRD rows be produced on demand).
type noise struct{ seed uint64 }

func keyHash(key string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(key))
	return h.Sum64()
}

// splitmix64 finalizer (public domain mixing function by Sebastiano Vigna).
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// uniform returns a value in [0,1).
func (n noise) uniform(key uint64, tick int64, salt uint64) float64 {
	return float64(mix(n.seed^key^mix(uint64(tick)^salt))>>11) / (1 << 53)
}

// normal returns an approximately standard normal value (sum of 4 uniforms).
func (n noise) normal(key uint64, tick int64, salt uint64) float64 {
	sum := 0.0
	for i := uint64(0); i < 4; i++ {
		sum += n.uniform(key, tick, salt*4+i)
	}
	return (sum - 2) / math.Sqrt(4.0/12.0)
}

// factor is a multiplicative noise around 1 with relative spread sigma.
func (n noise) factor(key uint64, tick int64, salt uint64, sigma float64) float64 {
	return math.Max(0.05, 1+sigma*n.normal(key, tick, salt))
}
