//! CSV encoding of the tables the result folders hold: numbers as `record::format` writes
//! them, every row built in memory by the csv crate but those of `ensemble.csv`, written
//! directly.

use crate::engine::Plan;
use crate::record::ensemble::{self, Ensemble};
use crate::record::format::{Digits, NUM_MAX, NumBuffer, field, num, num_string, write_num};

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

/// `ensemble.csv`: one row per round. Past the header every field but the date is a number,
/// which never needs quoting, so rows are written directly rather than field by field
/// through the csv crate: a long horizon's file has millions of them.
pub fn ensemble(plan: &Plan<'_>, ensemble: &Ensemble) -> Vec<u8> {
    let mut out = Vec::new();
    ensemble_rows(plan, ensemble, |row| {
        out.extend_from_slice(row);
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    out
}

/// [`ensemble()`]'s header and rows handed to `emit` one by one, so that a file can take them
/// as they come rather than hold them all (17 MB at 100,000 rounds).
pub fn ensemble_rows<E>(
    plan: &Plan<'_>,
    ensemble: &Ensemble,
    mut emit: impl FnMut(&[u8]) -> Result<(), E>,
) -> Result<(), E> {
    emit(&line(ensemble::header(plan.scenario.ids())))?;
    let mut row = Vec::new();
    let mut slot = [0; NUM_MAX];
    let mut digits = Digits::default();
    let mut round = itoa::Buffer::new();
    for (t, bands) in ensemble.bands().iter().enumerate() {
        row.clear();
        row.extend_from_slice(round.format(t + 1).as_bytes());
        row.push(b',');
        row.extend_from_slice(&field(plan.date(t + 1)));
        let spread = bands[..ensemble::CSV_SERIES]
            .iter()
            .flat_map(|b| [b.mean, b.p05, b.p50, b.p95]);
        for x in spread.chain(ensemble.share(t).into_iter().flatten()) {
            row.push(b',');
            let len = write_num(x, &mut slot, &mut digits);
            row.extend_from_slice(&slot[..len]);
        }
        row.push(b'\n');
        emit(&row)?;
    }
    Ok(())
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
