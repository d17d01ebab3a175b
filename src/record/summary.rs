//! `summary.csv`: one row of metrics per replicate, each column declared once in [`METRICS`].

use crate::Error;
use crate::engine::{Observer, Round};
use crate::model::Action;
use crate::record::stats::Range;
use crate::scenario::Scenario;

/// The values a metric can take, so that its confidence interval stays among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// A share or an index: [0, 1].
    Unit,
    /// A difference of two shares: [−1, 1].
    Signed,
    /// A count or an index of rounds: [0, rounds].
    Rounds,
    /// No bound.
    Any,
}

impl Span {
    /// The range in a scenario of `rounds` rounds.
    pub fn range(self, rounds: usize) -> Range {
        match self {
            Span::Unit => Range::Between(0.0, 1.0),
            Span::Signed => Range::Between(-1.0, 1.0),
            Span::Rounds => Range::Between(0.0, rounds as f64),
            Span::Any => Range::Unbounded,
        }
    }

    /// How `docs/MODEL.md` writes it.
    pub fn doc(self) -> &'static str {
        match self {
            Span::Unit => "[0, 1]",
            Span::Signed => "[−1, 1]",
            Span::Rounds => "[0, rounds]",
            Span::Any => "any",
        }
    }
}

/// One column of `summary.csv`, declared once: its name, its definition, and how it is read
/// off a replicate's [`SummaryRecorder`]. A name holding `{id}` is a metric of each agent,
/// one column per agent; headers, values, the docs' table and the charted metrics all
/// derive from [`METRICS`].
pub struct Metric {
    pub name: &'static str,
    /// The values it can take.
    pub span: Span,
    /// The definition, as `docs/MODEL.md` gives it.
    pub doc: &'static str,
    /// A share of rounds, or an index in [0, 1], drawn in `compare`'s bar chart.
    pub compare_chart: bool,
    /// Drawn in a sweep's charts.
    pub sweep_chart: bool,
    /// The value for agent `k` (ignored by metrics of the relationship); `None` is an empty cell.
    value: fn(&SummaryRecorder, usize) -> Option<f64>,
}

impl Metric {
    const fn of(
        name: &'static str,
        span: Span,
        doc: &'static str,
        value: fn(&SummaryRecorder, usize) -> Option<f64>,
    ) -> Self {
        Self {
            name,
            span,
            doc,
            compare_chart: false,
            sweep_chart: false,
            value,
        }
    }

    const fn charted(self, sweep: bool) -> Self {
        Self {
            compare_chart: true,
            sweep_chart: sweep,
            ..self
        }
    }

    /// Whether this is a metric of each agent rather than of the relationship.
    pub fn per_agent(&self) -> bool {
        self.name.contains("{id}")
    }

    /// The column's name for agent `id`.
    pub fn column(&self, id: &str) -> String {
        self.name.replace("{id}", id)
    }
}

/// The metrics in groups: the columns of a group of per-agent metrics come agent by agent
/// (`engage_<a>`, `markers_<a>`, `retaliate_<a>`, `engage_<b>`, ...).
pub const METRICS: &[&[Metric]] = &[
    &[
        Metric::of("engage_{id}", Span::Unit,
            "share of rounds in which the agent engaged (realised actions)",
            |s, k| s.share(s.counts[k][0]),
        ),
        Metric::of("markers_{id}", Span::Unit,
            "share of rounds in which the agent laid down markers",
            |s, k| s.share(s.counts[k][1]),
        ),
        Metric::of("retaliate_{id}", Span::Unit,
            "share of rounds in which the agent retaliated",
            |s, k| s.share(s.counts[k][2]),
        ),
    ],
    &[
        Metric::of("mutual_engagement", Span::Unit, "share of rounds in which both engaged", |s, _| {
            s.share(s.mutual[0])
        })
        .charted(true),
        Metric::of("spin_cycle", Span::Unit,
            "share of rounds in which both laid down markers — the essay's \"narrative spin cycle\"",
            |s, _| s.share(s.mutual[1]),
        )
        .charted(true),
        Metric::of("escalation", Span::Unit, "share of rounds in which both retaliated", |s, _| {
            s.share(s.mutual[2])
        })
        .charted(true),
        Metric::of("mean_tension", Span::Unit, "mean of end-of-round tension", |s, _| {
            Some(s.tension_sum / s.rounds_f64())
        })
        .charted(true),
        Metric::of("max_tension", Span::Unit, "maximum of end-of-round tension", |s, _| {
            Some(if s.rounds == 0 { 0.0 } else { s.tension_max })
        }),
        Metric::of("crisis_rounds", Span::Rounds,
            "number of rounds with end-of-round tension ≥ `crisis`",
            |s, _| Some(f64::from(s.crisis_rounds)),
        ),
        Metric::of("reached_mutual_engagement", Span::Unit,
            "1 if both engaged in some round, else 0: its mean is the share of replicates in which `first_mutual_engagement` exists",
            |s, _| Some(if s.first_mutual.is_some() { 1.0 } else { 0.0 }),
        ),
        Metric::of("first_mutual_engagement", Span::Rounds,
            "first round in which both engaged; empty if none",
            |s, _| s.first_mutual.map(|r| r as f64),
        ),
        Metric::of("longest_engagement_streak", Span::Rounds,
            "longest run of consecutive mutual-engagement rounds",
            |s, _| Some(f64::from(s.longest_streak)),
        ),
    ],
    &[Metric::of("payoff_{id}", Span::Any, "total payoff over all rounds", |s, k| {
        Some(s.payoff[k])
    })],
    &[Metric::of("final_trust_{id}", Span::Unit, "trust at the end of the last round", |s, k| {
        Some(s.trust[k])
    })],
    &[Metric::of("symmetry", Span::Unit,
        "1 − total variation distance between the two agents' action distributions: 1 when both play the three actions in the same proportions, 0 when they never play the same action",
        |s, _| {
            let tvd: f64 = (0..3)
                .map(|i| (f64::from(s.counts[0][i]) - f64::from(s.counts[1][i])).abs())
                .sum::<f64>()
                / (2.0 * s.rounds_f64());
            Some(1.0 - tvd)
        },
    )
    .charted(false)],
    &[Metric::of("blame_gap_{id}", Span::Signed,
        "(retaliations this agent perceived − retaliations the other really made) / rounds: positive when it sees more hostility than there was",
        |s, k| {
            let really = f64::from(s.counts[1 - k][Action::Retaliate.index()]);
            Some((f64::from(s.perceived_retaliations[k]) - really) / s.rounds_f64())
        },
    )],
];

/// Every column after `replicate`, in order: the metric and the agent it is for (0 for
/// metrics of the relationship).
pub fn columns() -> impl Iterator<Item = (&'static Metric, usize)> {
    METRICS.iter().flat_map(|group| {
        let agents = if group.iter().any(Metric::per_agent) { 2 } else { 1 };
        (0..agents).flat_map(move |k| group.iter().map(move |m| (m, k)))
    })
}

/// The metric columns for agents `<a>` and `<b>`, after `replicate`.
pub fn metric_names(ids: [&str; 2]) -> Vec<String> {
    columns().map(|(m, k)| m.column(ids[k])).collect()
}

/// The range of each column of [`metric_names`], in a scenario of `rounds` rounds.
pub fn ranges(rounds: usize) -> Vec<Range> {
    columns().map(|(m, _)| m.span.range(rounds)).collect()
}

/// The metrics of the relationship as a whole, named alike in every scenario.
pub fn relationship_metrics() -> impl Iterator<Item = &'static Metric> {
    METRICS.iter().flat_map(|g| g.iter()).filter(|m| !m.per_agent())
}

/// Accumulates one replicate's metrics as its rounds go by.
#[derive(Debug, Clone)]
pub struct SummaryRecorder {
    crisis: f64,
    rounds: usize,
    /// counts[agent][action]
    counts: [[u32; 3]; 2],
    mutual: [u32; 3],
    tension_sum: f64,
    tension_max: f64,
    crisis_rounds: u32,
    first_mutual: Option<usize>,
    streak: u32,
    longest_streak: u32,
    payoff: [f64; 2],
    trust: [f64; 2],
    perceived_retaliations: [u32; 2],
}

impl SummaryRecorder {
    pub fn new(crisis: f64) -> Self {
        Self {
            crisis,
            rounds: 0,
            counts: [[0; 3]; 2],
            mutual: [0; 3],
            tension_sum: 0.0,
            tension_max: f64::NEG_INFINITY,
            crisis_rounds: 0,
            first_mutual: None,
            streak: 0,
            longest_streak: 0,
            payoff: [0.0; 2],
            trust: [0.0; 2],
            perceived_retaliations: [0; 2],
        }
    }

    /// The metrics in the order of [`metric_names`]; `None` is an empty cell.
    pub fn values(&self) -> Vec<Option<f64>> {
        columns().map(|(m, k)| (m.value)(self, k)).collect()
    }

    /// [`SummaryRecorder::values`], each finite: otherwise the error names the first metric
    /// that is not, so that a result that overflowed is never written as a number.
    pub fn finite_values(&self, scenario: &Scenario, replicate: usize) -> Result<Vec<Option<f64>>, Error> {
        let values = self.values();
        match values.iter().position(|v| v.is_some_and(|x| !x.is_finite())) {
            None => Ok(values),
            Some(i) => Err(Error::NotFinite {
                scenario: scenario.name.clone(),
                replicate: replicate + 1,
                metric: metric_names(scenario.ids()).swap_remove(i),
            }),
        }
    }

    /// Rounds played, at least 1 so that shares of no rounds are 0.
    fn rounds_f64(&self) -> f64 {
        self.rounds.max(1) as f64
    }

    fn share(&self, count: u32) -> Option<f64> {
        Some(f64::from(count) / self.rounds_f64())
    }
}

impl Observer for SummaryRecorder {
    // Counts are added as 0 or 1 rather than under `if`: they follow random actions, and a
    // branch on them would be mispredicted as often as not.
    #[inline]
    fn round(&mut self, r: &Round<'_>) {
        self.rounds += 1;
        for k in 0..2 {
            self.counts[k][r.actions[k].index()] += 1;
            self.payoff[k] += r.payoffs[k];
            self.perceived_retaliations[k] += u32::from(r.perceived[k] == Action::Retaliate);
        }
        self.trust = r.trust;
        self.mutual[r.actions[0].index()] += u32::from(r.actions[0] == r.actions[1]);
        let both_engage = (r.actions[0] == Action::Engage) & (r.actions[1] == Action::Engage);
        if self.first_mutual.is_none() && both_engage {
            self.first_mutual = Some(r.round);
        }
        self.streak = (self.streak + 1) * u32::from(both_engage);
        self.longest_streak = self.longest_streak.max(self.streak);
        self.tension_sum += r.tension;
        self.tension_max = self.tension_max.max(r.tension);
        self.crisis_rounds += u32::from(r.tension >= self.crisis);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payoff_that_overflowed_is_an_error_naming_the_metric_never_a_value() {
        let sc = crate::scenario::load(std::path::Path::new("tests/fixtures/three_rounds.toml")).unwrap();
        let mut rec = SummaryRecorder::new(0.0);
        // As after three calm rounds.
        rec.rounds = 3;
        rec.tension_max = 0.0;
        assert!(rec.finite_values(&sc, 0).is_ok());
        rec.payoff[1] = f64::INFINITY;
        match rec.finite_values(&sc, 4) {
            Err(Error::NotFinite { replicate, metric, .. }) => {
                assert_eq!(replicate, 5);
                assert!(metric.contains("payoff") && metric.ends_with(sc.ids()[1]), "{metric}");
            }
            other => panic!("expected NotFinite, got {other:?}"),
        }
    }
}
