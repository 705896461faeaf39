//! The VM's side of hot reload (`crate::hot`): at a checkpoint, apply the program a host
//! proposed when every live frame allows it, else wait for one that does, or restart.

use super::call::{self, Fault, RtChunk};
use super::value::{StructObj, Value};
use super::Vm;
use crate::bytecode::chunk::{CompiledProgram, GlobalKind};
use crate::bytecode::kinds;
use crate::bytecode::verify;
use crate::host::{format_value, NativeRegistry};
use crate::hot::migrate::Migration;
use crate::hot::plan::Plan;
use crate::hot::{HotController, HotEvent, WAIT_LIMIT};
use std::rc::Rc;
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::Instant;

/// A VM's hot reload: its controller, the natives new versions link against, and the
/// version waiting for a safe point.
pub(crate) struct HotSession {
    ctl: Arc<HotController>,
    registry: NativeRegistry,
    waiting: Option<(CompiledProgram, Plan, Instant)>,
    /// The version to restart on, once the run has unwound.
    pub(crate) restart: Option<(CompiledProgram, String)>,
    applying: bool,
}

impl Vm {
    /// Turns hot reload on: new versions proposed through the controller link against
    /// `registry`; what each reload did arrives on the receiver.
    pub fn hot_reload(&mut self, registry: &NativeRegistry) -> (Arc<HotController>, Receiver<HotEvent>) {
        let (ctl, events) = HotController::new(Arc::clone(&self.guard.attention));
        let ctl = Arc::new(ctl);
        self.hot = Some(HotSession {
            ctl: Arc::clone(&ctl),
            registry: registry.clone(),
            waiting: None,
            restart: None,
            applying: false,
        });
        self.guard.watched = true;
        (ctl, events)
    }

    /// At a checkpoint: applies the newest proposed version if no live frame runs changed
    /// code, keeps waiting if one does, and asks for a restart (`Fault::Restart`) when the
    /// version cannot be applied live.
    pub(super) fn serve_reload(&mut self) -> Result<(), Fault> {
        let Some(hot) = self.hot.as_mut().filter(|h| !h.applying) else { return Ok(()) };
        let pending = hot.ctl.take_pending();
        if pending.is_some() {
            // A newer version replaces one still waiting (whose plan was made for this one).
            hot.waiting = None;
        }
        let (program, plan, since) = match pending {
            Some(program) => match verify::verified(program) {
                Ok(p) => {
                    let program = p.into_program();
                    let plan = Plan::new(&self.program, &program);
                    (program, plan, Instant::now())
                }
                Err(e) => {
                    hot.ctl.report(HotEvent::Broken(format!("error: invalid bytecode: {e}")));
                    return Ok(());
                }
            },
            None => match hot.waiting.take() {
                Some(waiting) => waiting,
                None => return Ok(()),
            },
        };
        if let Some(reason) = &plan.restart {
            return Err(self.ask_restart(program, reason.clone()));
        }
        let blocked = self.frames.iter().position(|f| plan.unchanged[f.chunk as usize].is_none());
        if let Some(depth) = blocked {
            let name = self.program.chunks[self.frames[depth].chunk as usize].name.clone();
            if depth == 0 {
                return Err(
                    self.ask_restart(program, format!("'{name}' changed while it runs as the outermost function"))
                );
            }
            if since.elapsed() > WAIT_LIMIT {
                let reason = format!("'{name}' changed and did not return within {} s", WAIT_LIMIT.as_secs());
                return Err(self.ask_restart(program, reason));
            }
            if let Some(hot) = &mut self.hot {
                hot.waiting = Some((program, plan, since));
            }
            self.guard.set_eager(true);
            return Ok(());
        }
        self.guard.set_eager(false);
        // Code run while applying (the new initialiser, struct defaults) must not apply a
        // newer version in the middle; one that arrived meanwhile is served next.
        self.set_applying(true);
        let applied = self.apply(program, plan);
        self.set_applying(false);
        self.guard.attention.store(true, std::sync::atomic::Ordering::SeqCst);
        match applied {
            Ok(event) => self.report(event),
            Err(message) => self.report(HotEvent::Broken(message)),
        }
        Ok(())
    }

    fn set_applying(&mut self, applying: bool) {
        if let Some(hot) = &mut self.hot {
            hot.applying = applying;
        }
    }

    fn ask_restart(&mut self, program: CompiledProgram, reason: String) -> Fault {
        self.guard.set_eager(false);
        if let Some(hot) = &mut self.hot {
            hot.restart = Some((program, reason));
        }
        Fault::Restart
    }

    fn report(&self, event: HotEvent) {
        if let Some(hot) = &self.hot {
            hot.ctl.report(event);
        }
    }

    /// Swaps in `program`: live frames move to their functions' new chunks, globals and heap
    /// values migrate, new globals get their initial values.
    fn apply(&mut self, program: CompiledProgram, mut plan: Plan) -> Result<HotEvent, String> {
        let registry = &self.hot.as_ref().expect("hot session").registry;
        let natives =
            call::link(&program, registry, &self.limits.scripts, &self.host.interrupt).map_err(|e| e.to_string())?;
        let old = std::mem::replace(&mut self.program, Rc::new(program));
        self.install(natives);
        for frame in &mut self.frames {
            frame.chunk = plan.unchanged[frame.chunk as usize].unwrap_or(frame.chunk);
        }
        let mut old_globals = std::mem::take(&mut self.globals);
        self.globals = vec![Value::None; self.program.globals.len()];
        if plan.globals.iter().any(Option::is_none) {
            // New globals take their initial values from the new initialiser, which sets
            // every global; the kept ones get their values back below.
            self.run_chunk(self.program.init).map_err(|e| e.to_string())?;
            // A `let` or `const` whose new value prints differently says so.
            for (slot, g) in self.program.globals.iter().enumerate() {
                let before = old.globals.iter().position(|o| o.name == g.name && o.kind != GlobalKind::Var);
                if before.is_some_and(|i| format_value(&old_globals[i]) != format_value(&self.globals[slot])) {
                    plan.summary.globals.push(format!("~{}", g.name));
                }
            }
        }
        let heap = plan.heap_changes(&old);
        let mut migration = Migration { plan: &plan, old: &old, defaults: Vec::new() };
        if heap {
            migration.defaults = self.struct_defaults(&plan)?;
        }
        for (slot, from) in plan.globals.iter().enumerate() {
            if let Some(i) = *from {
                let mut value = std::mem::take(&mut old_globals[i]);
                if heap {
                    migration.value(&mut value, Some(&old.globals[i].ty));
                }
                self.globals[slot] = value;
            }
        }
        if heap {
            self.stack.iter_mut().for_each(|v| migration.value(v, None));
        }
        Ok(HotEvent::Patched(plan.summary))
    }

    /// A default instance of every new struct layout that gained a field.
    fn struct_defaults(&mut self, plan: &Plan) -> Result<Vec<Option<Rc<StructObj>>>, String> {
        let mut defaults = vec![None; self.program.structs.len()];
        let gained = plan.structs.iter().flatten().filter(|m| m.fields.iter().any(Option::is_none));
        let wanted: Vec<u32> = gained.map(|m| m.layout).collect();
        for layout in wanted {
            let chunk = self.program.structs[layout as usize].default;
            if let Value::Struct(obj) = self.run_chunk(chunk).map_err(|e| e.to_string())? {
                defaults[layout as usize] = Some(obj);
            }
        }
        Ok(defaults)
    }

    /// Builds the run-time chunks and enum names of `self.program`, linked to `natives`.
    pub(super) fn install(&mut self, links: call::Links) {
        let kinds = kinds::infer(&self.program);
        let chunks = self.program.chunks.iter().zip(&kinds.regs);
        self.chunks = chunks.map(|(c, regs)| RtChunk::new(c, regs, &links.natives)).collect();
        self.enum_names =
            self.program.enums.iter().map(|e| e.members.iter().map(|m| Rc::new(m.clone())).collect()).collect();
        // A host's listeners hear the new version's shared variables too.
        let new = links.natives.iter().find_map(|n| n.shared.clone());
        if let (Some(old), Some(new)) = (self.shared_script_data(), new) {
            new.borrow_mut().take_listeners(&mut old.borrow_mut());
        }
        self.natives = links.natives;
        self.scripts = links.scripts;
    }

    /// After a run unwound for a restart: the new version, with fresh globals and no frames.
    pub(super) fn take_restart(&mut self) -> Option<Result<(), String>> {
        let (program, reason) = self.hot.as_mut()?.restart.take()?;
        let registry = &self.hot.as_ref().expect("hot session").registry;
        let natives = match call::link(&program, registry, &self.limits.scripts, &self.host.interrupt) {
            Ok(n) => n,
            Err(e) => return Some(Err(e.to_string())),
        };
        self.program = Rc::new(program);
        self.install(natives);
        self.frames.clear();
        self.stack.iter_mut().for_each(Value::release);
        self.globals = vec![Value::None; self.program.globals.len()];
        self.report(HotEvent::Restarted(reason));
        Some(Ok(()))
    }
}
