//! What a new version of a program changes against the running one: functions (compared by
//! their code with every index resolved to a name, so a function that only moved in the
//! chunk table or in the file counts as unchanged), struct and enum layouts, and globals.

use crate::bytecode::chunk::{Chunk, CompiledProgram, Constant, GlobalKind, ScriptFunc, ScriptType};
use crate::bytecode::opcodes::OperandKind;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// How the old program maps onto the new one.
#[derive(Debug, Default)]
pub struct Plan {
    /// By old chunk: the new chunk with the same identity and the same code, where a live
    /// frame can go on running at the same instruction.
    pub unchanged: Vec<Option<u32>>,
    /// By new global: the old `var` of the same name and type, whose value is kept. A `let`
    /// or `const` cannot change while the program runs, so it takes the new version's value.
    pub globals: Vec<Option<usize>>,
    /// By old struct layout: the new layout of the same name and, by new field, the old
    /// field of the same name and type (`None`: the field takes its default).
    pub structs: Vec<Option<StructMap>>,
    /// By old enum: the new enum of the same name and, by old ordinal, the new one.
    pub enums: Vec<Option<(usize, Vec<i64>)>>,
    /// Why the change cannot be applied to the running program (it restarts instead).
    pub restart: Option<String>,
    pub summary: Summary,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructMap {
    pub layout: u32,
    pub fields: Vec<Option<usize>>,
}

impl StructMap {
    /// Whether the layout kept every field in place (objects need only their index updated).
    fn identity(&self, old_fields: usize) -> bool {
        self.fields.len() == old_fields && self.fields.iter().enumerate().all(|(k, f)| *f == Some(k))
    }
}

/// What changed, as the `[hot-patch]` line says it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub changed: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub structs: Vec<String>,
    pub enums: Vec<String>,
    pub globals: Vec<String>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = [
            ("changed", &self.changed),
            ("added", &self.added),
            ("removed", &self.removed),
            ("structs", &self.structs),
            ("enums", &self.enums),
            ("globals", &self.globals),
        ]
        .iter()
        .filter(|(_, names)| !names.is_empty())
        .map(|(what, names)| format!("{what}: {}", names.join(", ")))
        .collect();
        if parts.is_empty() {
            f.write_str("no code changed")
        } else {
            f.write_str(&parts.join("; "))
        }
    }
}

impl Plan {
    pub fn new(old: &CompiledProgram, new: &CompiledProgram) -> Plan {
        let mut plan = Plan::default();
        plan.compare_functions(old, new);
        plan.compare_scripts(old, new);
        plan.compare_structs(old, new);
        plan.compare_enums(old, new);
        plan.compare_globals(old, new);
        plan
    }

    /// Whether heap values need visiting: a struct layout changed or moved, or an enum changed.
    pub fn heap_changes(&self, old: &CompiledProgram) -> bool {
        let moved = self.structs.iter().enumerate().any(|(i, m)| match m {
            Some(m) => m.layout as usize != i || !m.identity(old.structs[i].fields.len()),
            None => true,
        });
        let renumbered = self.enums.iter().enumerate().any(|(i, m)| match m {
            Some((e, ordinals)) => *e != i || ordinals.iter().enumerate().any(|(k, &o)| o != k as i64),
            None => false,
        });
        moved || renumbered
    }

    fn compare_functions(&mut self, old: &CompiledProgram, new: &CompiledProgram) {
        let old_ids = identities(old);
        let new_ids = identities(new);
        let by_id: HashMap<&str, usize> = new_ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
        let (old_user, new_user) = (user_chunks(old), user_chunks(new));
        let mut changed = BTreeSet::new();
        let mut removed = BTreeSet::new();
        for (i, id) in old_ids.iter().enumerate() {
            let same = by_id.get(id.as_str()).copied().filter(|&j| {
                let (a, b) = (&old.chunks[i], &new.chunks[j]);
                fingerprint(a, old, &old_ids) == fingerprint(b, new, &new_ids)
            });
            self.unchanged.push(same.map(|j| j as u32));
            if same.is_none() && old_user[i] {
                if by_id.contains_key(id.as_str()) {
                    changed.insert(old.chunks[i].name.clone());
                } else {
                    removed.insert(old.chunks[i].name.clone());
                }
            }
        }
        let old_names: BTreeSet<&str> = old.chunks.iter().map(|c| c.name.as_str()).collect();
        let new_names: BTreeSet<&str> = new.chunks.iter().map(|c| c.name.as_str()).collect();
        // A generic function with a new instance is changed, not added; one that lost an
        // instance but kept another is not removed.
        let added = new.chunks.iter().enumerate().filter(|(j, c)| new_user[*j] && !old_names.contains(c.name.as_str()));
        self.summary.added = added.map(|(_, c)| c.name.clone()).collect::<BTreeSet<_>>().into_iter().collect();
        removed.retain(|name| !new_names.contains(name.as_str()));
        self.summary.changed = changed.into_iter().collect();
        self.summary.removed = removed.into_iter().collect();
    }

    /// Script functions are not chunks: one whose code or signature changed is reloaded with
    /// its language's VM (the VM links every script again), and is named like a changed
    /// function.
    fn compare_scripts(&mut self, old: &CompiledProgram, new: &CompiledProgram) {
        let mut changed: BTreeSet<String> = self.summary.changed.drain(..).collect();
        let mut added: BTreeSet<String> = self.summary.added.drain(..).collect();
        let mut removed: BTreeSet<String> = self.summary.removed.drain(..).collect();
        for s in &new.scripts {
            match old.scripts.iter().find(|o| o.key == s.key) {
                Some(o) if o.code == s.code && script_signature(old, o) == script_signature(new, s) => {}
                Some(_) => {
                    changed.insert(s.name.clone());
                }
                None => {
                    added.insert(s.name.clone());
                }
            }
        }
        let gone = old.scripts.iter().filter(|o| !new.scripts.iter().any(|s| s.key == o.key));
        removed.extend(gone.map(|o| o.name.clone()));
        self.summary.changed = changed.into_iter().collect();
        self.summary.added = added.into_iter().collect();
        self.summary.removed = removed.into_iter().collect();
    }

    fn compare_structs(&mut self, old: &CompiledProgram, new: &CompiledProgram) {
        for layout in &old.structs {
            let Some(index) = new.structs.iter().position(|s| s.name == layout.name) else {
                self.structs.push(None);
                continue;
            };
            let target = &new.structs[index];
            let fields: Vec<Option<usize>> = target
                .fields
                .iter()
                .map(|f| layout.fields.iter().position(|o| o.name == f.name && o.ty == f.ty))
                .collect();
            let map = StructMap { layout: index as u32, fields };
            if !map.identity(layout.fields.len()) {
                let mut notes = Vec::new();
                for (k, f) in target.fields.iter().enumerate() {
                    match (map.fields[k], layout.fields.iter().find(|o| o.name == f.name)) {
                        (None, Some(_)) => notes.push(format!("~{}", f.name)),
                        (None, None) => notes.push(format!("+{}", f.name)),
                        _ => {}
                    }
                }
                let gone = layout.fields.iter().filter(|o| !target.fields.iter().any(|f| f.name == o.name));
                notes.extend(gone.map(|o| format!("-{}", o.name)));
                if notes.is_empty() {
                    notes.push("reordered".into());
                }
                self.summary.structs.push(format!("{} ({})", layout.name, notes.join(", ")));
            }
            self.structs.push(Some(map));
        }
    }

    fn compare_enums(&mut self, old: &CompiledProgram, new: &CompiledProgram) {
        for e in &old.enums {
            let Some(index) = new.enums.iter().position(|n| n.name == e.name) else {
                self.enums.push(None);
                continue;
            };
            let target = &new.enums[index].members;
            // A value whose member is gone takes the first member, as a default value would.
            let ordinals: Vec<i64> =
                e.members.iter().map(|m| target.iter().position(|t| t == m).unwrap_or(0) as i64).collect();
            if *target != e.members {
                let mut notes: Vec<String> =
                    target.iter().filter(|t| !e.members.contains(t)).map(|t| format!("+{t}")).collect();
                notes.extend(e.members.iter().filter(|m| !target.contains(m)).map(|m| format!("-{m}")));
                if notes.is_empty() {
                    notes.push("reordered".into());
                }
                self.summary.enums.push(format!("{} ({})", e.name, notes.join(", ")));
            }
            self.enums.push(Some((index, ordinals)));
        }
    }

    fn compare_globals(&mut self, old: &CompiledProgram, new: &CompiledProgram) {
        for g in &new.globals {
            let before = old.globals.iter().position(|o| o.name == g.name);
            match before.map(|i| (i, &old.globals[i])) {
                Some((_, o)) if o.kind != GlobalKind::Var || g.kind != GlobalKind::Var => self.globals.push(None),
                Some((i, o)) if o.ty == g.ty => self.globals.push(Some(i)),
                Some((_, o)) => {
                    self.restart.get_or_insert(format!("global '{}' changed type from {} to {}", g.name, o.ty, g.ty));
                    self.globals.push(None);
                }
                None => {
                    self.summary.globals.push(format!("+{}", g.name));
                    self.globals.push(None);
                }
            }
        }
        let gone = old.globals.iter().filter(|o| !new.globals.iter().any(|g| g.name == o.name));
        self.summary.globals.extend(gone.map(|o| format!("-{}", o.name)));
    }
}

/// A script function's parameters and result with their types spelled out (type indices
/// differ between two versions of a program).
fn script_signature(program: &CompiledProgram, s: &ScriptFunc) -> String {
    fn ty(program: &CompiledProgram, t: u32) -> String {
        match program.script_types.get(t as usize) {
            Some(ScriptType::Int) => "Int".into(),
            Some(ScriptType::Float) => "Float64".into(),
            Some(ScriptType::Float32) => "Float".into(),
            Some(ScriptType::Bool) => "Bool".into(),
            Some(ScriptType::Str) => "String".into(),
            Some(ScriptType::Char) => "Char".into(),
            Some(ScriptType::Enum(e)) => program.enums.get(*e as usize).map_or("?".into(), |e| e.name.clone()),
            Some(ScriptType::List(t)) => format!("List({})", ty(program, *t)),
            Some(ScriptType::StrMap(t)) => format!("StringMap({})", ty(program, *t)),
            Some(ScriptType::IntMap(t)) => format!("IntMap({})", ty(program, *t)),
            Some(ScriptType::Opt(t)) => format!("opt {}", ty(program, *t)),
            // By name: a changed layout is the struct migration's business.
            Some(ScriptType::Struct { layout, .. }) => {
                program.structs.get(*layout as usize).map_or("?".into(), |s| s.name.clone())
            }
            None => "?".into(),
        }
    }
    let params: Vec<String> = s.params.iter().map(|(n, t)| format!("{n}: {}", ty(program, *t))).collect();
    format!("({}) {}", params.join(", "), s.ret.map(|t| ty(program, t)).unwrap_or_default())
}

/// Which chunks are the user's functions (not the globals' initialiser or a struct default).
fn user_chunks(program: &CompiledProgram) -> Vec<bool> {
    let mut user = vec![true; program.chunks.len()];
    let hidden = std::iter::once(program.init).chain(program.structs.iter().map(|s| s.default));
    for i in hidden {
        if let Some(u) = user.get_mut(i as usize) {
            *u = false;
        }
    }
    user
}

/// Each chunk's identity across versions: its name and the types of its parameters (one per
/// instance of a generic function).
fn identities(program: &CompiledProgram) -> Vec<String> {
    program
        .chunks
        .iter()
        .map(|c| {
            let params: Vec<&str> =
                c.debug.locals.iter().filter(|l| l.reg < c.nparams).map(|l| l.ty.as_str()).collect();
            format!("{}({})", c.name, params.join(", "))
        })
        .collect()
}

/// A chunk's code with every operand that indexes a program table replaced by what it names,
/// so two versions compare equal exactly when they behave the same.
fn fingerprint(chunk: &Chunk, program: &CompiledProgram, ids: &[String]) -> Vec<String> {
    let mut out = vec![format!("{} {} {:?}", chunk.nparams, chunk.nregs, chunk.mod_params)];
    for instr in &chunk.code {
        let mut text = instr.op().name().to_string();
        for ((_, kind), value) in instr.op().layout().iter().zip(instr.operands()) {
            let i = value as usize;
            let operand = match kind {
                OperandKind::Const => match chunk.consts.get(i) {
                    Some(Constant::Float(x)) => format!("f{:x}", x.to_bits()),
                    Some(k) => format!("{k:?}"),
                    None => String::new(),
                },
                OperandKind::Func => ids.get(i).cloned().unwrap_or_default(),
                OperandKind::Native => program.natives.get(i).map(|n| n.key.clone()).unwrap_or_default(),
                OperandKind::Global => program.globals.get(i).map(|g| g.name.clone()).unwrap_or_default(),
                OperandKind::Path => format!("{:?}", chunk.paths.get(i)),
                OperandKind::Enum => program.enums.get(i).map(|e| e.name.clone()).unwrap_or_default(),
                OperandKind::Struct => program.structs.get(i).map(|s| s.name.clone()).unwrap_or_default(),
                _ => value.to_string(),
            };
            text.push(' ');
            text.push_str(&operand);
        }
        out.push(text);
    }
    out
}
