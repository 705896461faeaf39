//! Natives of module `math`: numeric functions and the reproducible random generator.
//!
//! `Float` results are computed in `f32` (as C's `sqrtf`, `sinf`, … do), `Float64` ones in
//! `f64`. The generator (reference section 8): `state = state * 6364136223846793005 + 1`
//! (wrapping) from `0x123456789ABCDEF0` or the seed, `u = (state >> 32) as u32`. Every random
//! call advances the state exactly once, whatever its arguments. `random()` is
//! `u / 4294967295.0` rounded to Float; `random(min:, max:)` and `randomInt(min:, max:)` are
//! `min + u % (max - min + 1)` (`min` when `min >= max`); `randomFloat(min:, max:)` is
//! `min + (max - min) * random()` in Float arithmetic.

use super::args::{float, int};
use super::{Direct, HostState, NativeRegistry};
use crate::vm::value::Value;

type F32Fn = fn(f32) -> f32;
type F64Fn = fn(f64) -> f64;
type F64Fn2 = fn(f64, f64) -> f64;

/// One-argument functions: the Float version, and the Float64 overload where `math.rae` has
/// one (the registry key then names the parameter type).
const UNARY: &[(&str, F32Fn, Option<F64Fn>)] = &[
    ("sqrt", f32::sqrt, Some(f64::sqrt)),
    ("sin", f32::sin, Some(f64::sin)),
    ("cos", f32::cos, Some(f64::cos)),
    ("tan", f32::tan, None),
    ("asin", f32::asin, None),
    ("acos", f32::acos, None),
    ("atan", f32::atan, None),
    ("exp", f32::exp, None),
    ("floor", f32::floor, Some(f64::floor)),
    ("ceil", f32::ceil, Some(f64::ceil)),
    ("round", f32::round, Some(f64::round)),
    ("abs", f32::abs, Some(f64::abs)),
];

pub(super) fn register(r: &mut NativeRegistry) {
    for &(name, single, double) in UNARY {
        let (key32, key64) = match double {
            Some(_) => (format!("math.{name}(Float)"), format!("math.{name}(Float64)")),
            None => (format!("math.{name}"), String::new()),
        };
        r.define_unary(&key32, "Float", Direct::F32(single));
        if let Some(double) = double {
            r.define_unary(&key64, "Float64", Direct::F64(double));
        }
    }
    r.define("math.abs(Int)", &["Int"], Some("Int"), |_, a| Ok(Value::Int(int(a, 0)?.wrapping_abs())));
    binary(r, "min", i64::min, f32::min, f64::min);
    binary(r, "max", i64::max, f32::max, f64::max);
    r.define("math.clamp(Int,Int,Int)", &["Int", "Int", "Int"], Some("Int"), |_, a| {
        Ok(Value::Int(clamp(int(a, 0)?, int(a, 1)?, int(a, 2)?)))
    });
    r.define("math.clamp(Float,Float,Float)", &["Float", "Float", "Float"], Some("Float"), |_, a| {
        let [v, low, high] = floats32(a)?;
        Ok(Value::Float(f64::from(clamp(v, low, high))))
    });
    r.define("math.clamp(Float64,Float64,Float64)", &["Float64", "Float64", "Float64"], Some("Float64"), |_, a| {
        Ok(Value::Float(clamp(float(a, 0)?, float(a, 1)?, float(a, 2)?)))
    });
    r.define("math.lerp", &["Float", "Float", "Float"], Some("Float"), |_, a| {
        let [from, to, t] = floats32(a)?;
        Ok(Value::Float(f64::from(from + (to - from) * t)))
    });
    r.define("math.atan2", &["Float", "Float"], Some("Float"), |_, a| {
        Ok(Value::Float(f64::from((float(a, 0)? as f32).atan2(float(a, 1)? as f32))))
    });
    r.define("math.pow(Float,Float)", &["Float", "Float"], Some("Float"), |_, a| {
        Ok(Value::Float(f64::from((float(a, 0)? as f32).powf(float(a, 1)? as f32))))
    });
    r.define("math.pow(Float64,Float64)", &["Float64", "Float64"], Some("Float64"), |_, a| {
        Ok(Value::Float(float(a, 0)?.powf(float(a, 1)?)))
    });
    r.define("math.popcount", &["Int"], Some("Int"), |_, a| Ok(Value::Int(i64::from(int(a, 0)?.count_ones()))));
    r.define("math.leadingZeros", &["Int"], Some("Int"), |_, a| Ok(Value::Int(i64::from(int(a, 0)?.leading_zeros()))));
    r.define("math.trailingZeros", &["Int"], Some("Int"), |_, a| {
        Ok(Value::Int(i64::from(int(a, 0)?.trailing_zeros())))
    });
    register_random(r);
}

fn register_random(r: &mut NativeRegistry) {
    r.define("math.seed", &["Int"], None, |h, a| {
        h.random = int(a, 0)? as u64;
        Ok(Value::None)
    });
    r.define("math.random()", &[], Some("Float"), |h, _| Ok(Value::Float(f64::from(random_unit(h)))));
    for key in ["math.random(Int,Int)", "math.randomInt"] {
        r.define(key, &["Int", "Int"], Some("Int"), |h, a| Ok(Value::Int(random_range(h, int(a, 0)?, int(a, 1)?))));
    }
    r.define("math.randomFloat", &["Float", "Float"], Some("Float"), |h, a| {
        let (min, max) = (float(a, 0)? as f32, float(a, 1)? as f32);
        Ok(Value::Float(f64::from(min + (max - min) * random_unit(h))))
    });
}

/// `name(Int,Int)`, `name(Float,Float)`, `name(Float64,Float64)`.
fn binary(
    r: &mut NativeRegistry,
    name: &str,
    int_fn: fn(i64, i64) -> i64,
    f32_fn: fn(f32, f32) -> f32,
    f64_fn: F64Fn2,
) {
    r.define(&format!("math.{name}(Int,Int)"), &["Int", "Int"], Some("Int"), move |_, a| {
        Ok(Value::Int(int_fn(int(a, 0)?, int(a, 1)?)))
    });
    r.define(&format!("math.{name}(Float,Float)"), &["Float", "Float"], Some("Float"), move |_, a| {
        Ok(Value::Float(f64::from(f32_fn(float(a, 0)? as f32, float(a, 1)? as f32))))
    });
    r.define(&format!("math.{name}(Float64,Float64)"), &["Float64", "Float64"], Some("Float64"), move |_, a| {
        Ok(Value::Float(f64_fn(float(a, 0)?, float(a, 1)?)))
    });
}

/// Never panics (unlike `Ord::clamp` when `low > high`): then `low` wins; NaN passes through.
fn clamp<T: PartialOrd>(value: T, low: T, high: T) -> T {
    if value < low {
        low
    } else if value > high {
        high
    } else {
        value
    }
}

fn floats32(a: &[Value]) -> Result<[f32; 3], String> {
    Ok([float(a, 0)? as f32, float(a, 1)? as f32, float(a, 2)? as f32])
}

/// One step of the generator.
fn next_u32(host: &mut HostState) -> u32 {
    host.random = host.random.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    (host.random >> 32) as u32
}

fn random_unit(host: &mut HostState) -> f32 {
    (f64::from(next_u32(host)) / 4_294_967_295.0) as f32
}

fn random_range(host: &mut HostState, min: i64, max: i64) -> i64 {
    let u = next_u32(host);
    if min >= max {
        return min;
    }
    // In i128 the span of any two i64s fits, and the result lies in [min, max].
    let span = i128::from(max) - i128::from(min) + 1;
    (i128::from(min) + i128::from(u) % span) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::test_support::{call, quiet, run};

    fn f(x: f64) -> Value {
        Value::Float(x)
    }

    #[test]
    fn abs_min_max_clamp() {
        assert_eq!(run("math.abs(Int)", &mut [Value::Int(-5)]), Ok(Value::Int(5)));
        assert_eq!(run("math.abs(Int)", &mut [Value::Int(i64::MIN)]), Ok(Value::Int(i64::MIN)));
        assert_eq!(run("math.abs(Float)", &mut [f(-1.5)]), Ok(f(1.5)));
        assert_eq!(run("math.abs(Float64)", &mut [f(-0.1)]), Ok(f(0.1)));
        assert_eq!(run("math.min(Int,Int)", &mut [Value::Int(3), Value::Int(7)]), Ok(Value::Int(3)));
        assert_eq!(run("math.max(Int,Int)", &mut [Value::Int(3), Value::Int(7)]), Ok(Value::Int(7)));
        assert_eq!(run("math.min(Float,Float)", &mut [f(0.1), f(2.0)]), Ok(f(0.1f32 as f64)));
        assert_eq!(run("math.max(Float64,Float64)", &mut [f(0.1), f(-2.0)]), Ok(f(0.1)));
        assert_eq!(
            run("math.clamp(Int,Int,Int)", &mut [Value::Int(15), Value::Int(0), Value::Int(10)]),
            Ok(Value::Int(10))
        );
        assert_eq!(
            run("math.clamp(Int,Int,Int)", &mut [Value::Int(-1), Value::Int(0), Value::Int(10)]),
            Ok(Value::Int(0))
        );
        assert_eq!(
            run("math.clamp(Int,Int,Int)", &mut [Value::Int(5), Value::Int(9), Value::Int(1)]),
            Ok(Value::Int(9))
        );
        assert_eq!(run("math.clamp(Float,Float,Float)", &mut [f(0.5), f(0.0), f(0.25)]), Ok(f(0.25)));
        assert_eq!(run("math.clamp(Float64,Float64,Float64)", &mut [f(0.3), f(0.0), f(1.0)]), Ok(f(0.3)));
    }

    #[test]
    fn float_results_round_through_f32_and_float64_ones_do_not() {
        let third32 = f64::from(1.0f32 / 3.0);
        assert_eq!(run("math.sqrt(Float)", &mut [f(2.0)]), Ok(f(f64::from(2.0f32.sqrt()))));
        assert_eq!(run("math.sqrt(Float64)", &mut [f(2.0)]), Ok(f(2.0f64.sqrt())));
        assert_ne!(f64::from(2.0f32.sqrt()), 2.0f64.sqrt());
        assert_eq!(run("math.lerp", &mut [f(0.0), f(1.0), f(1.0 / 3.0)]), Ok(f(third32)));
        assert_eq!(run("math.pow(Float,Float)", &mut [f(2.0), f(10.0)]), Ok(f(1024.0)));
        assert_eq!(run("math.pow(Float64,Float64)", &mut [f(2.0), f(0.5)]), Ok(f(2.0f64.sqrt())));
        assert_eq!(run("math.atan2", &mut [f(1.0), f(1.0)]), Ok(f(f64::from(std::f32::consts::FRAC_PI_4))));
        assert_eq!(run("math.exp", &mut [f(0.0)]), Ok(f(1.0)));
        assert_eq!(run("math.tan", &mut [f(0.0)]), Ok(f(0.0)));
        assert_eq!(run("math.asin", &mut [f(1.0)]), Ok(f(f64::from(std::f32::consts::FRAC_PI_2))));
        assert_eq!(run("math.acos", &mut [f(1.0)]), Ok(f(0.0)));
        assert_eq!(run("math.atan", &mut [f(0.0)]), Ok(f(0.0)));
        assert_eq!(run("math.sin(Float64)", &mut [f(0.0)]), Ok(f(0.0)));
        assert_eq!(run("math.cos(Float)", &mut [f(0.0)]), Ok(f(1.0)));
        assert_eq!(run("math.floor(Float)", &mut [f(-1.5)]), Ok(f(-2.0)));
        assert_eq!(run("math.ceil(Float64)", &mut [f(-1.5)]), Ok(f(-1.0)));
        assert_eq!(run("math.round(Float)", &mut [f(2.5)]), Ok(f(3.0)));
        assert_eq!(run("math.round(Float64)", &mut [f(-2.5)]), Ok(f(-3.0)));
        assert!(matches!(run("math.sqrt(Float)", &mut [f(-1.0)]), Ok(Value::Float(x)) if x.is_nan()));
    }

    #[test]
    fn bit_counts() {
        assert_eq!(run("math.popcount", &mut [Value::Int(0b1011)]), Ok(Value::Int(3)));
        assert_eq!(run("math.popcount", &mut [Value::Int(-1)]), Ok(Value::Int(64)));
        assert_eq!(run("math.leadingZeros", &mut [Value::Int(1)]), Ok(Value::Int(63)));
        assert_eq!(run("math.leadingZeros", &mut [Value::Int(0)]), Ok(Value::Int(64)));
        assert_eq!(run("math.leadingZeros", &mut [Value::Int(-1)]), Ok(Value::Int(0)));
        assert_eq!(run("math.trailingZeros", &mut [Value::Int(8)]), Ok(Value::Int(3)));
        assert_eq!(run("math.trailingZeros", &mut [Value::Int(0)]), Ok(Value::Int(64)));
    }

    #[test]
    fn the_generator_is_the_reference_one() {
        // Expected values computed independently from the reference's formula.
        let mut h = quiet();
        let units: Vec<Value> = (0..3).map(|_| call(&mut h, "math.random()", &mut []).unwrap()).collect();
        let expected = [2379946563u32, 1498474691, 1916748052].map(|u| f((f64::from(u) / 4294967295.0) as f32 as f64));
        assert_eq!(units, expected);
        assert_eq!(crate::host::format_value(&units[0]), "0.554124");

        call(&mut h, "math.seed", &mut [Value::Int(42)]).unwrap();
        let dice: Vec<Value> = (0..5)
            .map(|_| call(&mut h, "math.random(Int,Int)", &mut [Value::Int(1), Value::Int(6)]).unwrap())
            .collect();
        assert_eq!(dice, [5, 4, 2, 5, 4].map(Value::Int));
        call(&mut h, "math.seed", &mut [Value::Int(42)]).unwrap();
        let same = call(&mut h, "math.randomInt", &mut [Value::Int(1), Value::Int(6)]);
        assert_eq!(same, Ok(Value::Int(5)));
    }

    #[test]
    fn random_ranges_are_safe_at_the_edges() {
        let mut h = quiet();
        let before = h.random;
        assert_eq!(call(&mut h, "math.random(Int,Int)", &mut [Value::Int(3), Value::Int(3)]), Ok(Value::Int(3)));
        assert_eq!(call(&mut h, "math.randomInt", &mut [Value::Int(9), Value::Int(1)]), Ok(Value::Int(9)));
        assert_ne!(h.random, before, "every call advances the generator");
        for _ in 0..100 {
            let Ok(Value::Int(n)) = call(&mut h, "math.randomInt", &mut [Value::Int(i64::MIN), Value::Int(i64::MAX)])
            else {
                panic!("randomInt")
            };
            assert!(n < i64::MIN + (1 << 32), "{n}");
            let Ok(Value::Float(x)) = call(&mut h, "math.randomFloat", &mut [f(-2.0), f(2.0)]) else {
                panic!("randomFloat")
            };
            assert!((-2.0..=2.0).contains(&x) && x == f64::from(x as f32), "{x}");
        }
    }
}
