//! Charts of `coexist compare`: scenarios overlaid on shared axes, and their main metrics
//! side by side with confidence intervals.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bands::format_tick;
use super::{Chart, DrawResult, bold, palette, series_legend, text};
use crate::record::stats::MeanCi;

/// Grouped bars: one group per metric, one bar per scenario, with 95% CI whiskers.
pub struct MetricBars {
    pub title: String,
    pub metrics: Vec<String>,
    pub scenarios: Vec<String>,
    /// `values[scenario][metric]`
    pub values: Vec<Vec<Option<MeanCi>>>,
}

impl Chart for MetricBars {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        let groups = self.metrics.len().max(1);
        let bars = self.scenarios.len().max(1);
        let top = self
            .values
            .iter()
            .flatten()
            .flatten()
            .map(|c| c.high)
            .fold(0.0_f64, f64::max);
        let y1 = if top > 0.0 { (top * 1.15).max(0.05) } else { 1.0 };
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, bold(24))
            .margin(18)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(0.0..groups as f64, 0.0..y1)?;
        let metrics = self.metrics.clone();
        let x_fmt = move |x: &f64| {
            let i = x - 0.5;
            if i >= 0.0 && (i - i.round()).abs() < 1e-6 {
                metrics.get(i.round() as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        let y_fmt = |y: &f64| format_tick(*y);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_desc("Mean across replicates (95% CI)")
            .axis_desc_style(text(17))
            .label_style(text(15))
            .x_labels(groups * 2 + 1)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .max_light_lines(1)
            .light_line_style(RGBColor(0xF2, 0xF2, 0xF2))
            .draw()?;
        let width = 0.8 / bars as f64;
        for (s, name) in self.scenarios.iter().enumerate() {
            let (color, _) = palette::series(s);
            let rects = self.values[s].iter().enumerate().filter_map(|(m, v)| {
                let v = (*v)?;
                let x = m as f64 + 0.1 + s as f64 * width;
                Some(Rectangle::new([(x, 0.0), (x + width * 0.92, v.mean)], color.filled()))
            });
            chart
                .draw_series(rects)?
                .label(name.clone())
                .legend(move |(x, y)| Rectangle::new([(x, y - 7), (x + 18, y + 7)], color.filled()));
            for (m, v) in self.values[s].iter().enumerate() {
                let Some(v) = v else { continue };
                let xc = m as f64 + 0.1 + (s as f64 + 0.46) * width;
                let ink = palette::INK.stroke_width(2);
                let cap = width * 0.2;
                chart.draw_series(std::iter::once(PathElement::new(vec![(xc, v.low), (xc, v.high)], ink)))?;
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(xc - cap, v.low), (xc + cap, v.low)],
                    ink,
                )))?;
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(xc - cap, v.high), (xc + cap, v.high)],
                    ink,
                )))?;
            }
        }
        series_legend(&mut chart)
    }
}

/// One scenario's data for the overlays.
#[derive(Debug, Clone)]
pub struct CompareSeries {
    pub name: String,
    /// (mean, p05, p95) of tension per round.
    pub tension: Vec<(f64, f64, f64)>,
    /// (share, CI low, CI high) of replicates with mutual engagement per round.
    pub mutual: Vec<(f64, f64, f64)>,
    pub dates: Vec<String>,
}
