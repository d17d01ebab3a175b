//! Numbers as they appear in output files: the value rounded to 9 decimals, written in
//! plain decimal without trailing zeros, so `0.1 + 0.2` prints `0.3`, `3.0` prints `3`,
//! and output is byte-stable across runs and machines.
//!
//! Writing fixed decimals from the scaled integer is several times faster than a
//! shortest-round-trip float printer, and trajectory files hold millions of numbers.

/// The longest text [`write_num`] produces, with room to spare: ryu's longest is 24 bytes.
pub const NUM_MAX: usize = 32;

/// Reusable scratch space for [`num`].
pub struct NumBuffer {
    bytes: [u8; NUM_MAX],
    digits: Digits,
}

impl Default for NumBuffer {
    fn default() -> Self {
        Self {
            bytes: [0; NUM_MAX],
            digits: Digits::default(),
        }
    }
}

impl NumBuffer {
    pub fn new() -> Self {
        Self::default()
    }
}

/// The integer and float printers [`write_num`] borrows.
pub struct Digits {
    int: itoa::Buffer,
    ryu: ryu::Buffer,
}

impl Default for Digits {
    fn default() -> Self {
        Self {
            int: itoa::Buffer::new(),
            ryu: ryu::Buffer::new(),
        }
    }
}

/// Beyond this magnitude the scaled integer would lose precision: such values are printed
/// by ryu (shortest round trip) instead.
const FIXED_LIMIT: f64 = 9.0e6;

const BILLION: u64 = 1_000_000_000;

/// One field, encoded (quoted where needed) by the csv crate. Text of letters, digits and
/// `-./:_` alone, every date among it, needs no quotes and is its own encoding: `ensemble.csv`
/// writes one such field a row.
pub fn field(text: &str) -> std::borrow::Cow<'_, [u8]> {
    if text.bytes().all(|b| b.is_ascii_alphanumeric() || b"-./:_".contains(&b)) {
        // Nothing to quote; nor in an empty field, which csv would quote alone in a record
        // but which within a row is just empty.
        return std::borrow::Cow::Borrowed(text.as_bytes());
    }
    let mut w = csv::WriterBuilder::new()
        .buffer_capacity(2 * text.len() + 8)
        .from_writer(Vec::new());
    w.write_record([text]).expect("in memory");
    let mut bytes = w.into_inner().expect("in memory");
    bytes.pop(); // the record's terminator, `\n`
    std::borrow::Cow::Owned(bytes)
}

/// Writes `x` into `buf` and returns its ASCII text.
pub fn num(x: f64, buf: &mut NumBuffer) -> &[u8] {
    let len = write_num(x, &mut buf.bytes, &mut buf.digits);
    &buf.bytes[..len]
}

/// Writes `x` at the start of `out` and returns its length. The fraction's nine digits are
/// copied as one fixed-size block and the length cut back over trailing zeros, so the hot
/// path has no variable-length copy.
#[inline]
pub fn write_num(x: f64, out: &mut [u8; NUM_MAX], digits: &mut Digits) -> usize {
    if !x.is_finite() || x.abs() >= FIXED_LIMIT {
        let s = digits.ryu.format(x);
        let s = s.strip_suffix(".0").unwrap_or(s).as_bytes();
        out[..s.len()].copy_from_slice(s);
        return s.len();
    }
    let scaled = round_half_away(x * 1e9);
    let abs = scaled.unsigned_abs();
    let (int, frac) = (abs / BILLION, abs % BILLION);
    let mut len = 0;
    if scaled < 0 {
        out[0] = b'-';
        len = 1;
    }
    if int < 10 {
        out[len] = b'0' + int as u8;
        len += 1;
    } else {
        let s = digits.int.format(int).as_bytes();
        out[len..len + s.len()].copy_from_slice(s);
        len += s.len();
    }
    if frac != 0 {
        // 1_000_000_000 + frac has ten digits: a 1, then the fraction with its leading zeros.
        let ten = digits.int.format(BILLION + frac).as_bytes();
        let nine: &[u8; 9] = ten[1..].try_into().expect("ten digits");
        out[len] = b'.';
        out[len + 1..len + 10].copy_from_slice(nine);
        len += 10 - nine.iter().rev().take_while(|&&d| d == b'0').count();
    }
    len
}

/// `y.round() as i64` for |y| < 2^52, without a call into libm: the distance to the
/// truncated value is exact, so halves round away from zero as `f64::round` does.
fn round_half_away(y: f64) -> i64 {
    let truncated = y as i64;
    let rest = y - truncated as f64;
    if rest >= 0.5 {
        truncated + 1
    } else if rest <= -0.5 {
        truncated - 1
    } else {
        truncated
    }
}

/// `num` into a new string, for places that are not hot.
pub fn num_string(x: f64) -> String {
    String::from_utf8_lossy(num(x, &mut NumBuffer::new())).into_owned()
}

/// The three cells of a mean and its 95% CI, empty when there is none.
pub fn mean_ci_cells(c: Option<super::stats::MeanCi>) -> [String; 3] {
    match c {
        Some(c) => [c.mean, c.low, c.high].map(num_string),
        None => [String::new(), String::new(), String::new()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_with_a_comma_and_quotes_is_quoted_whole() {
        assert_eq!(*field("Yellen, Kerry \"visit\""), *b"\"Yellen, Kerry \"\"visit\"\"\"");
        assert_eq!(*field("Bali summit"), *b"Bali summit");
    }

    #[test]
    fn a_date_or_an_empty_field_is_written_as_it_is() {
        for text in ["2022-11", "1972-02-21", "t_1.5/2:3", ""] {
            assert!(
                matches!(field(text), std::borrow::Cow::Borrowed(b) if b == text.as_bytes()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_field_with_a_line_break_or_leading_quote_is_quoted() {
        assert_eq!(*field("a\nb"), *b"\"a\nb\"");
        assert_eq!(*field("\"x"), *b"\"\"\"x\"");
    }

    #[test]
    fn rounding_noise_is_removed_and_whole_numbers_lose_their_point() {
        assert_eq!(num_string(0.1 + 0.2), "0.3");
        assert_eq!(num_string(3.0), "3");
        assert_eq!(num_string(-0.0), "0");
        assert_eq!(num_string(-2.5), "-2.5");
        assert_eq!(num_string(0.000000001), "0.000000001");
        assert_eq!(num_string(2.0 / 3.0), "0.666666667");
        assert_eq!(num_string(-0.0000000001), "0");
        assert_eq!(num_string(1234567.25), "1234567.25");
    }

    #[test]
    fn huge_and_non_finite_values_fall_back_to_shortest_round_trip() {
        assert_eq!(num_string(1e20), "1e20");
        assert_eq!(num_string(f64::INFINITY), "inf");
        assert_eq!(num_string(12_000_000.0), "12000000");
    }

    #[test]
    fn halves_round_away_from_zero_like_f64_round() {
        for y in [
            0.5,
            1.5,
            2.5,
            -0.5,
            -1.5,
            0.49999999999999994,
            4503599627370495.5,
            -7.5,
            1e15 + 0.5,
        ] {
            assert_eq!(round_half_away(y), y.round() as i64, "{y}");
        }
    }

    #[test]
    fn fractions_keep_their_leading_zeros() {
        assert_eq!(num_string(0.05), "0.05");
        assert_eq!(num_string(-3.000000007), "-3.000000007");
        assert_eq!(num_string(10.1), "10.1");
    }
}
