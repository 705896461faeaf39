//! Frames, the chunks as the interpreter runs them, linking natives before a run, and turning
//! a fault into a `RuntimeError` with its Rae stack trace.

use super::debug::PauseReason;
use super::error::{LinkError, RuntimeError, TraceFrame};
use super::limits::Stop;
use super::lower::{lower, Op};
use super::value::Value;
use super::Vm;
use crate::bytecode::chunk::{Chunk, CompiledProgram, Constant};
use crate::bytecode::kinds::Kind;
use crate::host::{Direct, NativeFn, NativeRegistry};
use crate::script;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// One active call. `pc` is the resume point (saved when the frame calls or faults).
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub chunk: u32,
    pub pc: usize,
    pub base: usize,
    /// The caller's register that receives the result.
    pub dst: u16,
}

/// What the interpreter needs of a chunk, gathered once when the VM is built, so a call or a
/// return switches chunks with one index.
pub struct RtChunk {
    pub code: Vec<Op>,
    pub consts: Vec<Value>,
    pub paths: Vec<Vec<u16>>,
    /// Source line of each instruction, for the debug loop.
    pub lines: Vec<u32>,
    pub nregs: usize,
    /// Registers of `mod` parameters, which survive the return (the caller writes them back).
    pub mod_params: Vec<u16>,
    /// The registers a returning frame releases: those that may hold a heap value (see
    /// `bytecode::kinds`), less the `mod` parameters.
    pub dropped: Vec<u16>,
}

impl RtChunk {
    /// `kinds` are the kinds of the chunk's registers.
    pub fn new(chunk: &Chunk, kinds: &[Kind], natives: &[Linked]) -> RtChunk {
        let consts = chunk
            .consts
            .iter()
            .map(|k| match k {
                Constant::Int(n) => Value::Int(*n),
                Constant::Float(x) => Value::Float(*x),
                Constant::Str(s) => Value::str(s),
                Constant::Char(c) => Value::Char(*c),
            })
            .collect();
        RtChunk {
            code: lower(&chunk.code, &chunk.lines, natives),
            consts,
            paths: chunk.paths.clone(),
            lines: chunk.lines.clone(),
            nregs: chunk.nregs as usize,
            mod_params: chunk.mod_params.clone(),
            dropped: (0..chunk.nregs)
                .filter(|r| !chunk.mod_params.contains(r))
                .filter(|&r| !kinds.get(r as usize).is_some_and(|k| k.is_scalar()))
                .collect(),
        }
    }

    /// Drops the heap values of a returning frame at `base`: a stale reference in a dead
    /// register would make the next write to the original copy the whole object. Registers
    /// above the live frames hold no heap value (stale scalars are harmless: compiled code
    /// writes a register before reading it), so a call never initialises its frame. Only
    /// registers that may hold a heap value are visited: a function working on numbers
    /// returns without touching its frame.
    #[inline]
    pub fn clear_frame(&self, stack: &mut [Value], base: usize) {
        let Some(regs) = stack.get_mut(base..base + self.nregs) else { return };
        for &r in &self.dropped {
            if let Some(v) = regs.get_mut(r as usize) {
                v.release();
            }
        }
    }
}

/// Makes `stack` at least `need` long, at least doubling it, so calls rarely grow it.
#[inline]
pub fn reserve(stack: &mut Vec<Value>, need: usize) {
    if need > stack.len() {
        stack.resize(need.max(stack.len() * 2), Value::None);
    }
}

/// Why the dispatch loop stopped early.
pub enum Fault {
    Error(String),
    Stop(Stop),
    /// The debug loop stops before an instruction (`vm::debug`).
    Pause(PauseReason),
    /// The debug loop has nothing armed: the fast loop takes over.
    Disarmed,
    /// A hot reload restarts the program (`vm::reload`): the run unwinds.
    Restart,
}

/// A native bound for the run, with the arguments it keeps (`mod`, written back by the caller).
pub struct Linked {
    pub func: NativeFn,
    pub keep: Vec<bool>,
    /// The native as a plain float function, which `lower` calls directly.
    pub direct: Option<Direct>,
    /// A script function's shared variables, synced with Rae's globals around each call.
    pub shared: Option<script::shared::Shared>,
}

/// A program's link table and the script VMs serving some of its natives.
pub struct Links {
    pub natives: Vec<Linked>,
    pub scripts: script::ScriptVms,
}

/// Looks up every native the program calls; all problems are reported together (a script
/// that does not load is reported first, alone). Script functions are served by script VMs
/// started here (`crate::script`) as `scripts` configures them, which `interrupt` stops.
pub fn link(
    program: &CompiledProgram,
    registry: &NativeRegistry,
    scripts: &script::VmConfig,
    interrupt: &Arc<AtomicBool>,
) -> Result<Links, LinkError> {
    let vm_registry = script::VmRegistry::new(scripts.clone());
    let (mut scripts, vms) =
        script::link(program, &vm_registry, interrupt).map_err(|problem| LinkError { problems: vec![problem] })?;
    let mut linked = Vec::new();
    let mut problems = Vec::new();
    for import in &program.natives {
        if let Some(script::ScriptNative { func, shared }) = scripts.remove(&import.key) {
            linked.push(Linked { func, keep: vec![false; import.arity as usize], direct: None, shared });
            continue;
        }
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
        linked.push(Linked { func: native.func.clone(), keep, direct: native.direct, shared: None });
    }
    if problems.is_empty() {
        Ok(Links { natives: linked, scripts: vms })
    } else {
        Err(LinkError { problems })
    }
}

impl Vm {
    /// Runs chunk `index` (no parameters) to completion above the live frames.
    pub(super) fn run_chunk(&mut self, index: u32) -> Result<Value, RuntimeError> {
        let Some(nregs) = self.chunks.get(index as usize).map(|c| c.nregs) else {
            return Err(self.fault_error(Fault::Error(format!("internal error: no function #{index}"))));
        };
        let base = self.frames.last().map_or(0, |f| f.base + self.chunks[f.chunk as usize].nregs);
        reserve(&mut self.stack, base + nregs);
        self.frames.push(Frame { chunk: index, pc: 0, base, dst: 0 });
        let stop = self.frames.len() - 1;
        match self.drive(stop) {
            Ok(v) => Ok(v),
            Err(fault) => {
                let e = self.fault_error(fault);
                self.frames.truncate(stop);
                self.stack.truncate(base);
                Err(e)
            }
        }
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
            Fault::Stop(Stop::Memory) => (
                format!(
                    "memory limit exceeded: the program's heap grew past {} bytes",
                    self.limits.max_memory.unwrap_or_default()
                ),
                false,
            ),
            // `drive` handles these; they never end a run.
            Fault::Restart => ("restarting on a new version".to_string(), false),
            Fault::Stop(Stop::Attention) | Fault::Pause(_) | Fault::Disarmed => {
                ("internal error: the debugger lost control".to_string(), false)
            }
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
