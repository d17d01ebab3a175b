//! The share of replicates in which each agent played each action, round by round,
//! as stacked areas: engage at the bottom, markers in the middle, retaliate on top.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, MAX_POINTS, RoundAxis, bold, palette, text};
use crate::model::Action;

pub struct ActionsChart {
    pub title: String,
    pub labels: [String; 2],
    /// `shares[round][agent][action]`
    pub shares: Vec<[[f64; 3]; 2]>,
    pub axis: RoundAxis,
}

impl Chart for ActionsChart {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        let (title, body) = area.split_vertically(46);
        title.titled(&self.title, bold(26))?;
        let (panels, legend) = body.split_vertically(body.dim_in_pixel().1.saturating_sub(40));
        let rounds = self.shares.len();
        // Past MAX_POINTS rounds, each step is the mean share over a run of rounds.
        let k = rounds.div_ceil(MAX_POINTS).max(1);
        let shares: Vec<[[f64; 3]; 2]> = self
            .shares
            .chunks(k)
            .map(|c| {
                let mut mean = [[0.0; 3]; 2];
                for s in c {
                    for (m, v) in mean.iter_mut().flatten().zip(s.iter().flatten()) {
                        *m += v / c.len() as f64;
                    }
                }
                mean
            })
            .collect();
        let steps: Vec<(f64, f64)> = (0..shares.len())
            .map(|i| (i as f64 * k as f64 + 0.5, ((i + 1) * k).min(rounds) as f64 + 0.5))
            .collect();
        for (k_agent, panel) in panels.split_evenly((1, 2)).iter().enumerate() {
            let (x0, x1) = (0.5, rounds as f64 + 0.5);
            let mut chart = ChartBuilder::on(panel)
                .caption(&self.labels[k_agent], bold(20))
                .margin(12)
                .x_label_area_size(52)
                .y_label_area_size(64)
                .build_cartesian_2d(x0..x1, 0.0..1.0)?;
            let axis = self.axis.clone();
            let x_fmt = move |v: &f64| axis.label(*v);
            let y_fmt = |v: &f64| format!("{:.0}%", v * 100.0);
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_desc(self.axis.description())
                .y_desc("Share of replicates")
                .axis_desc_style(text(16))
                .label_style(text(14))
                .x_labels(self.axis.label_count().min(8))
                .x_label_formatter(&x_fmt)
                .y_label_formatter(&y_fmt)
                .max_light_lines(1)
                .light_line_style(RGBColor(0xEE, 0xEE, 0xEE))
                .draw()?;
            let mut below = vec![0.0; shares.len()];
            for a in Action::ALL {
                let above: Vec<f64> = below
                    .iter()
                    .zip(&shares)
                    .map(|(b, s)| b + s[k_agent][a.index()])
                    .collect();
                // Steps, not slopes: each round's share holds for its whole round.
                let mut poly: Vec<(f64, f64)> = Vec::with_capacity(4 * steps.len());
                for (t, &(from, to)) in steps.iter().enumerate() {
                    poly.push((from, above[t]));
                    poly.push((to, above[t]));
                }
                for (t, &(from, to)) in steps.iter().enumerate().rev() {
                    poly.push((to, below[t]));
                    poly.push((from, below[t]));
                }
                chart.draw_series(std::iter::once(Polygon::new(
                    poly,
                    palette::ACTIONS[a.index()].filled(),
                )))?;
                below = above;
            }
        }
        let (w, _) = legend.dim_in_pixel();
        let mut lx = w as i32 / 2 - 180;
        for a in Action::ALL {
            legend.draw(&Rectangle::new(
                [(lx, 10), (lx + 18, 26)],
                palette::ACTIONS[a.index()].filled(),
            ))?;
            legend.draw(&Text::new(a.name(), (lx + 24, 8), text(16)))?;
            lx += 130;
        }
        Ok(())
    }
}
