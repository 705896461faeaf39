//! Checked types (`Ty`), the ids of declarations they point to, and their display as Rae writes them.

use std::fmt::Write as _;
use std::sync::Arc;

/// Index of a struct in `TypedProgram::structs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StructId(pub u32);

/// Index of an enum in `TypedProgram::enums`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumId(pub u32);

/// Index of a function (user or library) in `TypedProgram::functions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncId(pub u32);

/// Index of a global in `TypedProgram::globals`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobalId(pub u32);

/// Slot of a local in its function's `FuncInfo::locals`; parameters take slots `0..params.len()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntTy {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntTy {
    pub fn is_signed(self) -> bool {
        matches!(self, IntTy::I8 | IntTy::I16 | IntTy::I32 | IntTy::I64)
    }

    /// Width in bits (C's `sizeof` times eight).
    pub fn bits(self) -> u32 {
        match self {
            IntTy::I8 | IntTy::U8 => 8,
            IntTy::I16 | IntTy::U16 => 16,
            IntTy::I32 | IntTy::U32 => 32,
            IntTy::I64 | IntTy::U64 => 64,
        }
    }

    /// Largest magnitude an integer literal may have for this type (`-` applied separately).
    pub fn max_literal(self, negative: bool) -> u64 {
        let bits = self.bits();
        if self.is_signed() {
            (1u64 << (bits - 1)) - u64::from(!negative)
        } else if negative {
            0
        } else {
            u64::MAX >> (64 - bits)
        }
    }

    fn name(self) -> &'static str {
        match self {
            IntTy::I8 => "Int8",
            IntTy::I16 => "Int16",
            IntTy::I32 => "Int32",
            IntTy::I64 => "Int",
            IntTy::U8 => "UInt8",
            IntTy::U16 => "UInt16",
            IntTy::U32 => "UInt32",
            IntTy::U64 => "UInt64",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FloatTy {
    F32,
    F64,
}

/// `view`/`mod` inside a type: alias bindings, `ret view T`, `opt view T` results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefMode {
    View,
    Mod,
}

/// A generic type parameter of a function or struct: its position among the declaration's
/// type parameters and its name (for messages).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TypeParam {
    pub index: u32,
    pub name: Arc<str>,
}

/// A checked type. Cloning is cheap (children are shared); equality is structural.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    Int(IntTy),
    Float(FloatTy),
    Bool,
    String,
    Char,
    /// The "type" of a call to a function without `ret`.
    Void,
    /// A struct with its type arguments (empty for non-generic structs).
    Struct(StructId, Arc<[Ty]>),
    Enum(EnumId),
    List(Arc<Ty>),
    StringMap(Arc<Ty>),
    IntMap(Arc<Ty>),
    Opt(Arc<Ty>),
    Ref(RefMode, Arc<Ty>),
    /// A type parameter inside a generic signature or struct declaration.
    Param(TypeParam),
    /// An expression that names a type (`Int` in `createList(Int, cap: 4)`, `Float` in
    /// `Float.createList(cap: 4)`); its payload is the named type.
    Type(Arc<Ty>),
    /// The literal `none` before a context gives it an `opt` type.
    None,
    /// Something already reported; checks silently against anything.
    Error,
}

pub const INT: Ty = Ty::Int(IntTy::I64);
pub const FLOAT: Ty = Ty::Float(FloatTy::F32);

impl Ty {
    pub fn list(elem: Ty) -> Ty {
        Ty::List(Arc::new(elem))
    }

    pub fn opt(inner: Ty) -> Ty {
        match inner {
            Ty::Opt(_) | Ty::Error => inner,
            other => Ty::Opt(Arc::new(other)),
        }
    }

    pub fn is_error(&self) -> bool {
        matches!(self, Ty::Error)
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Ty::Int(_) | Ty::Float(_))
    }

    pub fn is_integer(&self) -> bool {
        matches!(self, Ty::Int(_))
    }

    /// The value type behind `view`/`mod` (values are used through references transparently).
    pub fn unref(&self) -> &Ty {
        match self {
            Ty::Ref(_, inner) => inner.unref(),
            other => other,
        }
    }

    /// Removes every `view`/`mod` layer, also inside `opt`.
    pub fn strip_refs(&self) -> Ty {
        match self {
            Ty::Ref(_, inner) => inner.strip_refs(),
            Ty::Opt(inner) if matches!(**inner, Ty::Ref(..)) => Ty::opt(inner.strip_refs()),
            other => other.clone(),
        }
    }

    pub fn contains_params(&self) -> bool {
        match self {
            Ty::Param(_) => true,
            Ty::Struct(_, args) => args.iter().any(Ty::contains_params),
            Ty::List(t) | Ty::StringMap(t) | Ty::IntMap(t) | Ty::Opt(t) | Ty::Ref(_, t) | Ty::Type(t) => {
                t.contains_params()
            }
            _ => false,
        }
    }

    pub fn contains_error(&self) -> bool {
        match self {
            Ty::Error => true,
            Ty::Struct(_, args) => args.iter().any(Ty::contains_error),
            Ty::List(t) | Ty::StringMap(t) | Ty::IntMap(t) | Ty::Opt(t) | Ty::Ref(_, t) | Ty::Type(t) => {
                t.contains_error()
            }
            _ => false,
        }
    }

    /// Replaces type parameters by `args[index]`; unbound parameters stay as they are.
    pub fn subst(&self, args: &[Option<Ty>]) -> Ty {
        if !self.contains_params() {
            return self.clone();
        }
        let map = |t: &Arc<Ty>| Arc::new(t.subst(args));
        match self {
            Ty::Param(p) => args.get(p.index as usize).cloned().flatten().unwrap_or_else(|| self.clone()),
            Ty::Struct(id, a) => Ty::Struct(*id, a.iter().map(|t| t.subst(args)).collect()),
            Ty::List(t) => Ty::List(map(t)),
            Ty::StringMap(t) => Ty::StringMap(map(t)),
            Ty::IntMap(t) => Ty::IntMap(map(t)),
            Ty::Opt(t) => Ty::opt(t.subst(args)),
            Ty::Ref(m, t) => Ty::Ref(*m, map(t)),
            Ty::Type(t) => Ty::Type(map(t)),
            other => other.clone(),
        }
    }

    /// The element type of a list (through references).
    pub fn list_elem(&self) -> Option<&Ty> {
        match self.unref() {
            Ty::List(t) => Some(t),
            _ => None,
        }
    }
}

/// Binds the type parameters in `pattern` so that it matches `actual`. Returns false on a
/// structural mismatch or a conflicting binding. `opt T` patterns accept a plain `T`, and
/// references are looked through, mirroring what a call accepts.
pub fn unify(pattern: &Ty, actual: &Ty, binds: &mut [Option<Ty>]) -> bool {
    let actual = actual.unref();
    match (pattern.unref(), actual) {
        // An erroneous argument binds its parameter to `Error`, so nothing else is reported.
        (Ty::Param(p), _) => {
            if matches!(actual, Ty::Void | Ty::Type(_)) {
                return false;
            }
            let Some(slot) = binds.get_mut(p.index as usize) else { return false };
            match slot {
                Some(bound) => {
                    bound.strip_refs() == actual.strip_refs()
                        || bound.is_error()
                        || actual.is_error()
                        || (*actual == Ty::None && matches!(bound, Ty::Opt(_)))
                }
                None => {
                    *slot = Some(actual.strip_refs());
                    true
                }
            }
        }
        (_, Ty::Error) | (Ty::Error, _) => true,
        (Ty::Opt(p), Ty::Opt(a)) => unify(p, a, binds),
        (Ty::Opt(_), Ty::None) => true,
        (Ty::Opt(p), a) => unify(p, a, binds),
        (Ty::List(p), Ty::List(a)) | (Ty::StringMap(p), Ty::StringMap(a)) | (Ty::IntMap(p), Ty::IntMap(a)) => {
            unify(p, a, binds)
        }
        (Ty::Struct(p, pa), Ty::Struct(a, aa)) => {
            p == a && pa.len() == aa.len() && pa.iter().zip(aa.iter()).all(|(p, a)| unify(p, a, binds))
        }
        (p, a) => p.strip_refs() == a.strip_refs(),
    }
}

/// Names of declared types, for displaying `Ty` values.
pub trait TypeNames {
    fn struct_name(&self, id: StructId) -> &str;
    fn enum_name(&self, id: EnumId) -> &str;
}

/// `ty` as Rae writes it: `Int`, `List(Int)`, `opt String`, `Pair(Int)`, `view Point`.
pub fn ty_name(ty: &Ty, names: &dyn TypeNames) -> String {
    let mut out = String::new();
    write_ty(&mut out, ty, names);
    out
}

fn write_ty(out: &mut String, ty: &Ty, names: &dyn TypeNames) {
    let generic = |out: &mut String, name: &str, args: &[&Ty]| {
        out.push_str(name);
        out.push('(');
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            write_ty(out, a, names);
        }
        out.push(')');
    };
    match ty {
        Ty::Int(i) => out.push_str(i.name()),
        Ty::Float(FloatTy::F32) => out.push_str("Float"),
        Ty::Float(FloatTy::F64) => out.push_str("Float64"),
        Ty::Bool => out.push_str("Bool"),
        Ty::String => out.push_str("String"),
        Ty::Char => out.push_str("Char32"),
        Ty::Void => out.push_str("nothing"),
        Ty::Struct(id, args) if args.is_empty() => out.push_str(names.struct_name(*id)),
        Ty::Struct(id, args) => generic(out, names.struct_name(*id), &args.iter().collect::<Vec<_>>()),
        Ty::Enum(id) => out.push_str(names.enum_name(*id)),
        Ty::List(t) => generic(out, "List", &[t]),
        Ty::StringMap(t) => generic(out, "StringMap", &[t]),
        Ty::IntMap(t) => generic(out, "IntMap", &[t]),
        Ty::Opt(t) => {
            out.push_str("opt ");
            write_ty(out, t, names);
        }
        Ty::Ref(m, t) => {
            out.push_str(if *m == RefMode::View { "view " } else { "mod " });
            write_ty(out, t, names);
        }
        Ty::Param(p) => out.push_str(&p.name),
        Ty::Type(t) => {
            let _ = write!(out, "type ");
            write_ty(out, t, names);
        }
        Ty::None => out.push_str("none"),
        Ty::Error => out.push_str("{error}"),
    }
}

/// The built-in scalar type a name denotes (`Int`, `Float64`, `Char`, …).
pub fn builtin_scalar(name: &str) -> Option<Ty> {
    Some(match name {
        "Int" | "Int64" => INT,
        "Int8" => Ty::Int(IntTy::I8),
        "Int16" => Ty::Int(IntTy::I16),
        "Int32" => Ty::Int(IntTy::I32),
        "UInt8" => Ty::Int(IntTy::U8),
        "UInt16" => Ty::Int(IntTy::U16),
        "UInt32" => Ty::Int(IntTy::U32),
        "UInt64" => Ty::Int(IntTy::U64),
        "Float" | "Float32" => FLOAT,
        "Float64" => Ty::Float(FloatTy::F64),
        "Bool" => Ty::Bool,
        "String" => Ty::String,
        "Char32" | "Char" => Ty::Char,
        _ => return None,
    })
}

/// Names of the built-in generic containers, which take exactly one type argument.
pub const BUILTIN_CONTAINERS: &[&str] = &["List", "StringMap", "IntMap"];

#[cfg(test)]
mod tests {
    use super::*;

    struct NoNames;
    impl TypeNames for NoNames {
        fn struct_name(&self, _: StructId) -> &str {
            "Pair"
        }
        fn enum_name(&self, _: EnumId) -> &str {
            "Color"
        }
    }

    fn param(i: u32, name: &str) -> Ty {
        Ty::Param(TypeParam { index: i, name: name.into() })
    }

    #[test]
    fn names_match_rae_spelling() {
        assert_eq!(ty_name(&Ty::list(INT), &NoNames), "List(Int)");
        assert_eq!(ty_name(&Ty::opt(Ty::String), &NoNames), "opt String");
        assert_eq!(ty_name(&Ty::Struct(StructId(0), Arc::new([INT])), &NoNames), "Pair(Int)");
        assert_eq!(ty_name(&Ty::Float(FloatTy::F64), &NoNames), "Float64");
        assert_eq!(builtin_scalar("Int64"), Some(INT));
        assert_eq!(builtin_scalar("Char"), Some(Ty::Char));
    }

    #[test]
    fn unify_binds_and_rejects_conflicts() {
        let mut binds = vec![None];
        assert!(unify(&Ty::list(param(0, "T")), &Ty::list(FLOAT), &mut binds));
        assert_eq!(binds[0], Some(FLOAT));
        assert!(!unify(&param(0, "T"), &INT, &mut binds));
        let mut binds = vec![None];
        assert!(unify(&Ty::opt(param(0, "T")), &INT, &mut binds));
        assert_eq!(Ty::opt(param(0, "T")).subst(&binds), Ty::opt(INT));
    }

    #[test]
    fn literal_ranges() {
        assert_eq!(IntTy::U8.max_literal(false), 255);
        assert_eq!(IntTy::I8.max_literal(true), 128);
        assert_eq!(IntTy::I8.max_literal(false), 127);
        assert_eq!(IntTy::U64.max_literal(false), u64::MAX);
        assert_eq!(IntTy::I64.max_literal(true), 1 << 63);
    }
}
