//! Small multiples: charts of the same kind stacked in one image, so that more series than
//! one chart's eight distinct colours can be read, eight to a panel.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, SIZE, palette};

/// Panels drawn one under another, each at the size of a single chart.
pub struct Panels<C> {
    pub panels: Vec<C>,
}

impl<C> Panels<C> {
    /// Splits `items` into groups of at most [`palette::DISTINCT`] and makes one panel of each
    /// with `panel(group, first index, total)`.
    pub fn of<T>(items: &[T], panel: impl Fn(&[T], usize, usize) -> C) -> Self {
        let panels = items
            .chunks(palette::DISTINCT)
            .enumerate()
            .map(|(k, group)| panel(group, k * palette::DISTINCT, items.len()))
            .collect::<Vec<_>>();
        Self {
            panels: if panels.is_empty() {
                vec![panel(&[], 0, 0)]
            } else {
                panels
            },
        }
    }
}

/// " (9-16 of 20)" for a panel of several, nothing for a single chart.
pub fn which(first: usize, len: usize, total: usize) -> String {
    if total <= palette::DISTINCT {
        String::new()
    } else {
        format!(" ({}-{} of {total})", first + 1, first + len)
    }
}

impl<C: Chart> Chart for Panels<C> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        for (panel, sub) in self.panels.iter().zip(area.split_evenly((self.panels.len(), 1))) {
            panel.draw(&sub)?;
        }
        Ok(())
    }

    fn size(&self) -> (u32, u32) {
        (SIZE.0, SIZE.1 * self.panels.len() as u32)
    }
}
