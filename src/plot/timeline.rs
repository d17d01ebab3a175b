//! The timeline of one replicate: what each side did, how the other read it, what happened.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Chart, DrawResult, RoundAxis, bold, palette, text};
use crate::model::Action;
use crate::record::timeline::Timeline;
use crate::record::trajectory::INCIDENT;
use crate::scenario::NAME_SEPARATOR;

pub struct TimelineChart<'a> {
    pub title: String,
    pub labels: [String; 2],
    pub timeline: &'a Timeline,
    pub axis: RoundAxis,
}

impl TimelineChart<'_> {
    /// The four rows, top to bottom: label and the actions shown, with whether each is a reading.
    fn rows(&self) -> Vec<(String, Vec<Action>, Option<Vec<Action>>)> {
        let t = self.timeline;
        let [a, b] = &self.labels;
        let did = |k: usize| t.actions.iter().map(|x| x[k]).collect::<Vec<_>>();
        let read = |k: usize| t.perceived.iter().map(|x| x[k]).collect::<Vec<_>>();
        vec![
            (format!("{a}: did"), did(0), None),
            (format!("{b}: read {a} as"), read(1), Some(did(0))),
            (format!("{b}: did"), did(1), None),
            (format!("{a}: read {b} as"), read(0), Some(did(1))),
        ]
    }
}

impl Chart for TimelineChart<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        // Events are numbered in scenario order, as on every chart of the run, and named in a
        // key below; a random incident is marked `!`.
        const PER_LINE: usize = 2;
        let mut marked: Vec<(usize, String)> = Vec::new();
        let mut marks: Vec<(usize, String)> = Vec::new();
        let mut incidents = false;
        for (t, label) in self.timeline.events.iter().enumerate().filter(|(_, l)| !l.is_empty()) {
            let mut here = Vec::new();
            for name in label.split(NAME_SEPARATOR) {
                if name == INCIDENT {
                    incidents = true;
                    here.push("!".to_string());
                } else {
                    marked.push((t, name.to_string()));
                    here.push(marked.len().to_string());
                }
            }
            marks.push((t, here.join(",")));
        }
        if incidents {
            marked.push((usize::MAX, "random incident".to_string()));
        }
        let key_lines = marked.len().div_ceil(PER_LINE) as u32;
        let h_all = area.dim_in_pixel().1;
        let (area, legend) = area.split_vertically(h_all.saturating_sub(44 + 22 * key_lines));
        let area = &area;
        let rounds = self.timeline.actions.len().max(1);
        let rows = self.rows();
        let n_rows = rows.len() as f64;
        // Room above the rows for event numbers.
        let top = n_rows + 0.8;
        let longest = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(10) as u32;
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, bold(24))
            .margin(16)
            .x_label_area_size(70)
            .y_label_area_size((longest * 9 + 20).clamp(120, 320))
            .build_cartesian_2d(0.5..rounds as f64 + 0.5, 0.0..top)?;
        let axis = self.axis.clone();
        let x_fmt = move |x: &f64| axis.label(*x);
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(self.axis.description())
            .axis_desc_style(text(17))
            .label_style(text(14))
            .x_labels(self.axis.label_count())
            .x_label_formatter(&x_fmt)
            .y_labels(0)
            .draw()?;
        // Row names go in the margin, right-aligned against the plot.
        for (i, (name, _, _)) in rows.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(0.5, n_rows - 0.5 - i as f64));
            let style = text(15).pos(Pos::new(HPos::Right, VPos::Center));
            area.draw(&Text::new(name.clone(), (px - 10, py), style))?;
        }
        let letters = rounds <= 60;
        for (i, (_, actions, truth)) in rows.iter().enumerate() {
            let y0 = n_rows - 1.0 - i as f64 + 0.12;
            let y1 = y0 + 0.76;
            for (t, a) in actions.iter().enumerate() {
                let x = (t + 1) as f64;
                let fill = palette::ACTIONS[a.index()].filled();
                chart.draw_series(std::iter::once(Rectangle::new([(x - 0.45, y0), (x + 0.45, y1)], fill)))?;
                let misread = truth.as_ref().is_some_and(|tr| tr[t] != *a);
                if misread {
                    let border = palette::INK.stroke_width(3);
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(x - 0.45, y0), (x + 0.45, y1)],
                        border,
                    )))?;
                }
                if letters {
                    let ink = if *a == Action::Markers { palette::INK } else { WHITE };
                    let style = text(13).color(&ink).pos(Pos::new(HPos::Center, VPos::Center));
                    let letter = &a.name()[..1].to_uppercase();
                    chart.draw_series(std::iter::once(Text::new(letter.clone(), (x, (y0 + y1) / 2.0), style)))?;
                }
            }
        }
        for (t, mark) in &marks {
            let x = (t + 1) as f64;
            let line = palette::INK.mix(0.6).stroke_width(1);
            chart.draw_series(DashedLineSeries::new(vec![(x, 0.0), (x, n_rows + 0.15)], 3, 3, line))?;
            let style = bold(14).pos(Pos::new(HPos::Center, VPos::Bottom));
            chart.draw_series(std::iter::once(Text::new(mark.clone(), (x, n_rows + 0.6), style)))?;
        }
        // Legend: the three actions and the mark of a misreading.
        let (w, _) = legend.dim_in_pixel();
        let y = 20;
        let mut x = (w as i32 / 2) - 300;
        for a in Action::ALL {
            legend.draw(&Rectangle::new(
                [(x, y - 8), (x + 18, y + 8)],
                palette::ACTIONS[a.index()].filled(),
            ))?;
            legend.draw(&Text::new(a.name(), (x + 24, y - 9), text(15)))?;
            x += 120;
        }
        legend.draw(&Rectangle::new(
            [(x, y - 8), (x + 18, y + 8)],
            palette::INK.stroke_width(3),
        ))?;
        legend.draw(&Text::new(
            "misread (the reading differs from the act)",
            (x + 24, y - 9),
            text(15),
        ))?;
        let column = (w as i32 - 100) / PER_LINE as i32;
        for (i, (t, label)) in marked.iter().enumerate() {
            let (line, col) = ((i / PER_LINE) as i32, (i % PER_LINE) as i32);
            let at = (80 + col * column, 44 + 22 * line);
            let line = match t {
                &usize::MAX => format!("!  {label}"),
                t => format!("{}  {}  {label}", i + 1, self.axis.label((t + 1) as f64)),
            };
            legend.draw(&Text::new(line, at, text(14)))?;
        }
        Ok(())
    }
}
