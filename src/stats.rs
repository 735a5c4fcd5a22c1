//! Statistics across replications: quantiles, streaming histograms, summaries.
//!
//! Everything here is order-deterministic: values are folded in replication
//! order, and histogram merges are integer counts, so results do not depend on
//! the number of threads.

use std::collections::BTreeMap;

/// The percentiles reported for every distribution.
pub const PERCENTILES: [f64; 7] = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95];

/// Column names of [`PERCENTILES`].
pub const PERCENTILE_NAMES: [&str; 7] = ["p5", "p10", "p25", "p50", "p75", "p90", "p95"];

/// Quantile `q` of sorted, non-empty data (type 7, the R and numpy default).
pub fn quantile_sorted(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let h = (v.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    v[lo] + (h - lo as f64) * (v[hi] - v[lo])
}

/// Distribution of one KPI across replications.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Replications in which the KPI is defined.
    pub n: usize,
    /// Mean.
    pub mean: Option<f64>,
    /// Standard deviation (n − 1).
    pub sd: Option<f64>,
    /// Smallest value.
    pub min: Option<f64>,
    /// Percentiles 5, 10, 25, 50, 75, 90, 95 (`null` in JSON reads as NaN);
    /// written in numeric order (`p5` before `p10`), read in any order.
    #[serde(serialize_with = "in_numeric_order", deserialize_with = "nan_for_null")]
    pub p: BTreeMap<String, f64>,
    /// Largest value.
    pub max: Option<f64>,
}

impl Summary {
    /// Summarises the defined (non-NaN) values, in the given order.
    pub fn of(values: &[f64]) -> Summary {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
        let n = v.len();
        if n == 0 {
            return Summary {
                n,
                mean: None,
                sd: None,
                min: None,
                p: BTreeMap::new(),
                max: None,
            };
        }
        let mean = v.iter().sum::<f64>() / n as f64;
        let sd = (n > 1).then(|| {
            (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64).sqrt()
        });
        v.sort_unstable_by(f64::total_cmp);
        let p = PERCENTILE_NAMES
            .iter()
            .zip(PERCENTILES)
            .map(|(name, q)| (name.to_string(), quantile_sorted(&v, q)))
            .collect();
        Summary {
            n,
            mean: Some(mean),
            sd,
            min: v.first().copied(),
            p,
            max: v.last().copied(),
        }
    }

    /// Percentile by name (`p50`), if defined.
    pub fn pct(&self, name: &str) -> Option<f64> {
        self.p.get(name).copied().filter(|x| x.is_finite())
    }

    /// Median and 5–95% band, when all three are defined.
    pub fn median_band(&self) -> Option<(f64, f64, f64)> {
        Some((self.pct("p50")?, self.pct("p5")?, self.pct("p95")?))
    }
}

/// Writes the percentiles by their number (`p5`, `p10`, … `p95`), not in
/// the map's alphabetical order; names without a number come last.
fn in_numeric_order<S: serde::Serializer>(
    p: &BTreeMap<String, f64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut v: Vec<(&String, &f64)> = p.iter().collect();
    let number = |k: &str| k.strip_prefix('p').and_then(|n| n.parse::<f64>().ok());
    v.sort_by(|a, b| match (number(a.0), number(b.0)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.0.cmp(b.0),
    });
    s.collect_map(v)
}

/// Reads a map of numbers in which JSON's `null` (how a NaN is written)
/// stands for NaN.
fn nan_for_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, f64>, D::Error> {
    let m: BTreeMap<String, Option<f64>> = serde::Deserialize::deserialize(d)?;
    Ok(m.into_iter()
        .map(|(k, v)| (k, v.unwrap_or(f64::NAN)))
        .collect())
}

/// Below this many quantisation steps a histogram is exact.
const EXACT_BELOW: u64 = 1 << 12;

/// A streaming histogram of non-negative values with bounded memory.
///
/// Values are quantised to `1 / scale`; below 4096 steps every step has its
/// own bucket (counts of cases are exact), above it buckets keep 12
/// significant bits (relative error below 0.025%). Memory is bounded by the
/// range of values, not by how many are added. A bucket counts up to
/// `u32::MAX` values (a Monte Carlo run adds at most
/// [`crate::montecarlo::MAX_RUNS`] to a day's histogram).
///
/// The buckets are numbered without gaps in the order of their values, and
/// the counts are kept densely over the numbers seen so far, growing at
/// either end: adding a value is an index, not a search, which is what the
/// daily fold of a run of thousands of replications spends its time on.
#[derive(Debug, Clone, Default)]
pub struct Histogram {
    scale: f64,
    /// The number of the bucket of `counts[0]`.
    lo: u32,
    /// Values per bucket, from bucket `lo` on; the buckets at either end
    /// may be empty (room to grow). Four bytes a bucket keep the 26 series'
    /// histograms of every day of a long horizon small.
    counts: Vec<u32>,
    n: u64,
}

impl Histogram {
    /// An empty histogram with resolution `1 / scale`.
    pub fn new(scale: f64) -> Histogram {
        Histogram {
            scale,
            lo: 0,
            counts: Vec::new(),
            n: 0,
        }
    }

    /// The number of the bucket of `x`: the quantised value below 4096
    /// steps; above it, 2048 buckets for each doubling (the 12 significant
    /// bits, of which the first is always 1), following on without a gap.
    fn bucket(&self, x: f64) -> u32 {
        let q = (x.max(0.0) * self.scale).round().min(1e18) as u64;
        if q < EXACT_BELOW {
            q as u32
        } else {
            let e = 63 - q.leading_zeros() as u64 - 11;
            ((e << 11) + (q >> e)) as u32
        }
    }

    /// The value that stands for bucket `b`: its step, or the middle of
    /// its steps.
    fn value(&self, b: u32) -> f64 {
        let b = u64::from(b);
        let q = if b < EXACT_BELOW {
            b as f64
        } else {
            let e = (b >> 11) - 1;
            let mant = b - (e << 11);
            (mant << e) as f64 + ((1u64 << e) as f64 - 1.0) / 2.0
        };
        q / self.scale
    }

    /// Adds one value.
    ///
    /// # Panics
    /// When its bucket already holds `u32::MAX` values.
    pub fn add(&mut self, x: f64) {
        let b = self.bucket(x);
        let i = b.wrapping_sub(self.lo) as usize;
        let c = match self.counts.get_mut(i) {
            Some(c) => c,
            None => {
                self.grow_to(b);
                &mut self.counts[(b - self.lo) as usize]
            }
        };
        *c = c
            .checked_add(1)
            .expect("at most u32::MAX values in a bucket");
        self.n += 1;
    }

    /// Extends the buckets kept to bucket `b`, with room beyond it for half
    /// as many again, so that a range widening value by value is copied a
    /// few times only (the first chunk of a run widens it most).
    fn grow_to(&mut self, b: u32) {
        let len = self.counts.len() as u32;
        let room = (len / 2).max(16);
        let (lo, hi) = if len == 0 {
            (b.saturating_sub(room / 2), b + room / 2 + 1)
        } else if b < self.lo {
            (b.saturating_sub(room), self.lo + len)
        } else {
            (self.lo, b + room + 1)
        };
        let mut counts = vec![0; (hi - lo) as usize];
        let at = (self.lo.max(lo) - lo) as usize;
        counts[at..at + len as usize].copy_from_slice(&self.counts);
        self.counts = counts;
        self.lo = lo;
    }

    /// Number of values added.
    pub fn len(&self) -> u64 {
        self.n
    }

    /// Whether no value was added.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Quantile `q` (type 7 over the bucket values).
    pub fn quantile(&self, q: f64) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        let h = (self.n - 1) as f64 * q;
        let lo = h.floor() as u64;
        let hi = h.ceil() as u64;
        let (vlo, vhi) = (self.at_rank(lo), self.at_rank(hi));
        vlo + (h - lo as f64) * (vhi - vlo)
    }

    /// The value of the `r`-th smallest value's bucket (from 0); the largest
    /// bucket's beyond the last.
    fn at_rank(&self, r: u64) -> f64 {
        let mut seen = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            seen += u64::from(c);
            if seen > r {
                return self.value(self.lo + i as u32);
            }
        }
        self.counts
            .iter()
            .rposition(|&c| c > 0)
            .map_or(f64::NAN, |i| self.value(self.lo + i as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_written_in_numeric_order_and_read_in_any() {
        let s = Summary::of(&[1.0, 2.0, 3.0, 4.0]);
        let json = serde_json::to_string(&s).unwrap();
        let at = |k: &str| json.find(&format!("\"{k}\"")).unwrap();
        for w in PERCENTILE_NAMES.windows(2) {
            assert!(at(w[0]) < at(w[1]), "{json}");
        }
        // The alphabetical order of files written before is read too (a
        // `serde_json::Value` map sorts its keys).
        let old = serde_json::to_value(&s).unwrap().to_string();
        assert!(old.find("\"p10\"") < old.find("\"p5\""), "{old}");
        let back: Summary = serde_json::from_str(&old).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn type7_quantiles() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile_sorted(&v, 0.5), 3.0);
        assert_eq!(quantile_sorted(&v, 0.25), 2.0);
        assert!((quantile_sorted(&v, 0.9) - 4.6).abs() < 1e-12);
        assert_eq!(quantile_sorted(&[7.0], 0.95), 7.0);
    }

    #[test]
    fn summary_skips_undefined() {
        let s = Summary::of(&[f64::NAN, 1.0, 3.0]);
        assert_eq!(s.n, 2);
        assert_eq!(s.mean, Some(2.0));
        assert_eq!(s.pct("p50"), Some(2.0));
        let e = Summary::of(&[f64::NAN]);
        assert_eq!(e.n, 0);
        assert_eq!(e.mean, None);
    }

    #[test]
    fn histogram_exact_for_small_integers() {
        let mut h = Histogram::new(1.0);
        let mut v = Vec::new();
        for i in 0..1000u64 {
            let x = ((i * 7919) % 301) as f64;
            h.add(x);
            v.push(x);
        }
        v.sort_unstable_by(f64::total_cmp);
        for q in PERCENTILES {
            assert_eq!(h.quantile(q), quantile_sorted(&v, q), "q = {q}");
        }
    }

    /// What the histogram gave when it kept a map of quantised keys: the
    /// type-7 quantile over each value's bucket value.
    fn keyed_quantile(scale: f64, xs: &[f64], q: f64) -> f64 {
        let bucket_value = |x: f64| {
            let q = (x.max(0.0) * scale).round().min(1e18) as u64;
            let key = if q < EXACT_BELOW {
                q
            } else {
                let e = 63 - u64::from(q.leading_zeros()) - 11;
                (e << 12) | (q >> e)
            };
            let v = if key < EXACT_BELOW {
                key as f64
            } else {
                let e = key >> 12;
                let mant = key & (EXACT_BELOW - 1);
                (mant << e) as f64 + ((1u64 << e) as f64 - 1.0) / 2.0
            };
            v / scale
        };
        let mut v: Vec<f64> = xs.iter().map(|&x| bucket_value(x)).collect();
        v.sort_unstable_by(f64::total_cmp);
        quantile_sorted(&v, q)
    }

    #[test]
    fn histogram_grows_at_either_end() {
        let mut h = Histogram::new(1.0);
        let xs: Vec<f64> = (0..3000).rev().map(|i| f64::from(i) * 7.0).collect();
        for &x in &xs {
            h.add(x);
        }
        assert_eq!(h.len(), 3000);
        for q in [0.0, 0.05, 0.5, 0.95, 1.0, 1.5] {
            assert_eq!(
                h.quantile(q).to_bits(),
                keyed_quantile(1.0, &xs, q.min(1.0)).to_bits(),
                "q = {q}"
            );
        }
        assert!(Histogram::new(1.0).quantile(0.5).is_nan());
    }

    proptest::proptest! {
        #[test]
        fn histogram_close_for_large_values(xs in proptest::collection::vec(0.0f64..1e6, 1..300), q in 0.0f64..1.0) {
            let mut h = Histogram::new(100.0);
            for &x in &xs { h.add(x); }
            let mut v = xs.clone();
            v.sort_unstable_by(f64::total_cmp);
            let exact = quantile_sorted(&v, q);
            let approx = h.quantile(q);
            // 12 significant bits: relative error below 2^-11, plus the 0.01 step.
            proptest::prop_assert!((approx - exact).abs() <= exact * 5e-4 + 0.011,
                "exact {} approx {}", exact, approx);
        }

        #[test]
        fn histogram_buckets_are_those_of_the_keyed_map(
            xs in proptest::collection::vec(
                proptest::prop_oneof![0.0f64..50.0, 0.0f64..1e5, 0.0f64..1e12, -1.0f64..0.0],
                1..300,
            ),
            q in 0.0f64..1.0,
            scale in proptest::prop_oneof![proptest::strategy::Just(1.0), proptest::strategy::Just(100.0), proptest::strategy::Just(10_000.0)],
        ) {
            let mut h = Histogram::new(scale);
            for &x in &xs { h.add(x); }
            proptest::prop_assert_eq!(h.quantile(q).to_bits(), keyed_quantile(scale, &xs, q).to_bits());
        }
    }
}
