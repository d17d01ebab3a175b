//! Numbers as they appear in output files: the value rounded to 9 decimals, written in
//! plain decimal without trailing zeros, so `0.1 + 0.2` prints `0.3`, `3.0` prints `3`,
//! and output is byte-stable across runs and machines.
//!
//! Writing fixed decimals from the scaled integer is several times faster than a
//! shortest-round-trip float printer, and trajectory files hold millions of numbers.

/// Reusable scratch space for [`num`].
pub struct NumBuffer {
    bytes: [u8; 48],
    ryu: ryu::Buffer,
}

impl Default for NumBuffer {
    fn default() -> Self {
        Self {
            bytes: [0; 48],
            ryu: ryu::Buffer::new(),
        }
    }
}

impl NumBuffer {
    pub fn new() -> Self {
        Self::default()
    }
}

/// Beyond this magnitude the scaled integer would lose precision: such values are printed
/// by ryu (shortest round trip) instead.
const FIXED_LIMIT: f64 = 9.0e6;

/// Writes `x` into `buf` and returns the text.
pub fn num(x: f64, buf: &mut NumBuffer) -> &str {
    if !x.is_finite() || x.abs() >= FIXED_LIMIT {
        let s = buf.ryu.format(x);
        return s.strip_suffix(".0").unwrap_or(s);
    }
    let scaled = (x * 1e9).round() as i64;
    if scaled == 0 {
        return "0";
    }
    // Fill from the right: fraction digits, the point, integer digits, the sign.
    let b = &mut buf.bytes;
    let mut at = b.len();
    let mut rest = scaled.unsigned_abs();
    let mut frac = rest % 1_000_000_000;
    rest /= 1_000_000_000;
    if frac != 0 {
        let mut digits = 9;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        for _ in 0..digits {
            at -= 1;
            b[at] = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        at -= 1;
        b[at] = b'.';
    }
    loop {
        at -= 1;
        b[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if scaled < 0 {
        at -= 1;
        b[at] = b'-';
    }
    std::str::from_utf8(&b[at..]).expect("ASCII digits")
}

/// `num` into a new string, for places that are not hot.
pub fn num_string(x: f64) -> String {
    num(x, &mut NumBuffer::new()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
