//! Which C runtime function serves each natives-registry key (the keys of engine/src/host),
//! and the C wrappers that call a user's `extern` function with C types.

use crate::check::types::{FloatTy, IntTy, Ty};

/// Registry key → C function in `rae_natives.c`. Map natives do not care whether the map is a
/// `StringMap` or an `IntMap` (the object knows), so both flavours share a function.
const NATIVES: &[(&str, &str)] = &[
    ("core.log", "rn_log"),
    ("core.logS", "rn_logS"),
    ("core.sleep", "rn_sleep"),
    ("core.nowMs", "rn_nowMs"),
    ("core.nowNs", "rn_nowNs"),
    ("core.nextTick", "rn_nextTick"),
    ("core.toString", "rn_toString"),
    ("core.toFloat(Int)", "rn_int_to_f32"),
    ("core.toFloat(Float64)", "rn_f64_to_f32"),
    ("core.toInt(Float)", "rn_float_to_int"),
    ("core.toInt(Float64)", "rn_float_to_int"),
    ("core.toInt(Char32)", "rn_char_to_int"),
    ("core.createList", "rn_createList"),
    ("core.add", "rn_add"),
    ("core.get(List(T),Int)", "rn_list_get"),
    ("core.at", "rn_list_get"),
    ("core.viewAt", "rn_list_get"),
    ("core.modAt", "rn_list_get"),
    ("core.set(List(T),Int,T)", "rn_list_set"),
    ("core.insert", "rn_insert"),
    ("core.pop", "rn_pop"),
    ("core.removeLast", "rn_removeLast"),
    ("core.remove(List(T),Int)", "rn_list_remove"),
    ("core.swapRemove", "rn_swapRemove"),
    ("core.truncate", "rn_truncate"),
    ("core.clear", "rn_clear"),
    ("core.swap", "rn_swap"),
    ("core.sort", "rn_sort"),
    ("core.sortDesc", "rn_sortDesc"),
    ("core.reverse", "rn_reverse"),
    ("core.isEmpty", "rn_isEmpty"),
    ("core.contains", "rn_list_contains"),
    ("core.indexOf", "rn_list_indexOf"),
    ("core.join", "rn_join"),
    ("core.createStringMap", "rn_createStringMap"),
    ("core.createIntMap", "rn_createIntMap"),
    ("core.set(StringMap(V),String,V)", "rn_map_set"),
    ("core.set(IntMap(V),Int,V)", "rn_map_set"),
    ("core.get(StringMap(V),String)", "rn_map_get"),
    ("core.get(IntMap(V),Int)", "rn_map_get"),
    ("core.viewGet(StringMap(V),String)", "rn_map_get"),
    ("core.viewGet(IntMap(V),Int)", "rn_map_get"),
    ("core.modGet(StringMap(V),String)", "rn_map_get"),
    ("core.modGet(IntMap(V),Int)", "rn_map_get"),
    ("core.has(StringMap(V),String)", "rn_map_has"),
    ("core.has(IntMap(V),Int)", "rn_map_has"),
    ("core.remove(StringMap(V),String)", "rn_map_remove"),
    ("core.remove(IntMap(V),Int)", "rn_map_remove"),
    ("core.keys(StringMap(V))", "rn_map_keys"),
    ("core.keys(IntMap(V))", "rn_map_keys"),
    ("core.values(StringMap(V))", "rn_map_values"),
    ("core.values(IntMap(V))", "rn_map_values"),
    ("math.sqrt(Float)", "rn_sqrt_f32"),
    ("math.sqrt(Float64)", "rn_sqrt_f64"),
    ("math.sin(Float)", "rn_sin_f32"),
    ("math.sin(Float64)", "rn_sin_f64"),
    ("math.cos(Float)", "rn_cos_f32"),
    ("math.cos(Float64)", "rn_cos_f64"),
    ("math.tan", "rn_tan_f32"),
    ("math.asin", "rn_asin_f32"),
    ("math.acos", "rn_acos_f32"),
    ("math.atan", "rn_atan_f32"),
    ("math.exp", "rn_exp_f32"),
    ("math.floor(Float)", "rn_floor_f32"),
    ("math.floor(Float64)", "rn_floor_f64"),
    ("math.ceil(Float)", "rn_ceil_f32"),
    ("math.ceil(Float64)", "rn_ceil_f64"),
    ("math.round(Float)", "rn_round_f32"),
    ("math.round(Float64)", "rn_round_f64"),
    ("math.abs(Float)", "rn_abs_f32"),
    ("math.abs(Float64)", "rn_abs_f64"),
    ("math.abs(Int)", "rn_abs_int"),
    ("math.min(Int,Int)", "rn_min_int"),
    ("math.min(Float,Float)", "rn_min_f32"),
    ("math.min(Float64,Float64)", "rn_min_f64"),
    ("math.max(Int,Int)", "rn_max_int"),
    ("math.max(Float,Float)", "rn_max_f32"),
    ("math.max(Float64,Float64)", "rn_max_f64"),
    ("math.clamp(Int,Int,Int)", "rn_clamp_int"),
    ("math.clamp(Float,Float,Float)", "rn_clamp_f32"),
    ("math.clamp(Float64,Float64,Float64)", "rn_clamp_f64"),
    ("math.lerp", "rn_lerp"),
    ("math.atan2", "rn_atan2"),
    ("math.pow(Float,Float)", "rn_pow_f32"),
    ("math.pow(Float64,Float64)", "rn_pow_f64"),
    ("math.popcount", "rn_popcount"),
    ("math.leadingZeros", "rn_leadingZeros"),
    ("math.trailingZeros", "rn_trailingZeros"),
    ("math.seed", "rn_seed"),
    ("math.random()", "rn_random_unit"),
    ("math.random(Int,Int)", "rn_random_range"),
    ("math.randomInt", "rn_random_range"),
    ("math.randomFloat", "rn_randomFloat"),
    ("string.length", "rn_str_length"),
    ("string.at", "rn_str_at"),
    ("string.equals", "rn_str_equals"),
    ("string.compare", "rn_str_compare"),
    ("string.concat", "rn_str_concat"),
    ("string.sub", "rn_str_sub"),
    ("string.contains", "rn_str_contains"),
    ("string.startsWith", "rn_str_startsWith"),
    ("string.endsWith", "rn_str_endsWith"),
    ("string.indexOf", "rn_str_indexOf"),
    ("string.replace", "rn_str_replace"),
    ("string.split", "rn_str_split"),
    ("string.trim", "rn_str_trim"),
    ("string.toUpper", "rn_str_toUpper"),
    ("string.toLower", "rn_str_toLower"),
    ("string.toInt", "rn_str_toInt"),
    ("string.toFloat", "rn_str_toFloat"),
];

/// The runtime function serving registry key `key`, if the runtime has one.
pub fn runtime_native(key: &str) -> Option<&'static str> {
    NATIVES.iter().find(|(k, _)| *k == key).map(|(_, c)| *c)
}

/// A user's `extern` function, called through its host symbol with C types.
#[derive(Clone, Debug, PartialEq)]
pub struct ExternFn {
    /// The Rae function's name, for error messages.
    pub name: String,
    pub key: String,
    pub symbol: String,
    pub params: Vec<Ty>,
    pub ret: Ty,
}

/// How a value of a Rae type crosses into C (the ABI docs/native.md documents).
struct CAbi {
    /// The C type of a parameter, and how the wrapper reads it from its `RaeValue` (`{}`).
    param: &'static str,
    read: &'static str,
    /// The C type of a result, and how the wrapper builds a `RaeValue` from it (`{}`).
    result: &'static str,
    build: &'static str,
}

const fn abi(param: &'static str, read: &'static str, result: &'static str, build: &'static str) -> CAbi {
    CAbi { param, read, result, build }
}

fn c_abi(ty: &Ty) -> Option<CAbi> {
    let int = |c: &'static str| abi(c, "{}.u.i", c, "rae_int((int64_t)({}))");
    Some(match ty {
        Ty::Ref(_, inner) => return c_abi(inner),
        Ty::Int(t) => int(match t {
            IntTy::I8 => "int8_t",
            IntTy::I16 => "int16_t",
            IntTy::I32 => "int32_t",
            IntTy::I64 => "int64_t",
            IntTy::U8 => "uint8_t",
            IntTy::U16 => "uint16_t",
            IntTy::U32 => "uint32_t",
            IntTy::U64 => "uint64_t",
        }),
        Ty::Enum(_) => int("int64_t"),
        Ty::Float(FloatTy::F32) => abi("float", "(float){}.u.f", "float", "rae_float((double)({}))"),
        Ty::Float(FloatTy::F64) => abi("double", "{}.u.f", "double", "rae_float({})"),
        Ty::Bool => abi("int", "{}.u.b", "int", "rae_bool({})"),
        Ty::Char => abi("uint32_t", "{}.u.c", "uint32_t", "rae_char({})"),
        // Borrowed bytes in, copied bytes out: the C side never owns a Rae string.
        Ty::String => abi("RaeStrView", "rae_str_view(&{})", "RaeStrView", "rae_str_from_view({})"),
        // The argument's own slot (a `mod` argument changed there is written back), and an
        // owned value out.
        Ty::List(_) | Ty::Struct(..) | Ty::StringMap(_) | Ty::IntMap(_) | Ty::Opt(_) => {
            abi("RaeValue *", "&{}", "RaeValue", "{}")
        }
        _ => return None,
    })
}

impl ExternFn {
    /// The prototype of the host symbol and a `RaeNative` wrapper named `wrapper` around it;
    /// `Err` names a parameter type C cannot receive.
    pub fn wrapper(&self, wrapper: &str) -> Result<String, String> {
        let unsupported = |ty: &Ty| {
            format!("extern function '{}' uses a type ({ty:?}) that native builds cannot pass to C", self.name)
        };
        let mut protos = Vec::new();
        let mut args = Vec::new();
        for (i, p) in self.params.iter().enumerate() {
            let abi = c_abi(p).ok_or_else(|| unsupported(p))?;
            protos.push(abi.param.to_string());
            args.push(abi.read.replace("{}", &format!("a[{i}]")));
        }
        let call = format!("{}({})", self.symbol, args.join(", "));
        let (ret_ty, body) = if self.ret == Ty::Void {
            ("void".to_string(), format!("{call};\n  return rae_none();"))
        } else {
            let abi = c_abi(&self.ret).ok_or_else(|| unsupported(&self.ret))?;
            (abi.result.to_string(), format!("return {};", abi.build.replace("{}", &call)))
        };
        let params = if protos.is_empty() { "void".to_string() } else { protos.join(", ") };
        Ok(format!(
            "extern {ret_ty} {}({params});\nstatic RaeValue {wrapper}(RaeValue *a) {{\n  (void)a;\n  {body}\n}}\n",
            self.symbol
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_overload_of_a_key_has_its_own_entry() {
        assert_eq!(runtime_native("math.abs(Int)"), Some("rn_abs_int"));
        assert_eq!(runtime_native("math.abs(Float)"), Some("rn_abs_f32"));
        assert_eq!(runtime_native("core.get(IntMap(V),Int)"), Some("rn_map_get"));
        assert_eq!(runtime_native("core.nope"), None);
    }

    #[test]
    fn extern_wrappers_convert_to_c_types() {
        let f = ExternFn {
            name: "hostAdd".into(),
            key: "main.hostAdd".into(),
            symbol: "hostAdd".into(),
            params: vec![Ty::Int(IntTy::I64), Ty::Float(FloatTy::F32)],
            ret: Ty::Float(FloatTy::F64),
        };
        let c = f.wrapper("rx_0").unwrap();
        assert!(c.contains("extern double hostAdd(int64_t, float);"), "{c}");
        assert!(c.contains("return rae_float(hostAdd(a[0].u.i, (float)a[1].u.f));"), "{c}");
        let heap = ExternFn {
            ret: Ty::String,
            params: vec![Ty::String, Ty::List(std::sync::Arc::new(Ty::Int(IntTy::I64)))],
            ..f.clone()
        };
        let c = heap.wrapper("rx_1").unwrap();
        assert!(c.contains("extern RaeStrView hostAdd(RaeStrView, RaeValue *);"), "{c}");
        assert!(c.contains("return rae_str_from_view(hostAdd(rae_str_view(&a[0]), &a[1]));"), "{c}");
        let bad = ExternFn { ret: Ty::Void, params: vec![Ty::Void], ..f };
        assert!(bad.wrapper("rx_2").unwrap_err().contains("Void"));
    }
}
