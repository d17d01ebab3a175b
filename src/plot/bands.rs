//! Lines with uncertainty bands over rounds: tension, trust, securitization, payoffs, and
//! the overlays of `coexist compare` and one-key sweeps.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, MAX_POINTS, RoundAxis, bold, decimate, palette, text};

/// One line with its band.
#[derive(Debug, Clone)]
pub struct BandSeries {
    pub label: String,
    pub color: RGBColor,
    /// Dashed, so two series differ in greyscale too.
    pub dashed: bool,
    pub x: Vec<f64>,
    pub mean: Vec<f64>,
    pub low: Vec<f64>,
    pub high: Vec<f64>,
}

#[derive(Debug, Clone)]
pub struct BandsChart {
    pub title: String,
    pub y_desc: String,
    /// Labels the x axis by round or date; `None` for a numeric x (a swept parameter).
    pub axis: Option<RoundAxis>,
    pub x_desc: String,
    pub y_range: Option<(f64, f64)>,
    pub series: Vec<BandSeries>,
    /// What the bands show, for the legend.
    pub band_label: String,
    /// Thin grey lines (sample replicates).
    pub samples: Vec<Vec<(f64, f64)>>,
    /// A horizontal threshold and its label (the crisis line).
    pub threshold: Option<(f64, String)>,
    /// Vertical markers: x and label (scheduled events).
    pub events: Vec<(f64, String)>,
}

impl BandsChart {
    fn ranges(&self) -> ((f64, f64), (f64, f64)) {
        let xs = self.series.iter().flat_map(|s| s.x.iter().copied());
        let (x0, x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
        let (x0, x1) = if x0.is_finite() {
            (x0, if x1 > x0 { x1 } else { x0 + 1.0 })
        } else {
            (0.0, 1.0)
        };
        let y = self.y_range.unwrap_or_else(|| {
            let ys = self
                .series
                .iter()
                .flat_map(|s| s.low.iter().chain(&s.high).chain(&s.mean).copied());
            let ys = ys.chain(self.samples.iter().flatten().map(|p| p.1));
            let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| (a.min(y), b.max(y)));
            if !lo.is_finite() {
                return (0.0, 1.0);
            }
            let pad = ((hi - lo) * 0.08).max(1e-3);
            (lo - pad, hi + pad)
        });
        ((x0, x1), y)
    }
}

impl BandsChart {
    /// The chart with every line of more than [`MAX_POINTS`] points averaged down to them.
    fn decimated(&self) -> Option<BandsChart> {
        let long = |n: usize| n > MAX_POINTS;
        if !self.series.iter().any(|s| long(s.x.len())) && !self.samples.iter().any(|s| long(s.len())) {
            return None;
        }
        // Built field by field rather than cloned and shortened: a long horizon's series are
        // a hundred thousand points each, and a chart is drawn twice (PNG and SVG).
        let series = self
            .series
            .iter()
            .map(|s| BandSeries {
                label: s.label.clone(),
                color: s.color,
                dashed: s.dashed,
                x: decimate(&s.x),
                mean: decimate(&s.mean),
                low: decimate(&s.low),
                high: decimate(&s.high),
            })
            .collect();
        let samples = self
            .samples
            .iter()
            .map(|line| {
                let (x, y): (Vec<f64>, Vec<f64>) = line.iter().copied().unzip();
                decimate(&x).into_iter().zip(decimate(&y)).collect()
            })
            .collect();
        let d = BandsChart {
            title: self.title.clone(),
            y_desc: self.y_desc.clone(),
            axis: self.axis.clone(),
            x_desc: self.x_desc.clone(),
            y_range: self.y_range,
            series,
            band_label: self.band_label.clone(),
            samples,
            threshold: self.threshold.clone(),
            events: self.events.clone(),
        };
        Some(d)
    }
}

impl Chart for BandsChart {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        match self.decimated() {
            Some(light) => light.draw_all(area),
            None => self.draw_all(area),
        }
    }
}

impl BandsChart {
    fn draw_all<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        area.fill(&WHITE)?;
        // Events are numbered on the chart and named in a key below it, so that events in
        // neighbouring rounds never print over each other.
        const PER_LINE: usize = 3;
        let key_lines = self.events.len().div_ceil(PER_LINE) as u32;
        let height = area.dim_in_pixel().1;
        let (area, key) = area.split_vertically(height - if key_lines > 0 { 12 + 22 * key_lines } else { 0 });
        // The series' key sits in a column of its own, right of the data, never over it.
        let area = area.titled(&self.title, bold(26))?;
        let (plot, side) = area.split_horizontally(area.dim_in_pixel().0 - SIDE);
        let area = &plot;
        let ((x0, x1), (y0, y1)) = self.ranges();
        let mut chart = ChartBuilder::on(area)
            .margin(18)
            .margin_right(36)
            .x_label_area_size(58)
            .y_label_area_size(78)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        let axis = self.axis.clone();
        let fmt = move |x: &f64| match &axis {
            Some(a) => a.label(*x),
            None => format_tick(*x),
        };
        let y_fmt = |y: &f64| format_tick(*y);
        let mut mesh = chart.configure_mesh();
        mesh.x_desc(&self.x_desc)
            .y_desc(&self.y_desc)
            .axis_desc_style(text(18))
            .label_style(text(15))
            .x_label_formatter(&fmt)
            .y_label_formatter(&y_fmt)
            .max_light_lines(1)
            .light_line_style(RGBColor(0xF2, 0xF2, 0xF2))
            .bold_line_style(RGBColor(0xE0, 0xE0, 0xE0));
        if let Some(a) = &self.axis {
            mesh.x_labels(a.label_count());
        }
        mesh.draw()?;

        for sample in &self.samples {
            chart.draw_series(LineSeries::new(
                sample.iter().copied(),
                palette::GREY.mix(0.45).stroke_width(1),
            ))?;
        }
        // Light fills and thin edges in each series' colour: where two bands overlap, both
        // edges still show whose band is whose. Beyond a few series they would only hide
        // each other, and the lines are drawn alone.
        for s in self.series.iter().filter(|_| self.banded()) {
            let mut band: Vec<(f64, f64)> = s.x.iter().copied().zip(s.high.iter().copied()).collect();
            band.extend(s.x.iter().copied().zip(s.low.iter().copied()).rev());
            chart.draw_series(std::iter::once(Polygon::new(band, s.color.mix(BAND_FILL).filled())))?;
            for edge in [&s.low, &s.high] {
                let points = s.x.iter().copied().zip(edge.iter().copied());
                let style = s.color.mix(0.6).stroke_width(1);
                if s.dashed {
                    chart.draw_series(DashedLineSeries::new(points, 6, 4, style))?;
                } else {
                    chart.draw_series(LineSeries::new(points, style))?;
                }
            }
        }
        if let Some((y, _)) = &self.threshold {
            let style = palette::VERMILLION.stroke_width(2);
            chart.draw_series(DashedLineSeries::new(vec![(x0, *y), (x1, *y)], 10, 6, style))?;
        }
        let mut numbered: Vec<(f64, String)> = Vec::new();
        for (i, (x, _)) in self.events.iter().enumerate() {
            match numbered.iter_mut().find(|(at, _)| at == x) {
                Some((_, n)) => n.push_str(&format!(",{}", i + 1)),
                None => numbered.push((*x, (i + 1).to_string())),
            }
        }
        for (x, n) in &numbered {
            let style = palette::INK.mix(0.55).stroke_width(1);
            chart.draw_series(DashedLineSeries::new(vec![(*x, y0), (*x, y1)], 4, 4, style))?;
            let y = y1 - (y1 - y0) * 0.03;
            chart.draw_series(std::iter::once(Text::new(format!(" {n}"), (*x, y), bold(14))))?;
        }
        let (w, _) = key.dim_in_pixel();
        let column = (w as i32 - 100) / PER_LINE as i32;
        for (i, (x, label)) in self.events.iter().enumerate() {
            let when = self.axis.as_ref().map_or_else(|| format_tick(*x), |a| a.label(*x));
            let (line, col) = ((i / PER_LINE) as i32, (i % PER_LINE) as i32);
            let at = (80 + col * column, 4 + 22 * line);
            key.draw(&Text::new(format!("{}  {when}  {label}", i + 1), at, text(14)))?;
        }
        for s in &self.series {
            let style = s.color.stroke_width(3);
            let points: Vec<(f64, f64)> = s.x.iter().copied().zip(s.mean.iter().copied()).collect();
            if s.dashed {
                chart.draw_series(DashedLineSeries::new(points, 12, 5, style))?;
            } else {
                chart.draw_series(LineSeries::new(points, style))?;
            }
        }
        self.key(&side)
    }
}

/// The width of the key's column, right of the data.
const SIDE: u32 = 210;

/// How opaque a band's fill is.
const BAND_FILL: f64 = 0.12;

/// The most series whose bands are drawn.
const MAX_BANDS: usize = 3;

impl BandsChart {
    fn banded(&self) -> bool {
        self.series.len() <= MAX_BANDS
    }

    /// The key: each series as drawn (its line over its band), then what the band is and the
    /// threshold line; long labels wrap.
    fn key<DB: DrawingBackend>(&self, side: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let mut y = 60;
        let wrap = |label: &str| wrapped(label, 22);
        for s in &self.series {
            if self.banded() {
                side.draw(&Rectangle::new(
                    [(4, y - 9), (34, y + 9)],
                    s.color.mix(BAND_FILL).filled(),
                ))?;
            }
            let style = s.color.stroke_width(3);
            let end = if s.dashed { 16 } else { 34 };
            side.draw(&PathElement::new(vec![(4, y), (end, y)], style))?;
            for (i, line) in wrap(&s.label).iter().enumerate() {
                side.draw(&Text::new(line.clone(), (42, y - 8 + 18 * i as i32), text(15)))?;
            }
            y += 18 * wrap(&s.label).len() as i32 + 10;
        }
        if !self.band_label.is_empty() {
            y += 6;
            let says = match self.banded() {
                true => format!("Lines: means. Shading: {}.", self.band_label),
                false => format!(
                    "Lines: means ({} not drawn for more than {MAX_BANDS} series).",
                    self.band_label
                ),
            };
            for line in wrap(&says) {
                side.draw(&Text::new(line, (4, y), text(13).color(&palette::INK.mix(0.8))))?;
                y += 17;
            }
        }
        if let Some((_, label)) = &self.threshold {
            y += 12;
            let style = palette::VERMILLION.stroke_width(2);
            side.draw(&PathElement::new(vec![(4, y + 8), (34, y + 8)], style))?;
            side.draw(&Text::new(label.clone(), (42, y), text(15)))?;
        }
        Ok(())
    }
}

/// `label` broken into lines of at most about `width` characters, at spaces.
fn wrapped(label: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split(' ') {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// A tick label with no more digits than it needs.
pub fn format_tick(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_string() } else { s.to_string() }
}
