//! Charts, drawn with plotters into PNG and SVG with the Noto Sans font embedded in the
//! binary, so they render the same on a machine without any system font.
//!
//! Every chart is a [`Chart`]: it draws on any plotters backend, and [`render`] turns it into
//! PNG and SVG in memory; the output layer writes them. Nothing here touches files.
//! Colours are the Okabe–Ito palette (distinguishable with colour-blindness), and the two
//! agents also differ by line style, so charts survive greyscale printing.

mod actions;
mod bands;
mod compare;
mod heatmap;
mod panels;
mod timeline;

use std::error::Error as StdError;
use std::sync::Once;

use plotters::coord::{CoordTranslate, Shift};
use plotters::prelude::*;
use plotters::style::FontStyle;

pub use actions::ActionsChart;
pub use bands::{BandSeries, BandsChart};
pub use compare::{CompareSeries, MetricBars};
pub use heatmap::Heatmap;
pub use panels::{Panels, which};
pub use timeline::TimelineChart;

/// The font family name charts ask for; the embedded Noto Sans answers to it.
pub const FONT: &str = "sans-serif";

pub type DrawResult = Result<(), Box<dyn StdError>>;

/// Okabe & Ito (2008) colour-blind-safe palette.
pub mod palette {
    use plotters::style::RGBColor;
    pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
    pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
    pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
    pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
    pub const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
    pub const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
    pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
    pub const GREY: RGBColor = RGBColor(0x99, 0x99, 0x99);
    pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);

    /// Colours for a list of series (scenarios, agents), in order: all eight of Okabe and
    /// Ito's, the yellow last since it reads worst on white.
    pub const SERIES: [RGBColor; 8] = [BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY, INK, YELLOW];

    /// How many series one chart tells apart: past them, charts split into panels.
    pub const DISTINCT: usize = SERIES.len();

    /// The colour and line style of series `i` of a chart: its own colour, and every other
    /// series dashed, so that neighbours differ in a greyscale print too.
    pub fn series(i: usize) -> (RGBColor, bool) {
        (SERIES[i % DISTINCT], i % 2 == 1)
    }

    /// engage, markers, retaliate: cool for engagement, warm for hostility, light to dark.
    pub const ACTIONS: [RGBColor; 3] = [BLUE, ORANGE, VERMILLION];
}

/// Most points a line or a band is drawn with: past them, consecutive rounds are averaged
/// into one, so that the chart of a million rounds is as light as that of a thousand (a
/// 1000-pixel chart shows no more; the CSVs keep every round).
pub const MAX_POINTS: usize = 1000;

/// `values` averaged over runs of consecutive points, so that at most [`MAX_POINTS`] remain.
pub fn decimate(values: &[f64]) -> Vec<f64> {
    decimate_with(values.len(), |i| values[i])
}

/// [`decimate`] of the `n` values `value(0)`, `value(1)`, …, read without being collected:
/// a long horizon's series are a hundred thousand points, and a chart shows a thousand.
pub fn decimate_with(n: usize, value: impl Fn(usize) -> f64) -> Vec<f64> {
    let k = n.div_ceil(MAX_POINTS).max(1);
    (0..n)
        .step_by(k)
        .map(|start| {
            if k == 1 {
                return value(start);
            }
            let run = start..(start + k).min(n);
            let len = run.len();
            run.map(&value).sum::<f64>() / len as f64
        })
        .collect()
}

/// Width and height of every chart, in pixels.
pub const SIZE: (u32, u32) = (1000, 600);

/// Something that can draw itself on a plotters drawing area of any backend.
pub trait Chart {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static;

    fn size(&self) -> (u32, u32) {
        SIZE
    }
}

fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are a known-good font compiled in; failure would be a build defect.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, notosans::REGULAR_TTF);
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, notosans::BOLD_TTF);
        let _ = plotters::style::register_font(FONT, FontStyle::Italic, notosans::ITALIC_TTF);
    });
}

/// A chart rendered in memory, as both formats written to result folders.
pub struct Rendered {
    pub png: Vec<u8>,
    pub svg: String,
}

/// Renders `chart` as PNG (plotters' raster, encoded by the `png` crate) and SVG.
pub fn render(chart: &impl Chart) -> Result<Rendered, String> {
    register_fonts();
    let (w, h) = chart.size();
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        chart
            .draw(&area)
            .and_then(|()| area.present().map_err(Into::into))
            .map_err(|e| e.to_string())?;
    }
    let png = encode_png(&rgb, w, h).map_err(|e| e.to_string())?;
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        chart
            .draw(&area)
            .and_then(|()| area.present().map_err(Into::into))
            .map_err(|e| e.to_string())?;
    }
    Ok(Rendered { png, svg })
}

/// An RGB buffer as PNG: adaptive filtering, fast compression (charts are flat colours).
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::FilterType::Sub);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
    encoder.write_header()?.write_image_data(rgb)?;
    Ok(out)
}

/// Text style helpers, all in the embedded font.
pub fn text(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().color(&palette::INK)
}

pub fn bold(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().style(FontStyle::Bold).color(&palette::INK)
}

/// Draws the labels of `chart`'s series, boxed in its upper right corner.
pub fn series_legend<'a, DB, CT>(chart: &mut ChartContext<'a, DB, CT>) -> DrawResult
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    CT: CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font(text(15))
        .background_style(WHITE.mix(0.85))
        .border_style(palette::GREY)
        .draw()?;
    Ok(())
}

/// Labels for the x axis: round numbers, or the calendar's dates.
#[derive(Debug, Clone)]
pub struct RoundAxis {
    /// Date of each round (index 0 = round 1); empty without a calendar. Shared: every chart
    /// of a run labels the same rounds, and a long horizon has a hundred thousand dates.
    pub dates: std::sync::Arc<[String]>,
    pub rounds: usize,
}

impl RoundAxis {
    pub fn label(&self, x: f64) -> String {
        let r = x.round();
        if (x - r).abs() > 1e-6 || r < 1.0 || r as usize > self.rounds {
            return String::new();
        }
        match self.dates.get(r as usize - 1) {
            Some(d) if !d.is_empty() => d.clone(),
            _ => format!("{}", r as usize),
        }
    }

    pub fn description(&self) -> &'static str {
        if self.dates.iter().any(|d| !d.is_empty()) {
            "Date (one round per period)"
        } else {
            "Round"
        }
    }

    /// How many labels fit on the axis without overlapping.
    pub fn label_count(&self) -> usize {
        let per = if self.dates.iter().any(|d| !d.is_empty()) {
            12
        } else {
            15
        };
        self.rounds.clamp(2, per)
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_POINTS, decimate, decimate_with};

    #[test]
    fn a_long_series_is_averaged_down_to_at_most_max_points() {
        let values: Vec<f64> = (0..10 * MAX_POINTS + 7).map(|i| (i % 11) as f64).collect();
        let short = decimate(&values);
        assert!(short.len() <= MAX_POINTS, "{} points", short.len());
        assert_eq!(short[0], values[..11].iter().sum::<f64>() / 11.0);
    }

    #[test]
    fn a_short_series_is_kept_as_it_is() {
        let values = [0.5, -0.0, 3.25];
        assert_eq!(decimate(&values), values);
        assert!(decimate(&values)[1].is_sign_negative());
    }

    #[test]
    fn round_numbers_read_one_by_one_average_over_each_run() {
        // 2,500 rounds in runs of 3: the first run's mean is round 2, the last run holds one.
        let x = decimate_with(2_500, |t| (t + 1) as f64);
        assert_eq!((x[0], x.len(), x[x.len() - 1]), (2.0, 834, 2_500.0));
    }
}
