//! Host services for the VM: the state natives share (`HostState`), the natives registry and the
//! core library natives (`core`, `math`, `string`), and the print formats of the reference.
//!
//! # The contract between the VM and a native
//! A native is called with its value arguments in declaration order (type arguments of generic
//! functions are not passed). A `mod` parameter's value is moved into `args[i]` and written back
//! to the caller's place after the call, so a native mutates `args[i]` in place (the helpers in
//! `args` use `Rc::make_mut`, which copies only a shared object). A function without `ret`
//! returns `Value::None`. `Err(message)` is a runtime error: the VM prints `error: MESSAGE`
//! and the call stack.

mod args;
mod core;
mod list;
mod map;
mod math;
mod print;
#[cfg(feature = "raylib")]
pub mod raylib;
mod registry;
mod string;

pub use print::{format_float, format_value, push_value, write_value};
pub use registry::{Direct, Native, NativeRegistry};

use crate::vm::value::Value;
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

/// A native function: `(host, arguments) -> result`.
pub type NativeFn = Rc<dyn Fn(&mut HostState, &mut [Value]) -> Result<Value, String>>;

/// The random generator's state before any `seed(n:)` (section 8 of the reference).
pub const RANDOM_START: u64 = 0x1234_5678_9ABC_DEF0;

/// What the natives of one running program share; the VM owns it and passes it to every call.
pub struct HostState {
    /// Program output (`log`, `logS`). Buffered: the VM flushes it when the program ends.
    pub out: Box<dyn Write>,
    /// The state of the reproducible random generator.
    pub random: u64,
    /// The value the next `nextTick()` returns (1 for the first call).
    pub next_tick: i64,
    /// When the program started (for wall-time limits).
    pub start: Instant,
    /// Set from another thread (Ctrl-C, the workbench's stop button); `sleep` wakes on it.
    pub interrupt: Arc<AtomicBool>,
}

impl HostState {
    /// Output to buffered stdout.
    pub fn new() -> HostState {
        HostState::with_output(Box::new(std::io::BufWriter::new(std::io::stdout())))
    }

    /// Output to `out` (a test's or the REPL's sink, see [`OutputBuffer`]).
    pub fn with_output(out: Box<dyn Write>) -> HostState {
        HostState {
            out,
            random: RANDOM_START,
            next_tick: 1,
            start: Instant::now(),
            interrupt: Arc::new(AtomicBool::new(false)),
        }
    }
}

impl Default for HostState {
    fn default() -> HostState {
        HostState::new()
    }
}

/// An in-memory output sink whose text stays readable after a `HostState` took a handle to it:
/// `HostState::with_output(Box::new(buf.clone()))`, then `buf.take_string()`.
#[derive(Clone, Debug, Default)]
pub struct OutputBuffer(Rc<RefCell<Vec<u8>>>);

impl OutputBuffer {
    pub fn new() -> OutputBuffer {
        OutputBuffer::default()
    }

    /// Everything written so far (invalid UTF-8 replaced), leaving the buffer empty.
    pub fn take_string(&self) -> String {
        let bytes = std::mem::take(&mut *self.0.borrow_mut());
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Write for OutputBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Calling natives of the core registry by key, for the tests of each bundle.
#[cfg(test)]
mod test_support {
    use super::{HostState, NativeRegistry};
    use crate::vm::value::Value;

    thread_local! {
        static CORE: NativeRegistry = NativeRegistry::with_core();
    }

    pub fn call(host: &mut HostState, key: &str, args: &mut [Value]) -> Result<Value, String> {
        let func = CORE.with(|r| r.lookup(key).map(|i| r.get(i).func.clone()));
        let func = func.unwrap_or_else(|| panic!("{key} is not registered"));
        func(host, args)
    }

    pub fn quiet() -> HostState {
        HostState::with_output(Box::new(std::io::sink()))
    }

    /// Calls `key` with a fresh host that discards output.
    pub fn run(key: &str, args: &mut [Value]) -> Result<Value, String> {
        call(&mut quiet(), key, args)
    }
}
