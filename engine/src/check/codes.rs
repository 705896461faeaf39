//! Stable codes of every checker diagnostic, listed once; tools match on these.

/// `unknown identifier 'X'` (and the `'some'` explanation).
pub const UNKNOWN_NAME: &str = "C0001";
/// A local declared twice in one scope.
pub const DUPLICATE_LOCAL: &str = "C0002";
/// Two top-level declarations with one name (other than overloads with different types).
pub const DUPLICATE_DECL: &str = "C0003";
/// camelCase / PascalCase naming convention of declarations.
pub const NAMING: &str = "C0004";
/// Two different, non-numeric types where one is required to equal the other.
pub const TYPE_MISMATCH: &str = "C0005";
/// A numeric type where another numeric type is expected (no implicit conversions).
pub const NUMERIC_CONVERSION: &str = "C0006";
/// Operand types of a binary operator differ.
pub const OPERAND_MISMATCH: &str = "C0007";
/// An operator applied to a type it does not support.
pub const BAD_OPERATOR: &str = "C0008";
/// `x as T` between types `as` does not convert.
pub const BAD_CAST: &str = "C0009";
/// A type name that denotes nothing, or a type written with the wrong arguments.
pub const UNKNOWN_TYPE: &str = "C0010";
/// Struct literal and field access problems (unknown or duplicate field, no such member).
pub const BAD_FIELD: &str = "C0011";
/// `view`/`mod` in a struct field type.
pub const REF_IN_FIELD: &str = "C0012";
/// A struct that contains itself by value.
pub const RECURSIVE_TYPE: &str = "C0013";
/// `let p: Point = Point { … }`: the type written on both sides.
pub const TYPE_ON_RHS: &str = "C0014";
/// A parameter without a mode, or with the deprecated `val`.
pub const PARAM_MODE: &str = "C0015";
/// Arguments that do not fit the parameters (missing, unknown, duplicate, misplaced).
pub const BAD_ARGUMENTS: &str = "C0016";
/// A `mod` parameter given an argument without `mod`, or a place that cannot be written.
pub const MOD_ARGUMENT: &str = "C0017";
/// No overload fits, or several fit equally well.
pub const OVERLOAD: &str = "C0018";
/// A type argument of a generic call that cannot be inferred or is missing.
pub const GENERIC_ARGS: &str = "C0019";
/// Writing to a `view` parameter.
pub const VIEW_PARAM_WRITE: &str = "C0020";
/// Mutating through a read-only view.
pub const VIEW_MUTATION: &str = "C0021";
/// Reassigning a `let` binding (or a const, or a read-only field).
pub const IMMUTABLE: &str = "C0022";
/// `=` vs `=>` rules of alias bindings.
pub const ALIAS: &str = "C0023";
/// A `const` whose initialiser is not known at compile time.
pub const NOT_CONST: &str = "C0024";
/// A function with `ret T` that can fall off its end.
pub const MISSING_RETURN: &str = "C0025";
/// `ret` with or without a value where the function says otherwise.
pub const BAD_RETURN: &str = "C0026";
/// `break`/`continue` outside a loop, `ret` inside `defer`.
pub const BAD_JUMP: &str = "C0027";
/// A list changed inside its own collection loop.
pub const LOOP_MUTATION: &str = "C0028";
/// `[]` on a List (or on anything that is not indexable).
pub const BAD_INDEX: &str = "C0029";
/// A closed match that misses enum members.
pub const NON_EXHAUSTIVE: &str = "C0030";
/// `default` in a match on enum members.
pub const ENUM_DEFAULT: &str = "C0031";
/// An open match (Int, String, …) without `default`.
pub const MISSING_DEFAULT: &str = "C0032";
/// A case listed twice, or a pattern that does not fit the subject.
pub const BAD_CASE: &str = "C0033";
/// Function kind rules: extern with a body, `@vm_stub` without one, missing bodies, bad props.
pub const FUNC_KIND: &str = "C0034";
/// An attribute the toolchain does not know (a warning).
pub const UNKNOWN_ATTRIBUTE: &str = "C0035";
/// `pub`/`priv`: Rae has no visibility modifiers.
pub const VISIBILITY: &str = "C0036";
/// `if let` on something that is not optional.
pub const IF_LET: &str = "C0037";
/// A collection loop over a non-list, or with an element type that differs.
pub const LOOP_ELEMENT: &str = "C0038";
/// A value of the wrong kind: a function or type used as a value, a call of a non-function,
/// a call without a result used as a value.
pub const NOT_A_VALUE: &str = "C0039";
/// An integer literal too large for its type.
pub const LITERAL_RANGE: &str = "C0040";
/// A literal whose type cannot be inferred (`{ x: 1 }`, `{}`, `none` without context).
pub const NEEDS_TYPE: &str = "C0041";
/// `main` with a signature the runtime cannot call.
pub const MAIN_SIGNATURE: &str = "C0042";
/// Assignment to something that is not a place.
pub const NOT_A_PLACE: &str = "C0043";
/// A script function in a language whose VM this build does not have.
pub const SCRIPT_DISABLED: &str = "C0044";
/// A script function whose code its own language's parser rejects.
pub const SCRIPT_SYNTAX: &str = "C0045";

/// Every code the checker emits, in code order.
pub const CODES: &[&str] = &[
    UNKNOWN_NAME,
    DUPLICATE_LOCAL,
    DUPLICATE_DECL,
    NAMING,
    TYPE_MISMATCH,
    NUMERIC_CONVERSION,
    OPERAND_MISMATCH,
    BAD_OPERATOR,
    BAD_CAST,
    UNKNOWN_TYPE,
    BAD_FIELD,
    REF_IN_FIELD,
    RECURSIVE_TYPE,
    TYPE_ON_RHS,
    PARAM_MODE,
    BAD_ARGUMENTS,
    MOD_ARGUMENT,
    OVERLOAD,
    GENERIC_ARGS,
    VIEW_PARAM_WRITE,
    VIEW_MUTATION,
    IMMUTABLE,
    ALIAS,
    NOT_CONST,
    MISSING_RETURN,
    BAD_RETURN,
    BAD_JUMP,
    LOOP_MUTATION,
    BAD_INDEX,
    NON_EXHAUSTIVE,
    ENUM_DEFAULT,
    MISSING_DEFAULT,
    BAD_CASE,
    FUNC_KIND,
    UNKNOWN_ATTRIBUTE,
    VISIBILITY,
    IF_LET,
    LOOP_ELEMENT,
    NOT_A_VALUE,
    LITERAL_RANGE,
    NEEDS_TYPE,
    MAIN_SIGNATURE,
    NOT_A_PLACE,
    SCRIPT_DISABLED,
    SCRIPT_SYNTAX,
];
