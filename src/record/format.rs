//! Numbers as they appear in output files: shortest round-trip decimals of the value
//! rounded to 1e-9, so `0.1 + 0.2` prints `0.3` and output is byte-stable across runs.

/// Writes `x` into `buf` and returns the text.
pub fn num(x: f64, buf: &mut ryu::Buffer) -> &str {
    let rounded = (x * 1e9).round() / 1e9;
    if rounded == 0.0 {
        return "0";
    }
    let s = buf.format(rounded);
    s.strip_suffix(".0").unwrap_or(s)
}

/// `num` into a new string, for places that are not hot.
pub fn num_string(x: f64) -> String {
    num(x, &mut ryu::Buffer::new()).to_string()
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
    }
}
