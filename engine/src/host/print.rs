//! The print formats of `log`, `logS`, `toString` and interpolation (reference section 6).

use crate::vm::value::{MapObj, Value};
use std::fmt::Write as _;
use std::io::Write;

/// `v` as `log` prints it (without the newline).
pub fn format_value(v: &Value) -> String {
    let mut out = String::new();
    push_value(&mut out, v);
    out
}

/// Writes `v` as `log` prints it (without the newline) to `out`.
pub fn write_value(out: &mut dyn Write, v: &Value) -> std::io::Result<()> {
    match v {
        Value::Str(s) => out.write_all(s.as_bytes()),
        Value::Int(n) => write!(out, "{n}"),
        _ => out.write_all(format_value(v).as_bytes()),
    }
}

/// Appends `v` as `log` prints it to `out` (interpolation builds its string this way).
pub fn push_value(out: &mut String, v: &Value) {
    match v {
        Value::None => out.push_str("none"),
        Value::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Float(x) => out.push_str(&format_float(*x)),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Char(c) => out.push(*c),
        Value::Str(s) => out.push_str(s),
        Value::Struct(s) => braces(out, s.fields.iter(), push_value),
        Value::List(l) => {
            // A list prints as the struct it is: storage up to the capacity, length, capacity.
            out.push_str("{ #(");
            let empty = l.cap.saturating_sub(l.items.len());
            for (i, item) in l.items.iter().chain(std::iter::repeat_n(&Value::None, empty)).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_value(out, item);
            }
            let _ = write!(out, "), {}, {} }}", l.items.len(), l.cap.max(l.items.len()));
        }
        Value::Map(m) => match &**m {
            MapObj::Str(entries) => braces(out, entries.iter(), |out, (k, v)| entry(out, k, v)),
            MapObj::Int(entries) => braces(out, entries.iter(), |out, (k, v)| entry(out, k, v)),
        },
    }
}

/// `{ a, b }` (and `{ }` when there is nothing inside).
fn braces<T>(out: &mut String, items: impl Iterator<Item = T>, mut each: impl FnMut(&mut String, T)) {
    out.push('{');
    for (i, item) in items.enumerate() {
        out.push_str(if i == 0 { " " } else { ", " });
        each(out, item);
    }
    out.push_str(" }");
}

fn entry(out: &mut String, key: &dyn std::fmt::Display, value: &Value) {
    let _ = write!(out, "{key}: ");
    push_value(out, value);
}

/// `x` as C's `printf("%g")` prints it: 6 significant digits, trailing zeros removed, the
/// exponent form (`1e+06`) when the decimal exponent is below -4 or at least 6; `-0`, `inf`,
/// `-inf`, `nan` and (sign bit set, as glibc prints it) `-nan`.
pub fn format_float(x: f64) -> String {
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_nan() {
        return format!("{sign}nan");
    }
    if x.is_infinite() {
        return format!("{sign}inf");
    }
    if x == 0.0 {
        return format!("{sign}0");
    }
    // The exponent %g decides with is the one after rounding to 6 digits (999999.5 → 1e+06),
    // which is what Rust's exact scientific formatting yields; both round half to even.
    let scientific = format!("{x:.5e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if !(-4..6).contains(&exponent) {
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        format!("{}e{exp_sign}{:02}", strip_zeros(mantissa), exponent.unsigned_abs())
    } else {
        let decimals = (5 - exponent) as usize;
        strip_zeros(&format!("{x:.decimals$}")).to_string()
    }
}

fn strip_zeros(digits: &str) -> &str {
    if digits.contains('.') {
        digits.trim_end_matches('0').trim_end_matches('.')
    } else {
        digits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::value::{ListObj, Map, StructObj};
    use std::rc::Rc;

    /// Outputs of glibc's `printf("%g", x)` for each `x` (produced with a C program).
    #[allow(clippy::approx_constant)] // 3.14 is a sample input here, not a stand-in for π
    const C_OUTPUTS: &[(f64, &str)] = &[
        (1.5, "1.5"),
        (3.14, "3.14"),
        (5.0, "5"),
        (1e6, "1e+06"),
        (123456.0, "123456"),
        (1234567.0, "1.23457e+06"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (0.554124, "0.554124"),
        (100000.0, "100000"),
        (1e100, "1e+100"),
        (2.5e-310, "2.5e-310"),
        (0.0, "0"),
        (-0.0, "-0"),
        (1234565.0, "1.23456e+06"),
        (1234575.0, "1.23458e+06"),
        (999999.5, "1e+06"),
        (9999995.0, "1e+07"),
        (0.5, "0.5"),
        (-2.75, "-2.75"),
        (1e-300, "1e-300"),
        (f64::MAX, "1.79769e+308"),
        (4.9e-324, "4.94066e-324"),
        (123456.5, "123456"),
        (0.000123456789, "0.000123457"),
        (99999.95, "99999.9"),
        (999999.0, "999999"),
        (1e15, "1e+15"),
        (-1e-5, "-1e-05"),
        (0.1 + 0.2, "0.3"),
        (1.0 / 3.0, "0.333333"),
        (2.0 / 3.0, "0.666667"),
        (100.0, "100"),
        (9.9999949999e-5, "9.99999e-05"),
        (0.00009999995, "0.0001"),
        (12345.678, "12345.7"),
        (1e21, "1e+21"),
        (4294967296.0, "4.29497e+09"),
        (f64::INFINITY, "inf"),
        (f64::NEG_INFINITY, "-inf"),
        (f64::NAN, "nan"),
        (-f64::NAN, "-nan"),
    ];

    /// Float32 values (widened to f64, as the VM holds them) and C's `%g` of them.
    #[allow(clippy::approx_constant)]
    const C_OUTPUTS_F32: &[(f32, &str)] = &[
        (0.1, "0.1"),
        (1.1, "1.1"),
        (16777217.0, "1.67772e+07"),
        (3.14159, "3.14159"),
        (0.3, "0.3"),
        (1e-7, "1e-07"),
        (2.71828, "2.71828"),
        (100.1, "100.1"),
        (1.0 / 3.0, "0.333333"),
        (123456.7, "123457"),
    ];

    #[test]
    fn floats_print_like_c_printf_g() {
        for &(x, expected) in C_OUTPUTS {
            assert_eq!(format_float(x), expected, "%g of {x:e}");
        }
        for &(x, expected) in C_OUTPUTS_F32 {
            assert_eq!(format_float(f64::from(x)), expected, "%g of {x:e}f32");
        }
    }

    #[test]
    fn scalars_print_in_the_reference_format() {
        assert_eq!(format_value(&Value::Int(-42)), "-42");
        assert_eq!(format_value(&Value::Int(i64::MIN)), "-9223372036854775808");
        assert_eq!(format_value(&Value::Bool(true)), "true");
        assert_eq!(format_value(&Value::Bool(false)), "false");
        assert_eq!(format_value(&Value::Char('💜')), "💜");
        assert_eq!(format_value(&Value::str("a \"b\"")), "a \"b\"");
        assert_eq!(format_value(&Value::None), "none");
        assert_eq!(format_value(&Value::Float(1e6)), "1e+06");
    }

    #[test]
    fn structs_lists_and_maps_print_nested() {
        let point = Value::Struct(Rc::new(StructObj { ty: 0, fields: vec![Value::Int(1), Value::Int(2)] }));
        let lid = Value::Struct(Rc::new(StructObj { ty: 0, fields: vec![point, Value::Int(50), Value::str("lid")] }));
        assert_eq!(format_value(&lid), "{ { 1, 2 }, 50, lid }");
        assert_eq!(format_value(&Value::Struct(Rc::new(StructObj { ty: 0, fields: vec![] }))), "{ }");

        let list =
            Value::List(Rc::new(ListObj { items: vec![Value::Int(10), Value::Int(20), Value::Int(30)], cap: 4 }));
        assert_eq!(format_value(&list), "{ #(10, 20, 30, none), 3, 4 }");
        assert_eq!(format_value(&Value::list(vec![])), "{ #(), 0, 0 }");
        let strings = Value::list(vec![Value::str("a"), Value::Float(0.5)]);
        assert_eq!(format_value(&strings), "{ #(a, 0.5), 2, 2 }");
        let empty = Value::List(Rc::new(ListObj { items: vec![], cap: 2 }));
        assert_eq!(format_value(&empty), "{ #(none, none), 0, 2 }");

        let mut by_name = Map::default();
        by_name.insert(Rc::new("b".to_string()), Value::Int(2));
        by_name.insert(Rc::new("a".to_string()), list);
        assert_eq!(
            format_value(&Value::Map(Rc::new(MapObj::Str(by_name)))),
            "{ b: 2, a: { #(10, 20, 30, none), 3, 4 } }"
        );
        let by_int: Map<i64> = [(7, Value::Bool(true)), (-1, Value::None)].into_iter().collect();
        assert_eq!(format_value(&Value::Map(Rc::new(MapObj::Int(by_int)))), "{ 7: true, -1: none }");
        assert_eq!(format_value(&Value::Map(Rc::new(MapObj::Int(Map::default())))), "{ }");
    }

    #[test]
    fn write_value_matches_format_value() {
        let values = [Value::Int(7), Value::str("héllo"), Value::Float(-0.0), Value::list(vec![Value::Char('x')])];
        for v in &values {
            let mut out = Vec::new();
            write_value(&mut out, v).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), format_value(v));
        }
    }
}
