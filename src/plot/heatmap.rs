//! Heatmaps: a tournament's payoff and engagement matrices, a two-key sweep's metric.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bands::format_tick;
use super::{Chart, DrawResult, bold, palette, text};

#[derive(Debug, Clone)]
pub struct Heatmap {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
    /// What a cell's value means (colour bar title).
    pub value_desc: String,
    pub x_labels: Vec<String>,
    pub y_labels: Vec<String>,
    /// `values[row][column]`, row = y label, column = x label; `None` is a missing cell.
    pub values: Vec<Vec<Option<f64>>>,
    /// Row 0 at the top, as a matrix is read; otherwise at the bottom, as a y axis is.
    pub top_down: bool,
}

impl Heatmap {
    fn range(&self) -> (f64, f64) {
        let (lo, hi) = self
            .values
            .iter()
            .flatten()
            .flatten()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
        if !lo.is_finite() {
            (0.0, 1.0)
        } else if hi - lo < 1e-12 {
            (lo - 0.5, hi + 0.5)
        } else {
            (lo, hi)
        }
    }
}

/// Viridis is ordered in lightness, so the scale reads in greyscale too.
fn color(v: f64, lo: f64, hi: f64) -> RGBColor {
    ViridisRGB::get_color_normalized(v as f32, lo as f32, hi as f32)
}

impl Chart for Heatmap {
    fn size(&self) -> (u32, u32) {
        let cols = self.x_labels.len() as u32;
        let rows = self.y_labels.len() as u32;
        ((300 + 90 * cols).clamp(700, 1600), (220 + 60 * rows).clamp(500, 1200))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        let (w, _) = area.dim_in_pixel();
        let (main, bar) = area.split_horizontally(w.saturating_sub(130));
        let (lo, hi) = self.range();
        let (nx, ny) = (self.x_labels.len(), self.y_labels.len());
        let longest = self.y_labels.iter().map(|l| l.len()).max().unwrap_or(4) as u32;
        let mut chart = ChartBuilder::on(&main)
            .caption(&self.title, bold(24))
            .margin(16)
            .x_label_area_size(110)
            .y_label_area_size((longest * 9 + 30).clamp(60, 260))
            .build_cartesian_2d(0.0..nx as f64, 0.0..ny as f64)?;
        let xl = self.x_labels.clone();
        let yl: Vec<String> = if self.top_down {
            self.y_labels.iter().rev().cloned().collect()
        } else {
            self.y_labels.clone()
        };
        let x_fmt = move |x: &f64| label_at(&xl, *x);
        let y_fmt = move |y: &f64| label_at(&yl, *y);
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(&self.x_desc)
            .y_desc(&self.y_desc)
            .axis_desc_style(text(17))
            .label_style(text(14))
            .x_labels(nx * 2 + 1)
            .y_labels(ny * 2 + 1)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .draw()?;
        for (r, row) in self.values.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let y = if self.top_down { ny - 1 - r } else { r };
                let (x, y) = (c as f64, y as f64);
                let fill = match v {
                    Some(v) => color(*v, lo, hi).filled(),
                    None => palette::GREY.mix(0.3).filled(),
                };
                chart.draw_series(std::iter::once(Rectangle::new([(x, y), (x + 1.0, y + 1.0)], fill)))?;
                if let Some(v) = v {
                    let light = (v - lo) / (hi - lo) < 0.55;
                    let ink = if light { WHITE } else { palette::INK };
                    let style = text(14).color(&ink).pos(plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Center,
                        plotters::style::text_anchor::VPos::Center,
                    ));
                    chart.draw_series(std::iter::once(Text::new(format_cell(*v), (x + 0.5, y + 0.5), style)))?;
                }
            }
        }
        let mut scale = ChartBuilder::on(&bar)
            .margin_top(70)
            .margin_bottom(130)
            .margin_right(60)
            .y_label_area_size(0)
            .right_y_label_area_size(50)
            .caption(&self.value_desc, text(14))
            .build_cartesian_2d(0.0..1.0, lo..hi)?;
        let y_fmt = |y: &f64| format_tick(*y);
        scale
            .configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .label_style(text(13))
            .y_label_formatter(&y_fmt)
            .draw()?;
        let steps = 60;
        scale.draw_series((0..steps).map(|i| {
            let a = lo + (hi - lo) * i as f64 / steps as f64;
            let b = lo + (hi - lo) * (i + 1) as f64 / steps as f64;
            Rectangle::new([(0.0, a), (1.0, b)], color((a + b) / 2.0, lo, hi).filled())
        }))?;
        Ok(())
    }
}

/// The label of the cell whose centre is at `x` (ticks fall on centres and edges).
fn label_at(labels: &[String], x: f64) -> String {
    let i = x - 0.5;
    if i < 0.0 || (i - i.round()).abs() > 1e-6 {
        return String::new();
    }
    labels.get(i.round() as usize).cloned().unwrap_or_default()
}

fn format_cell(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}
