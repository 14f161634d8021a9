//! Numbers of up to eight digits, the usual amounts and counts, made in one
//! register: the digits of all eight places come from a few multiplications
//! at once (each step splits every lane in two: 8 digits into 2 groups of
//! 4, into 4 pairs, into 8 digits), with no loop and no table. The point,
//! the sign and the cut of the leading zeros are shifts.

/// The largest magnitude this path writes: eight digits.
const LIMIT: u64 = 100_000_000;

/// `n` (below `LIMIT`) as eight digit values 0 to 9, zeros ahead, in text
/// order from the lowest byte.
fn eight_digits(n: u64) -> u64 {
    // Two groups of four digits in 32-bit lanes, the first group lowest.
    let v = (n / 10_000) | ((n % 10_000) << 32);
    // Each group (below 10,000) over 100: `x * 5243 >> 19` is exact there
    // and stays inside its lane; the pairs go to 16-bit lanes.
    let high = ((v * 5243) >> 19) & 0x0000_007f_0000_007f;
    let v = high | ((v - high * 100) << 16);
    // Each pair (below 100) over 10: `x * 103 >> 10` is exact there.
    let high = ((v * 103) >> 10) & 0x000f_000f_000f_000f;
    high | ((v - high * 10) << 8)
}

/// A text and its length; the bytes after it are ASCII too (digits or
/// zeros), so the whole array can be copied and the tail cut off.
pub(super) type Written = ([u8; 24], usize);

/// `magnitude / 10^scale` as `Display` writes a decimal, with `-` ahead if
/// `negative`: `None` unless `magnitude` is below `LIMIT` and `scale`
/// leaves a whole digit (below 8).
pub(super) fn decimal(magnitude: u64, scale: u32, negative: bool) -> Option<Written> {
    if magnitude >= LIMIT || scale >= 8 {
        return None;
    }
    let digits = eight_digits(magnitude);
    let text = digits | 0x3030_3030_3030_3030;
    // Whole places, of which all but the last may be leading zeros.
    let whole = 8 - scale;
    let lead = (digits.trailing_zeros() / 8).min(whole - 1);
    let mut out = [0; 24];
    let mut at = usize::from(negative);
    out[0] = b'-';
    // Eight bytes go in at a time (a store each); the whole part's, then
    // the point and the fraction's over what followed it.
    put(&mut out, at, text >> (8 * lead));
    at += (whole - lead) as usize;
    if scale > 0 {
        put(&mut out, at, u64::from(b'.') | (text >> (8 * whole) << 8));
        at += 1 + scale as usize;
    }
    Some((out, at))
}

/// `bytes` at `out[at..at + 8]` (nothing past the end: `at` is at most 10).
fn put(out: &mut [u8; 24], at: usize, bytes: u64) {
    if let Some(slot) = out.get_mut(at..at + 8) {
        slot.copy_from_slice(&bytes.to_le_bytes());
    }
}

/// `n` as `Display` writes it, if its magnitude is below `LIMIT`.
pub(super) fn int(n: i64) -> Option<Written> {
    decimal(n.unsigned_abs(), 0, n < 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(written: Option<Written>) -> Option<String> {
        let (bytes, len) = written?;
        Some(String::from_utf8(bytes[..len].to_vec()).expect("ASCII"))
    }

    #[test]
    fn every_lane_splits_exactly() {
        // The two division steps, over every value their lanes hold.
        for x in 0..10_000u64 {
            assert_eq!((x * 5243) >> 19, x / 100, "{x}");
        }
        for x in 0..100u64 {
            assert_eq!((x * 103) >> 10, x / 10, "{x}");
        }
    }

    #[test]
    fn decimals_at_every_scale_read_as_display_writes_them() {
        let magnitudes = [
            0, 1, 5, 9, 10, 99, 100, 101, 1_000, 9_999, 10_000, 12_345_678,
        ];
        for m in magnitudes
            .into_iter()
            .chain([LIMIT - 1, 100_000, 1_000_001])
        {
            for scale in 0..8 {
                for negative in [false, true] {
                    let mut d = rust_decimal::Decimal::new(m as i64, scale);
                    d.set_sign_negative(negative);
                    let got = text(decimal(m, scale, negative));
                    assert_eq!(got, Some(d.to_string()), "{m} {scale} {negative}");
                }
            }
        }
        assert_eq!(decimal(LIMIT, 2, false), None);
        assert_eq!(decimal(5, 8, false), None);
    }

    #[test]
    fn counts_read_as_display_writes_them() {
        for n in [
            0,
            1,
            -1,
            7,
            10,
            -10,
            99,
            100,
            12_345,
            -99_999_999,
            99_999_999,
        ] {
            assert_eq!(text(int(n)), Some(n.to_string()), "{n}");
        }
        assert_eq!(int(100_000_000), None);
        assert_eq!(int(i64::MIN), None);
    }
}
