//! What a value of a type looks like (struct fields and enum members, recursively), so that a
//! global whose type was redefined does not keep a value of the old shape.

use crate::check::typed::TypedProgram;
use crate::check::types::Ty;
use std::collections::HashSet;

/// `ty` with the fields of every struct and the members of every enum it reaches.
pub fn layout(ty: &Ty, typed: &TypedProgram) -> String {
    let mut out = String::new();
    describe(ty, typed, &mut HashSet::new(), &mut out);
    out
}

fn describe(ty: &Ty, typed: &TypedProgram, seen: &mut HashSet<String>, out: &mut String) {
    out.push_str(&typed.ty_name(ty));
    match ty {
        Ty::Struct(id, _) => {
            let info = typed.struct_info(*id);
            if !seen.insert(info.name.clone()) {
                return;
            }
            out.push('{');
            for field in &info.fields {
                out.push_str(&field.name);
                out.push(':');
                describe(&field.ty, typed, seen, out);
                out.push(',');
            }
            out.push('}');
        }
        Ty::Enum(id) => {
            let info = typed.enum_info(*id);
            out.push('{');
            out.push_str(&info.members.join(","));
            out.push('}');
        }
        Ty::List(inner) | Ty::StringMap(inner) | Ty::IntMap(inner) | Ty::Opt(inner) | Ty::Ref(_, inner) => {
            out.push('(');
            describe(inner, typed, seen, out);
            out.push(')');
        }
        _ => {}
    }
}
