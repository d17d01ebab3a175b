//! CSV encoding of the tables the result folders hold: numbers as `record::format` writes
//! them, every row built in memory by the csv crate.

use crate::engine::Plan;
use crate::record::ensemble::{self, Ensemble};
use crate::record::format::{NumBuffer, num, num_string};

/// One CSV record, with its line end.
pub fn line<I: AsRef<[u8]>>(fields: impl IntoIterator<Item = I>) -> Vec<u8> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(fields).expect("writing to memory cannot fail");
    w.into_inner().expect("writing to memory cannot fail")
}

/// Many CSV records.
pub fn lines<I: AsRef<[u8]>, R: IntoIterator<Item = I>>(records: impl IntoIterator<Item = R>) -> Vec<u8> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for r in records {
        w.write_record(r).expect("writing to memory cannot fail");
    }
    w.into_inner().expect("writing to memory cannot fail")
}

/// A summary row: the `lead` fields (the scenario's name and seed), the replicate's number
/// (1-based), then its metrics (`None`: an empty cell).
pub fn summary_row<W: std::io::Write>(
    w: &mut ::csv::Writer<W>,
    lead: &[Vec<u8>],
    replicate: usize,
    values: &[Option<f64>],
    buf: &mut NumBuffer,
) -> ::csv::Result<()> {
    for field in lead {
        w.write_field(field)?;
    }
    w.write_field(replicate.to_string())?;
    for v in values {
        w.write_field(v.map_or(&b""[..], |x| num(x, buf)))?;
    }
    w.write_record(None::<&[u8]>)
}

/// `ensemble.csv`: one row per round.
pub fn ensemble(plan: &Plan<'_>, ensemble: &Ensemble) -> Vec<u8> {
    let ids = plan.scenario.ids();
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut buf = NumBuffer::new();
    w.write_record(ensemble::header(ids)).expect("in memory");
    for (t, (bands, shares)) in ensemble.bands().iter().zip(ensemble.shares()).enumerate() {
        w.write_field((t + 1).to_string()).expect("in memory");
        w.write_field(plan.date(t + 1)).expect("in memory");
        for b in &bands[..ensemble::CSV_SERIES] {
            for x in [b.mean, b.p05, b.p50, b.p95] {
                w.write_field(num(x, &mut buf)).expect("in memory");
            }
        }
        for agent in shares {
            for x in agent {
                w.write_field(num(x, &mut buf)).expect("in memory");
            }
        }
        w.write_record(None::<&[u8]>).expect("in memory");
    }
    w.into_inner().expect("in memory")
}

/// A matrix with names as row and column labels, under a `strategy` corner.
pub fn matrix(names: &[String], m: &[Vec<f64>]) -> Vec<u8> {
    let header = std::iter::once("strategy".to_string()).chain(names.iter().cloned());
    let rows = names.iter().zip(m).map(|(name, row)| {
        std::iter::once(name.clone())
            .chain(row.iter().map(|x| num_string(*x)))
            .collect::<Vec<_>>()
    });
    lines(std::iter::once(header.collect::<Vec<_>>()).chain(rows))
}
