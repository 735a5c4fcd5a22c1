//! The distributions the model draws from, shared by the engine, the
//! workforce and `describe`: case attributes ([`Sampler`], one per stage
//! attribute in [`StageSamplers`]), recruitment lead times, and sickness
//! spell lengths ([`Spell`], with its length-biased form for the stationary
//! start). The one conversion of a lognormal's mean and cv into (μ, σ) is
//! [`lognormal_params`].

use crate::error::Error;
use crate::scenario::Dist;
use rand_distr::{Distribution, Exp, Gamma, LogNormal, StandardNormal};

/// (μ, σ) of the lognormal with the given mean and coefficient of variation:
/// σ² = ln(1 + cv²), μ = ln(mean) − σ²/2.
pub(crate) fn lognormal_params(mean: f64, cv: f64) -> (f64, f64) {
    let s2 = (1.0 + cv * cv).ln();
    (mean.ln() - s2 / 2.0, s2.sqrt())
}

/// A distribution ready to sample.
#[derive(Debug, Clone)]
pub(crate) enum Sampler {
    Fixed(f64),
    Gamma(Gamma<f64>),
    LogNormal(LogNormal<f64>),
    Exp(Exp<f64>),
}

impl Sampler {
    pub(crate) fn new(d: &Dist, key: &str) -> Result<Sampler, Error> {
        let bad = |e: String| Error::Internal {
            message: format!("{key}: cannot build the distribution: {e}"),
        };
        Ok(match *d {
            Dist::Fixed { mean } => Sampler::Fixed(mean),
            Dist::Gamma { mean, cv } => {
                let shape = 1.0 / (cv * cv);
                Sampler::Gamma(Gamma::new(shape, mean / shape).map_err(|e| bad(e.to_string()))?)
            }
            Dist::Lognormal { mean, cv } => {
                let (mu, sigma) = lognormal_params(mean, cv);
                Sampler::LogNormal(LogNormal::new(mu, sigma).map_err(|e| bad(e.to_string()))?)
            }
            Dist::Exponential { mean } => {
                Sampler::Exp(Exp::new(1.0 / mean).map_err(|e| bad(e.to_string()))?)
            }
        })
    }

    /// A lognormal with the given mean and cv; falls back to the fixed mean
    /// only for parameters validation rejects (mean or cv not above 0).
    pub(crate) fn lognormal(mean: f64, cv: f64) -> Sampler {
        Sampler::new(&Dist::Lognormal { mean, cv }, "lognormal").unwrap_or(Sampler::Fixed(mean))
    }

    pub(crate) fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Sampler::Fixed(x) => *x,
            Sampler::Gamma(g) => g.sample(rng),
            Sampler::LogNormal(l) => l.sample(rng),
            Sampler::Exp(e) => e.sample(rng),
        }
    }

    /// A whole number of working days: the draw rounded up, at least 1.
    pub(crate) fn sample_days<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> u32 {
        let x = self.sample(rng).ceil();
        if x.is_finite() && x >= 1.0 {
            x.min(100_000.0) as u32
        } else {
            1
        }
    }
}

/// Samplers of one stage.
#[derive(Debug, Clone)]
pub(crate) struct StageSamplers {
    pub(crate) hours: Sampler,
    pub(crate) min_days: Sampler,
    pub(crate) cap: f64,
}

/// A lognormal spell-length component, kept as (μ, σ) so that its
/// length-biased version LN(μ + σ², σ) can be drawn too.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spell {
    mu: f64,
    sigma: f64,
}

impl Spell {
    pub(crate) fn new(mean: f64, cv: f64) -> Spell {
        let (mu, sigma) = lognormal_params(mean, cv);
        Spell { mu, sigma }
    }

    pub(crate) fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let z: f64 = StandardNormal.sample(rng);
        (self.mu + self.sigma * z).exp()
    }

    pub(crate) fn sample_length_biased<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let z: f64 = StandardNormal.sample(rng);
        (self.mu + self.sigma * self.sigma + self.sigma * z).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn lognormal_params_give_the_mean_and_cv() {
        let (mu, sigma) = lognormal_params(90.0, 0.5);
        let mean = (mu + sigma * sigma / 2.0).exp();
        let cv = ((sigma * sigma).exp() - 1.0).sqrt();
        assert!((mean - 90.0).abs() < 1e-9 && (cv - 0.5).abs() < 1e-12);
    }

    #[test]
    fn samplers_have_their_means() {
        // Mean of 20,000 draws within 4 standard errors.
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(3);
        for (d, cv) in [
            (
                Dist::Gamma {
                    mean: 16.0,
                    cv: 0.6,
                },
                0.6,
            ),
            (
                Dist::Lognormal {
                    mean: 16.0,
                    cv: 0.6,
                },
                0.6,
            ),
            (Dist::Exponential { mean: 16.0 }, 1.0),
            (Dist::Fixed { mean: 16.0 }, 0.0),
        ] {
            let s = Sampler::new(&d, "t").unwrap();
            let n = 20_000;
            let m = (0..n).map(|_| s.sample(&mut rng)).sum::<f64>() / f64::from(n);
            let se = 16.0 * cv / f64::from(n).sqrt();
            assert!((m - 16.0).abs() <= 4.0 * se + 1e-12, "{d:?}: {m}");
        }
        assert_eq!(
            Sampler::new(&Dist::Fixed { mean: 2.0 }, "t")
                .unwrap()
                .sample_days(&mut rng),
            2
        );
        assert_eq!(
            Sampler::new(&Dist::Fixed { mean: 2.2 }, "t")
                .unwrap()
                .sample_days(&mut rng),
            3
        );
        assert_eq!(
            Sampler::new(&Dist::Fixed { mean: 0.0 }, "t")
                .unwrap()
                .sample_days(&mut rng),
            1
        );
    }
}
