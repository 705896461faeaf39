//! Frames, entering and leaving functions, linking natives before a run, and turning a fault
//! into a `RuntimeError` with its Rae stack trace.

use super::error::{LinkError, RuntimeError, TraceFrame};
use super::limits::Stop;
use super::value::Value;
use super::Vm;
use crate::bytecode::chunk::CompiledProgram;
use crate::host::{NativeFn, NativeRegistry};

/// One active call. `pc` is the resume point (saved when the frame calls or faults).
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub chunk: u32,
    pub pc: usize,
    pub base: usize,
    /// The caller's register that receives the result.
    pub dst: u16,
}

/// Why the dispatch loop stopped early.
pub enum Fault {
    Error(String),
    Stop(Stop),
}

/// What a return leads to.
pub enum Leave {
    /// The frame the run started with returned this value.
    Done(Value),
    /// Continue in the caller.
    Resume { chunk: usize, base: usize, pc: usize },
}

/// A native bound for the run, with the arguments it keeps (`mod`, written back by the caller).
pub struct Linked {
    pub func: NativeFn,
    pub keep: Vec<bool>,
}

/// Looks up every native the program calls; all problems are reported together.
pub fn link(program: &CompiledProgram, registry: &NativeRegistry) -> Result<Vec<Linked>, LinkError> {
    let mut linked = Vec::new();
    let mut problems = Vec::new();
    for import in &program.natives {
        let Some(index) = registry.lookup(&import.key) else {
            let near = registry.nearest(&import.key, 3);
            let near = if near.is_empty() { "(none)".to_string() } else { near.join(", ") };
            problems.push(format!(
                "error: cannot link function '{}': no native is registered under the key '{}'\n  expected signature: {}\n  nearest registered keys: {near}",
                import.name, import.key, import.signature
            ));
            continue;
        };
        let native = registry.get(index);
        if native.params.len() != import.arity as usize {
            problems.push(format!(
                "error: cannot link function '{}': the native '{}' takes {} arguments, but the function has {}\n  expected signature: {}",
                import.name,
                import.key,
                native.params.len(),
                import.arity,
                import.signature
            ));
            continue;
        }
        let mut keep = vec![false; import.arity as usize];
        for &i in &import.mod_args {
            if let Some(k) = keep.get_mut(i as usize) {
                *k = true;
            }
        }
        linked.push(Linked { func: native.func.clone(), keep });
    }
    if problems.is_empty() {
        Ok(linked)
    } else {
        Err(LinkError { problems })
    }
}

impl Vm {
    /// Runs chunk `index` (no parameters) to completion on top of the current stack.
    pub(super) fn run_chunk(&mut self, index: u32) -> Result<Value, RuntimeError> {
        let Some(chunk) = self.program.chunks.get(index as usize) else {
            return Err(self.fault_error(Fault::Error(format!("internal error: no function #{index}"))));
        };
        let base = self.stack.len();
        self.stack.resize(base + chunk.nregs as usize, Value::None);
        self.frames.push(Frame { chunk: index, pc: 0, base, dst: 0 });
        let stop = self.frames.len() - 1;
        match self.interp(stop) {
            Ok(v) => Ok(v),
            Err(fault) => {
                let e = self.fault_error(fault);
                self.frames.truncate(stop);
                self.stack.truncate(base);
                Err(e)
            }
        }
    }

    /// Pops the returning frame: its registers are cleared (a stale copy would make the
    /// caller's next write copy a whole object) except `mod` parameters, which the caller
    /// writes back; the result goes to the caller's `dst`.
    pub(super) fn leave(&mut self, stop: usize, v: Value) -> Leave {
        let Some(frame) = self.frames.pop() else { return Leave::Done(v) };
        let chunk = &self.program.chunks[frame.chunk as usize];
        if chunk.mod_params.is_empty() {
            self.stack.truncate(frame.base);
        } else {
            self.stack.truncate(frame.base + chunk.nparams as usize);
            for i in 0..chunk.nparams {
                if !chunk.mod_params.contains(&i) {
                    self.stack[frame.base + i as usize] = Value::None;
                }
            }
        }
        if self.frames.len() <= stop {
            return Leave::Done(v);
        }
        let Some(caller) = self.frames.last().copied() else { return Leave::Done(v) };
        let nregs = self.program.chunks[caller.chunk as usize].nregs as usize;
        self.stack.resize(caller.base + nregs, Value::None);
        self.stack[caller.base + frame.dst as usize] = v;
        Leave::Resume { chunk: caller.chunk as usize, base: caller.base, pc: caller.pc }
    }

    /// The error and its stack trace, innermost frame first.
    pub(super) fn fault_error(&self, fault: Fault) -> RuntimeError {
        let (message, interrupted) = match fault {
            Fault::Error(m) => (m, false),
            Fault::Stop(Stop::Instructions(n)) => (format!("instruction limit of {n} reached"), false),
            Fault::Stop(Stop::Timeout) => {
                (format!("timeout after {} seconds", self.limits.timeout.unwrap_or_default()), false)
            }
            Fault::Stop(Stop::Interrupted) => ("interrupted".to_string(), true),
        };
        let trace = self
            .frames
            .iter()
            .rev()
            .filter_map(|f| {
                let chunk = self.program.chunks.get(f.chunk as usize)?;
                let line = chunk.lines.get(f.pc.saturating_sub(1)).copied().unwrap_or(0);
                Some(TraceFrame { function: chunk.name.clone(), file: chunk.file.clone(), line })
            })
            .collect();
        RuntimeError { message, trace, interrupted }
    }
}
