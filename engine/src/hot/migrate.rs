//! Moving live values to a new version's layouts: struct objects (found by the layout index
//! they carry) get their fields by name, fields the new version adds take their defaults, and
//! enum values (found by the type of the global or field holding them) keep their member.

use super::plan::Plan;
use crate::bytecode::chunk::CompiledProgram;
use crate::vm::value::{MapObj, StructObj, Value};
use std::rc::Rc;

/// The layout index of a struct whose type the new version no longer has.
pub const GONE: u32 = u32::MAX;

pub struct Migration<'p> {
    pub plan: &'p Plan,
    pub old: &'p CompiledProgram,
    /// By new layout: a default instance, for layouts that gained fields.
    pub defaults: Vec<Option<Rc<StructObj>>>,
}

impl Migration<'_> {
    /// Migrates `v`, whose type in the old program is `ty` when known (a global's or a
    /// field's; registers have none, so enum values in them keep their ordinal).
    pub fn value(&self, v: &mut Value, ty: Option<&str>) {
        let ty = ty.map(|t| t.strip_prefix("opt ").unwrap_or(t));
        match v {
            Value::Int(n) => {
                if let Some(ordinals) = ty.and_then(|t| self.enum_ordinals(t)) {
                    *n = usize::try_from(*n).ok().and_then(|i| ordinals.get(i)).copied().unwrap_or(0);
                }
            }
            Value::List(list) => {
                let elem = ty.and_then(|t| generic_arg(t, "List"));
                for item in &mut Rc::make_mut(list).items {
                    self.value(item, elem);
                }
            }
            Value::Map(map) => {
                let elem = ty.and_then(|t| generic_arg(t, "StringMap").or_else(|| generic_arg(t, "IntMap")));
                match Rc::make_mut(map) {
                    MapObj::Str(m) => m.values_mut().for_each(|item| self.value(item, elem)),
                    MapObj::Int(m) => m.values_mut().for_each(|item| self.value(item, elem)),
                }
            }
            Value::Struct(obj) => self.structure(Rc::make_mut(obj)),
            _ => {}
        }
    }

    fn structure(&self, obj: &mut StructObj) {
        let Some(layout) = self.old.structs.get(obj.ty as usize) else { return };
        for (field, f) in obj.fields.iter_mut().zip(&layout.fields) {
            self.value(field, Some(&f.ty));
        }
        let Some(Some(map)) = self.plan.structs.get(obj.ty as usize) else {
            obj.ty = GONE;
            return;
        };
        let mut old = std::mem::take(&mut obj.fields);
        let default = self.defaults.get(map.layout as usize).and_then(Option::as_ref);
        obj.fields = map
            .fields
            .iter()
            .enumerate()
            .map(|(k, from)| match from {
                Some(j) => std::mem::take(&mut old[*j]),
                None => default.and_then(|d| d.fields.get(k)).cloned().unwrap_or_default(),
            })
            .collect();
        obj.ty = map.layout;
    }

    /// By old ordinal, the new one, when `ty` names an enum whose members changed.
    fn enum_ordinals(&self, ty: &str) -> Option<&[i64]> {
        let index = self.old.enums.iter().position(|e| e.name == ty)?;
        let (_, ordinals) = self.plan.enums.get(index)?.as_ref()?;
        let identity = ordinals.iter().enumerate().all(|(k, &o)| o == k as i64);
        (!identity).then_some(ordinals.as_slice())
    }
}

/// `T` of `Head(T)`.
fn generic_arg<'t>(ty: &'t str, head: &str) -> Option<&'t str> {
    ty.strip_prefix(head)?.strip_prefix('(')?.strip_suffix(')')
}
