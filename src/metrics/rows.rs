//! The KPI rows of every replication, kept compactly.
//!
//! A run of 100,000 replications keeps every replication's KPIs of every
//! window (the exact quantiles, `runs.csv` and the paired comparisons need
//! them all), so they are what grows with the runs. They are one vector of
//! `f64`, replication after replication, window after window, in the order
//! of the KPIs: no vector per replication or window, and the same values
//! as the rows the collector gives.

/// The KPIs of every replication: `get(rep, period, kpi)`, in one vector.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KpiRows {
    periods: usize,
    kpis: usize,
    values: Vec<f64>,
}

impl KpiRows {
    /// No replications yet, of `periods` windows of `kpis` KPIs each.
    pub fn new(periods: usize, kpis: usize) -> KpiRows {
        KpiRows {
            periods,
            kpis,
            values: Vec::new(),
        }
    }

    /// As [`KpiRows::new`], with room for `runs` replications.
    pub fn with_capacity(periods: usize, kpis: usize, runs: usize) -> KpiRows {
        KpiRows {
            periods,
            kpis,
            values: Vec::with_capacity(runs * periods * kpis),
        }
    }

    /// Adds the next replication: one row of KPIs per window.
    ///
    /// # Panics
    /// When the rows are not one per window of one value per KPI.
    pub fn push<R: AsRef<[f64]>>(&mut self, rows: &[R]) {
        assert_eq!(rows.len(), self.periods, "one KPI row per window");
        for row in rows {
            let row = row.as_ref();
            assert_eq!(row.len(), self.kpis, "one value per KPI");
            self.values.extend_from_slice(row);
        }
    }

    /// Number of replications.
    pub fn len(&self) -> usize {
        self.values
            .len()
            .checked_div(self.periods * self.kpis)
            .unwrap_or(0)
    }

    /// Whether there is no replication.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Windows per replication.
    pub fn periods(&self) -> usize {
        self.periods
    }

    /// KPIs per window.
    pub fn kpis(&self) -> usize {
        self.kpis
    }

    fn at(&self, rep: usize, period: usize, kpi: usize) -> usize {
        assert!(
            period < self.periods && kpi < self.kpis,
            "window {period} KPI {kpi} of {} × {}",
            self.periods,
            self.kpis
        );
        (rep * self.periods + period) * self.kpis + kpi
    }

    /// KPI `kpi` of window `period` in replication `rep`.
    pub fn get(&self, rep: usize, period: usize, kpi: usize) -> f64 {
        self.values[self.at(rep, period, kpi)]
    }

    /// Sets KPI `kpi` of window `period` in replication `rep`.
    pub fn set(&mut self, rep: usize, period: usize, kpi: usize, x: f64) {
        let i = self.at(rep, period, kpi);
        self.values[i] = x;
    }

    /// Replication `rep`: its rows, one per window.
    pub fn run(&self, rep: usize) -> RunKpis<'_> {
        let n = self.periods * self.kpis;
        RunKpis {
            kpis: self.kpis,
            values: &self.values[rep * n..(rep + 1) * n],
        }
    }

    /// The first replication, if any.
    pub fn first(&self) -> Option<RunKpis<'_>> {
        (!self.is_empty()).then(|| self.run(0))
    }

    /// The replications in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = RunKpis<'_>> + '_ {
        (0..self.len()).map(|rep| self.run(rep))
    }

    /// KPI `kpi` of window `period` in each replication, in order (`NaN`
    /// where it is not defined): one column, read in place.
    pub fn column(&self, period: usize, kpi: usize) -> impl ExactSizeIterator<Item = f64> + '_ {
        let first = if self.is_empty() {
            0
        } else {
            self.at(0, period, kpi)
        };
        let step = (self.periods * self.kpis).max(1);
        (0..self.len()).map(move |rep| self.values[first + rep * step])
    }

    /// Every value, replication after replication, window after window.
    pub fn values_mut(&mut self) -> &mut [f64] {
        &mut self.values
    }
}

impl<'a> IntoIterator for &'a KpiRows {
    type Item = RunKpis<'a>;
    type IntoIter = Box<dyn ExactSizeIterator<Item = RunKpis<'a>> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// The KPI rows of one replication: `run[period][kpi]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunKpis<'a> {
    kpis: usize,
    values: &'a [f64],
}

impl<'a> RunKpis<'a> {
    /// Number of windows.
    pub fn len(&self) -> usize {
        self.values.len() / self.kpis.max(1)
    }

    /// Whether there is no window.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The row of window `period`, if there is one.
    pub fn get(&self, period: usize) -> Option<&'a [f64]> {
        (period < self.len()).then(|| &self.values[period * self.kpis..(period + 1) * self.kpis])
    }

    /// The rows, one per window.
    pub fn iter(&self) -> std::slice::ChunksExact<'a, f64> {
        self.values.chunks_exact(self.kpis.max(1))
    }
}

impl std::ops::Index<usize> for RunKpis<'_> {
    type Output = [f64];

    fn index(&self, period: usize) -> &[f64] {
        &self.values[period * self.kpis..(period + 1) * self.kpis]
    }
}

impl<'a> IntoIterator for RunKpis<'a> {
    type Item = &'a [f64];
    type IntoIter = std::slice::ChunksExact<'a, f64>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_back_by_replication_window_and_kpi() {
        let mut t = KpiRows::new(2, 3);
        assert!(t.is_empty());
        t.push(&[vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]]);
        t.push(&[[7.0, 8.0, 9.0], [10.0, 11.0, f64::NAN]]);
        assert_eq!(t.len(), 2);
        assert_eq!(t.get(1, 0, 2), 9.0);
        assert_eq!(t.run(0)[1], [4.0, 5.0, 6.0]);
        assert_eq!(t.run(1).len(), 2);
        assert_eq!(t.column(1, 1).collect::<Vec<_>>(), [5.0, 11.0]);
        assert_eq!(t.iter().map(|r| r[0][0]).collect::<Vec<_>>(), [1.0, 7.0]);
        assert_eq!(t.run(0).get(2), None);
        t.set(1, 1, 2, 12.0);
        assert_eq!(t.run(1).iter().flatten().sum::<f64>(), 57.0);
        assert_eq!(KpiRows::new(2, 3).column(1, 1).count(), 0);
    }
}
