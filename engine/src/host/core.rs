//! Natives of `core` that are not about lists or maps: output, time, the tick counter and the
//! conversions `toString`, `toFloat`, `toInt`.
//!
//! `nowMs()`/`nowNs()` count from the Unix epoch (so two programs agree on the time);
//! `sleep(ms:)` waits in short slices and stops with the runtime error `interrupted` as soon as
//! the interrupt flag is set, so Ctrl-C does not wait for a long sleep to finish.

use super::args::{char, float, int};
use super::print::write_value;
use super::{HostState, NativeRegistry};
use crate::vm::value::Value;
use std::io::Write;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long `sleep` waits between looks at the interrupt flag.
const SLEEP_SLICE: Duration = Duration::from_millis(5);

pub(super) fn register(r: &mut NativeRegistry) {
    r.define("core.log", &["T"], None, |h, a| print(h, a, true));
    r.define("core.logS", &["T"], None, |h, a| print(h, a, false));
    r.define("core.sleep", &["Int"], None, |h, a| sleep(h, int(a, 0)?));
    r.define("core.nowMs", &[], Some("Int"), |_, _| Ok(Value::Int(since_epoch().as_millis() as i64)));
    r.define("core.nowNs", &[], Some("Int"), |_, _| Ok(Value::Int(since_epoch().as_nanos() as i64)));
    r.define("core.nextTick", &[], Some("Int"), |h, _| {
        let tick = h.next_tick;
        h.next_tick = tick.wrapping_add(1);
        Ok(Value::Int(tick))
    });
    r.define("core.toString", &["T"], Some("String"), |_, a| {
        Ok(Value::str(&super::format_value(a.first().unwrap_or(&Value::None))))
    });
    r.define("core.toFloat(Int)", &["Int"], Some("Float"), |_, a| Ok(Value::Float(int(a, 0)? as f32 as f64)));
    r.define("core.toFloat(Float64)", &["Float64"], Some("Float"), |_, a| Ok(Value::Float(float(a, 0)? as f32 as f64)));
    // `as i64` truncates toward zero and saturates (NaN becomes 0), so no float panics.
    r.define("core.toInt(Float)", &["Float"], Some("Int"), |_, a| Ok(Value::Int(float(a, 0)? as i64)));
    r.define("core.toInt(Float64)", &["Float64"], Some("Int"), |_, a| Ok(Value::Int(float(a, 0)? as i64)));
    r.define("core.toInt(Char32)", &["Char32"], Some("Int"), |_, a| Ok(Value::Int(i64::from(u32::from(char(a, 0)?)))));
}

fn print(host: &mut HostState, args: &[Value], newline: bool) -> Result<Value, String> {
    let end: &[u8] = if newline { b"\n" } else { b"" };
    let written =
        write_value(&mut *host.out, args.first().unwrap_or(&Value::None)).and_then(|()| host.out.write_all(end));
    written.map(|()| Value::None).map_err(|e| format!("cannot write program output: {e}"))
}

fn sleep(host: &mut HostState, ms: i64) -> Result<Value, String> {
    let end = Instant::now() + Duration::from_millis(ms.max(0) as u64);
    loop {
        if host.interrupt.load(Ordering::Relaxed) {
            return Err("interrupted".to_string());
        }
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(Value::None);
        }
        std::thread::sleep(left.min(SLEEP_SLICE));
    }
}

fn since_epoch() -> Duration {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::test_support::{call, quiet};
    use crate::host::OutputBuffer;

    #[test]
    fn log_and_log_s_write_the_print_format() {
        let buf = OutputBuffer::new();
        let mut host = HostState::with_output(Box::new(buf.clone()));
        call(&mut host, "core.log", &mut [Value::Int(3)]).unwrap();
        call(&mut host, "core.logS", &mut [Value::str("a")]).unwrap();
        call(&mut host, "core.logS", &mut [Value::Float(1.5)]).unwrap();
        assert_eq!(call(&mut host, "core.log", &mut [Value::list(vec![Value::Bool(true)])]), Ok(Value::None));
        assert_eq!(buf.take_string(), "3\na1.5{ #(true), 1, 1 }\n");
    }

    #[test]
    fn output_errors_become_runtime_errors() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut host = HostState::with_output(Box::new(Broken));
        assert_eq!(
            call(&mut host, "core.log", &mut [Value::Int(1)]),
            Err("cannot write program output: disk full".into())
        );
    }

    #[test]
    fn ticks_count_from_one() {
        let mut host = quiet();
        let ticks: Vec<Value> = (0..3).map(|_| call(&mut host, "core.nextTick", &mut []).unwrap()).collect();
        assert_eq!(ticks, vec![Value::Int(1), Value::Int(2), Value::Int(3)]);
    }

    #[test]
    fn clocks_count_from_the_unix_epoch() {
        let mut host = quiet();
        let Ok(Value::Int(ms)) = call(&mut host, "core.nowMs", &mut []) else { panic!("nowMs") };
        let Ok(Value::Int(ns)) = call(&mut host, "core.nowNs", &mut []) else { panic!("nowNs") };
        assert!(ms > 1_600_000_000_000, "{ms}");
        assert!(ns / 1_000_000 >= ms && ns / 1_000_000 - ms < 1000, "{ns} vs {ms}");
    }

    #[test]
    fn sleep_waits_and_wakes_on_interrupt() {
        let mut host = quiet();
        let start = Instant::now();
        assert_eq!(call(&mut host, "core.sleep", &mut [Value::Int(20)]), Ok(Value::None));
        assert!(start.elapsed() >= Duration::from_millis(20));
        assert_eq!(call(&mut host, "core.sleep", &mut [Value::Int(-5)]), Ok(Value::None));

        let flag = host.interrupt.clone();
        let setter = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(30));
            flag.store(true, Ordering::Relaxed);
        });
        let start = Instant::now();
        assert_eq!(call(&mut host, "core.sleep", &mut [Value::Int(60_000)]), Err("interrupted".into()));
        assert!(start.elapsed() < Duration::from_secs(5));
        setter.join().unwrap();
    }

    #[test]
    fn conversions() {
        let mut h = quiet();
        assert_eq!(call(&mut h, "core.toString", &mut [Value::Float(1e6)]), Ok(Value::str("1e+06")));
        assert_eq!(call(&mut h, "core.toString", &mut [Value::Int(-7)]), Ok(Value::str("-7")));
        assert_eq!(call(&mut h, "core.toFloat(Int)", &mut [Value::Int(16_777_217)]), Ok(Value::Float(16_777_216.0)));
        assert_eq!(call(&mut h, "core.toFloat(Float64)", &mut [Value::Float(0.1)]), Ok(Value::Float(0.1f32 as f64)));
        assert_eq!(call(&mut h, "core.toInt(Float)", &mut [Value::Float(-2.9)]), Ok(Value::Int(-2)));
        assert_eq!(call(&mut h, "core.toInt(Float64)", &mut [Value::Float(2.9)]), Ok(Value::Int(2)));
        assert_eq!(call(&mut h, "core.toInt(Float64)", &mut [Value::Float(f64::NAN)]), Ok(Value::Int(0)));
        assert_eq!(call(&mut h, "core.toInt(Float64)", &mut [Value::Float(1e300)]), Ok(Value::Int(i64::MAX)));
        assert_eq!(call(&mut h, "core.toInt(Char32)", &mut [Value::Char('💜')]), Ok(Value::Int(0x1F49C)));
        assert!(call(&mut h, "core.toInt(Char32)", &mut [Value::Int(1)]).is_err());
    }
}
