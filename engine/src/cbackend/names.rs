//! Spelling Rust data as C source: string literals and integer/float constants that C reads
//! back bit for bit.

use std::fmt::Write as _;

/// `bytes` as a C string literal. Every byte outside printable ASCII (and `"`, `\`, `?`,
/// which could start an escape or a trigraph) is a three-digit octal escape, so the next
/// character can never extend it.
pub fn c_string(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for &b in bytes {
        if (b' '..=b'~').contains(&b) && !matches!(b, b'"' | b'\\' | b'?') {
            out.push(b as char);
        } else {
            let _ = write!(out, "\\{b:03o}");
        }
    }
    out.push('"');
    out
}

/// An `int64_t` constant; C has no literal for `INT64_MIN`, so every value goes through its
/// unsigned bits.
pub fn c_int(n: i64) -> String {
    if n >= 0 {
        format!("INT64_C({n})")
    } else {
        format!("(int64_t)UINT64_C({})", n as u64)
    }
}

/// A `double` with exactly the bits of `x` (NaN payloads and `-0.0` included).
pub fn c_double(x: f64) -> String {
    format!("rae_bits_f64(UINT64_C(0x{:016x}))", x.to_bits())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_everything_c_could_misread() {
        assert_eq!(c_string(b"hi"), "\"hi\"");
        assert_eq!(c_string(b"a\"b\\c?\n"), "\"a\\042b\\134c\\077\\012\"");
        assert_eq!(c_string("💜1".as_bytes()), "\"\\360\\237\\222\\2341\"");
    }

    #[test]
    fn numbers_keep_their_bits() {
        assert_eq!(c_int(7), "INT64_C(7)");
        assert_eq!(c_int(i64::MIN), "(int64_t)UINT64_C(9223372036854775808)");
        assert_eq!(c_double(1.5), "rae_bits_f64(UINT64_C(0x3ff8000000000000))");
    }
}
