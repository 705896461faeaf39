//! The VM's side of the debug hook: the per-instruction check of the debug loop, switching
//! between the fast and the debug loop, and the paused state built from the live frames.

use super::{DebugController, FrameState, GlobalState, LocalState, PauseReason, PausedState, Resume};
use crate::host::format_value;
use crate::vm::call::{Fault, Frame};
use crate::vm::limits::Stop;
use crate::vm::value::Value;
use crate::vm::Vm;
use std::collections::BTreeSet;
use std::io::Write;
use std::rc::Rc;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// What the debug loop does before an instruction.
pub enum Hook {
    Run,
    Pause(PauseReason),
    /// Nothing is armed: back to the fast loop.
    Disarm,
}

/// The VM's debugging state.
pub struct DebugSession {
    pub(crate) ctl: Arc<DebugController>,
    /// The breakpoints as (chunk, line), copied from the controller at `generation`.
    breaks: BTreeSet<(u32, u32)>,
    generation: u64,
    /// The line each live frame ran last (0: none yet), innermost last; a frame reaches a
    /// new line when its next instruction's line differs.
    last_lines: Vec<u32>,
    /// A step in progress and the call depth it started at.
    step: Option<(Resume, usize)>,
}

impl DebugSession {
    pub fn new(ctl: Arc<DebugController>) -> DebugSession {
        DebugSession { ctl, breaks: BTreeSet::new(), generation: u64::MAX, last_lines: Vec::new(), step: None }
    }

    fn refresh(&mut self) {
        if self.ctl.generation.load(Ordering::Relaxed) != self.generation {
            (self.generation, self.breaks) = self.ctl.snapshot();
        }
    }

    /// Whether the debug loop has anything to do.
    pub fn armed(&mut self) -> bool {
        self.refresh();
        !self.breaks.is_empty() || self.step.is_some() || self.ctl.pause.load(Ordering::Relaxed)
    }

    /// The check before each instruction of the debug loop: `depth` frames are live, the top
    /// one runs `chunk` and its next instruction is on `line`.
    #[inline]
    pub fn at(&mut self, depth: usize, chunk: u32, line: u32) -> Hook {
        if self.last_lines.len() != depth {
            self.last_lines.resize(depth, 0);
        }
        let Some(last) = self.last_lines.last_mut() else { return Hook::Run };
        if self.ctl.pause.load(Ordering::Relaxed) && self.ctl.pause.swap(false, Ordering::Relaxed) {
            *last = line;
            self.step = None;
            return Hook::Pause(PauseReason::Pause);
        }
        if line == *last || line == 0 {
            return Hook::Run;
        }
        *last = line;
        self.refresh();
        if self.breaks.contains(&(chunk, line)) {
            self.step = None;
            return Hook::Pause(PauseReason::Breakpoint);
        }
        match self.step {
            Some((how, from)) if step_ends(how, from, depth) => {
                self.step = None;
                Hook::Pause(PauseReason::Step)
            }
            Some(_) => Hook::Run,
            None if self.breaks.is_empty() => Hook::Disarm,
            None => Hook::Run,
        }
    }
}

fn step_ends(how: Resume, from: usize, depth: usize) -> bool {
    match how {
        Resume::Continue => false,
        Resume::StepIn => true,
        Resume::StepOver => depth <= from,
        Resume::StepOut => depth < from,
    }
}

impl Vm {
    /// The controller of this VM's debug hook, created on first use. Hand it to another
    /// thread; breakpoints and pauses take effect while the program runs.
    pub fn debugger(&mut self) -> Arc<DebugController> {
        if let Some(session) = &self.debug {
            return Arc::clone(&session.ctl);
        }
        let ctl = Arc::new(DebugController::new(
            &self.program,
            Arc::clone(&self.host.interrupt),
            Arc::clone(&self.guard.attention),
        ));
        self.debug = Some(DebugSession::new(Arc::clone(&ctl)));
        ctl
    }

    /// Runs the frames above depth `stop` in the fast loop, or in the debug loop while a
    /// debugger has something armed, pausing where it asks.
    pub(crate) fn drive(&mut self, stop: usize) -> Result<Value, Fault> {
        let mut debugging = self.debug.as_mut().is_some_and(DebugSession::armed);
        if debugging {
            self.enter_debug_loop();
        }
        loop {
            let result = if debugging { self.interp::<true>(stop) } else { self.interp::<false>(stop) };
            match result {
                Err(Fault::Stop(Stop::Attention)) => {
                    // A host's request for the globals needs no debug loop of its own.
                    self.guard.attention.store(false, Ordering::SeqCst);
                    self.serve_host_requests();
                    self.serve_reload()?;
                    debugging = self.debug.as_mut().is_some_and(DebugSession::armed);
                    if debugging {
                        self.enter_debug_loop();
                    }
                }
                Err(Fault::Disarmed) => debugging = false,
                Err(Fault::Pause(reason)) => self.pause(reason)?,
                other => return other,
            }
        }
    }

    /// Lowers the attention flag (the debug loop now checks everything itself) and records
    /// the line each live frame is on, so only a new line counts.
    fn enter_debug_loop(&mut self) {
        let Some(session) = &mut self.debug else { return };
        session.ctl.attention.store(false, Ordering::SeqCst);
        let chunks = &self.program.chunks;
        session.last_lines = self
            .frames
            .iter()
            .map(|f| match f.pc.checked_sub(1) {
                Some(pc) => chunks.get(f.chunk as usize).and_then(|c| c.lines.get(pc)).copied().unwrap_or(0),
                None => 0,
            })
            .collect();
    }

    /// Shows the host where the program is and waits for it to resume or stop.
    fn pause(&mut self, reason: PauseReason) -> Result<(), Fault> {
        let _ = self.host.out.flush();
        let state = self.paused_state(reason);
        let Some(session) = &mut self.debug else { return Ok(()) };
        match session.ctl.pause_here(state) {
            Some(how) => {
                session.ctl.pause.store(false, Ordering::SeqCst);
                session.step = Some((how, self.frames.len())).filter(|(how, _)| *how != Resume::Continue);
                Ok(())
            }
            None => Err(Fault::Stop(Stop::Interrupted)),
        }
    }

    /// Answers a host's requests at a checkpoint: sets the globals it asked to set, then
    /// shows it every global.
    fn serve_host_requests(&mut self) {
        let Some(ctl) = self.debug.as_ref().map(|s| Arc::clone(&s.ctl)) else { return };
        let (wanted, sets) = ctl.host_requests();
        let mut error = None;
        for (name, text) in &sets {
            if let Err(e) = self.set_global_from_text(name, text) {
                error = Some(e);
            }
        }
        if wanted || !sets.is_empty() {
            ctl.answer_globals(self.globals_state(), self.script_health(), error);
        }
    }

    /// Every global with its type and value, as `log` prints it.
    fn globals_state(&self) -> Vec<GlobalState> {
        self.program
            .globals
            .iter()
            .zip(&self.globals)
            .map(|(slot, value)| GlobalState {
                name: slot.name.clone(),
                kind: slot.kind.keyword(),
                ty: slot.ty.clone(),
                value: format_value(value),
            })
            .collect()
    }

    /// Sets global `name` to the literal `text` of its type.
    fn set_global_from_text(&mut self, name: &str, text: &str) -> Result<(), String> {
        let index = self.program.globals.iter().position(|g| g.name == name).ok_or(format!("no global '{name}'"))?;
        if self.program.globals[index].kind != crate::bytecode::chunk::GlobalKind::Var {
            return Err(format!("'{name}' is not a var: its value cannot change"));
        }
        let text = text.trim();
        let bad = || format!("'{text}' is not a value of type {} for '{name}'", self.program.globals[index].ty);
        let value = match self.program.globals[index].ty.as_str() {
            "Int" => Value::Int(text.parse().map_err(|_| bad())?),
            "Float" | "Float32" => Value::Float(f64::from(text.parse::<f32>().map_err(|_| bad())?)),
            "Float64" => Value::Float(text.parse().map_err(|_| bad())?),
            "Bool" => Value::Bool(text.parse().map_err(|_| bad())?),
            "String" => {
                let inner = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(text);
                Value::Str(Rc::new(inner.to_owned()))
            }
            other => return Err(format!("'{name}' is a {other}: only Int, Float, Bool and String globals can be set")),
        };
        self.globals[index] = value;
        Ok(())
    }

    fn paused_state(&self, reason: PauseReason) -> PausedState {
        let top = self.frames.len().saturating_sub(1);
        let frames: Vec<FrameState> =
            self.frames.iter().enumerate().rev().filter_map(|(i, f)| self.frame_state(f, i == top)).collect();
        let (file, line) = frames.first().map(|f| (f.file.clone(), f.line)).unwrap_or_default();
        let column = self
            .frames
            .last()
            .and_then(|f| self.program.chunks.get(f.chunk as usize)?.debug.columns.get(f.pc).copied())
            .unwrap_or(0);
        PausedState { reason, file, line, column, frames }
    }

    /// A frame's position (the next instruction of the paused one, the call of a caller)
    /// and its locals in scope there.
    fn frame_state(&self, f: &Frame, paused: bool) -> Option<FrameState> {
        let chunk = self.program.chunks.get(f.chunk as usize)?;
        let pc = if paused { f.pc } else { f.pc.saturating_sub(1) };
        let locals = chunk
            .debug
            .locals
            .iter()
            .filter(|l| l.from as usize <= pc && pc < l.to as usize)
            .map(|l| {
                let value = self.stack.get(f.base + l.reg as usize).unwrap_or(&Value::None);
                let member = match (l.enum_index, value) {
                    (Some(e), Value::Int(i)) => self.enum_names.get(e as usize).and_then(|n| n.get(*i as usize)),
                    _ => None,
                };
                let value = member.map_or_else(|| format_value(value), |m| m.to_string());
                LocalState { name: l.name.clone(), ty: l.ty.clone(), value }
            })
            .collect();
        let line = chunk.lines.get(pc).copied().unwrap_or(0);
        Some(FrameState { function: chunk.name.clone(), file: chunk.file.clone(), line, locals })
    }
}
