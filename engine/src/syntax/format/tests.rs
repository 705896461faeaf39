//! Tests of the formatter: exact canonical output, idempotence, tree and comment preservation.

use super::*;
use crate::source::FileId;
use crate::syntax::token::CommentKind;
use crate::syntax::{dump, parse};

fn parse_ok(src: &str) -> Parsed {
    let parsed = parse(FileId(0), src);
    let errors: Vec<&str> = parsed.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.as_str()).collect();
    assert!(errors.is_empty(), "{errors:?} in\n{src}");
    parsed
}

fn fmt(src: &str) -> String {
    format_module(&parse_ok(src), src)
}

/// The tree as JSON without any span: what must not change when only the layout does.
fn shape(parsed: &Parsed) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("span");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(&parsed.module).unwrap_or_default();
    strip(&mut value);
    value
}

/// Comment texts in order; trailing spaces of `#` comments are layout, not text.
fn comment_texts(parsed: &Parsed) -> Vec<&str> {
    parsed
        .comments
        .iter()
        .map(|c| if c.kind == CommentKind::Line { c.text.trim_end() } else { c.text.as_str() })
        .collect()
}

/// Formats `src` and checks every promise of the formatter; returns the formatted text.
fn canonical(src: &str) -> String {
    let first = fmt(src);
    assert_eq!(fmt(&first), first, "formatting is not idempotent; first pass:\n{first}");
    let (before, after) = (parse_ok(src), parse_ok(&first));
    assert_eq!(shape(&before), shape(&after), "the tree changed; formatted:\n{first}");
    assert_eq!(dump::dump_module(&before.module), dump::dump_module(&after.module));
    assert_eq!(comment_texts(&before), comment_texts(&after), "comments changed; formatted:\n{first}");
    assert!(first.ends_with('\n') && !first.ends_with("\n\n"), "not exactly one final newline:\n{first}");
    assert!(!first.contains("\n\n\n"), "two blank lines in a row:\n{first}");
    assert!(!first.contains('\r') && !first.contains('\t'));
    // Trailing spaces can only come from the user's own text (raw strings, block comments).
    for line in lines_with_trailing_spaces(&first) {
        assert!(src.contains(line.trim_start()), "trailing spaces added: {line:?}");
    }
    first
}

/// Lines of `text` that end with a space.
fn lines_with_trailing_spaces(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.ends_with(' ')).collect()
}

const DECLARATIONS: &str = r#"# Declarations of every kind.
import core
import math
import "string"
import ./util/geometry

const limit = 40
let origin: Point = { x: 0, y: 0 }
var counter: Int = 0

type Point {
  x: Int
  y: Int
}

type Track { title: String, seconds: Int = 180 }

type Pair(T: type) {
  a: T
  b: T
}

type Empty {}

enum Color {
  red
  green
  blue
}

# Area of a rectangle.
func area(w: view Int, h: view Int) ret Int {
  ret w * h
}

func greet(name: view String = "you") {
  log("hello {name}")
}

func hostAdd(a: view Int, b: view Int) extern ret Int

@vm_stub
func checksum(data: view List(Int)) ret Int {
  ret 0
}

@tool "shapes"
@native_only
func brighten(pixels: mod List(Int), amount: copy Int, result: own Pair(Int)) {}

@name(1, "two")
func push(T: type, this: mod List(T), value: own T) {
  this.add(value: value)
}

func pick(xs: view List(opt Int), m: view StringMap(List(Int)), a: view Array(Int, cap: 4)) ret opt Int {
  ret none
}

func main() ret Int {
  ret 0
}
"#;

const CONTROL_FLOW: &str = r#"func classify(n: view Int, c: view Color) ret String {
  var total: Int = 0
  let p: Point = Point { x: 1, y: 2 }
  let q: Point = {}
  let r: view Point => p
  let m: mod Point => p
  let d: Point
  m.y = 20
  total = total + 1
  total++
  ++total
  total--
  --total
  if n < 0 {
    ret "negative"
  } else if n is 0 {
    ret "zero"
  } else {
    total = 1
  }
  if let v: Int = values.get(index: 0) {
    log(v)
  } else {
    log("none")
  }
  loop total < 10 {
    total = total + 1
    if total is 5 {
      continue
    }
    if total is 7 {
      break
    }
  }
  loop true {
    break
  }
  loop i: Int = 0, i < 10, ++i {
    loop j: Int = 0, j < i, j++ {
      defer {
        log(j)
      }
    }
  }
  loop v: Int in values {
    log(v)
  }
  loop v: view Point in ps {
    log(v.x)
  }
  loop v: mod Point in ps {
    v.x = 0
  }
  match n {
    case 1 {
      log("one")
    }
    case 2, 3 {
      log("two or three")
    }
    default {
      log("many")
    }
  }
  match c {
    case Color.red {}
    case Color.green, Color.blue {
      ret "cool"
    }
  }
  let k: Int = match n {
    case 1 => 10,
    case 2, 3 => 20,
    default => 30
  }
  log(match c {
    case Color.red => "r",
    default => "other"
  })
  ret "positive"
}
"#;

const EXPRESSIONS: &str = r###"func main() {
  let a = 1 + 2 * 3 - 4 / 5 % 6
  let b = (1 + 2) * 3
  let c = -a + - -a - - --a
  let d = not (a < b) and a is not b or a >= 3
  let e = 511 bitand 255 is 255
  let f = 1 + 2 shl 4
  let g = bitnot a
  let h = b as Float * 2.0
  let i = 3.14
  let j = 'a'
  let k = '\n'
  let l = '\u{1F600}'
  let s = "tab\t quote\" brace\{ \u{41}"
  let t = "sum {a + 1} call {area(w: 2, h: 3)} nested {"{a}"}"
  let u = r"raw \n {not interpolated}"
  let v = r#"a "quoted" raw"#
  let w = r##"two
lines of raw text "#
  end"##
  let x = xs[i + 1]
  let y = p.centre.x
  let z = createList(Int, cap: 4)
  let lst: List(Int) = { 1, 2, 3 }
  let pair = Pair(Int) { a: 1, b: 2 }
  let empty = T {}
  let o: opt Int = none
  let yes = true
  let no = false
  swap(mod a, b: mod b)
  touch(view a)
  let big: Float64 = 1234567.0
  log("{Color.green} and {pair.a.toString()}")
}
"###;

const COMMENTS: &str = r#"# File header.
# Second header line.

import core # the core library
# Between imports.
import math

#[ A block comment
   across lines. ]#
# Doc for Point.
type Point { # after the brace
  # before x
  x: Int # after x

  y: Int #[ after y ]#
  # before the closing brace
} # after the type

enum Color {
  red # warm
  # cool ones
  green
  blue
}

# Doc for main.
@vm_stub # after the attribute
# between attribute and func
func main() { # after main's brace
  # first statement comes next
  let x = 1 # trailing

  # after a blank line
  let y = f(a: 1, # inside the call
    b: 2)
  let z = g(#[ inline ]# 3) #[ block ]# # and line
  if x < y { # after if
    log(x)
  } else { # after else
    log(y)
    # last in else
  }
  match x {
    # before the first case
    case 1 { # after case
      log(1)
    }
    default {
    } # after default
  }
  let n = match x {
    case 1 => 10, # ten
    # between arms
    default => 20
  }
  #[ before ]# log(n)
  log("in {n #[ interpolation ]# + 1}") # after it
  # before main's closing brace
}
# Trailing file comment.
"#;

const COMMENTS_FORMATTED: &str = r#"# File header.
# Second header line.

import core # the core library
# Between imports.
import math

#[ A block comment
   across lines. ]#
# Doc for Point.
type Point { # after the brace
  # before x
  x: Int # after x

  y: Int #[ after y ]#
  # before the closing brace
} # after the type

enum Color {
  red # warm
  # cool ones
  green
  blue
}

# Doc for main.
@vm_stub # after the attribute
# between attribute and func
func main() { # after main's brace
  # first statement comes next
  let x = 1 # trailing

  # after a blank line
  let y = f(a: 1, b: 2) # inside the call
  let z = g(3) #[ inline ]# #[ block ]# # and line
  if x < y { # after if
    log(x)
  } else { # after else
    log(y)
    # last in else
  }
  match x {
    # before the first case
    case 1 { # after case
      log(1)
    }
    default {} # after default
  }
  let n = match x {
    case 1 => 10, # ten
    # between arms
    default => 20
  }
  #[ before ]#
  log(n)
  log("in {n #[ interpolation ]# + 1}") # after it
  # before main's closing brace
}
# Trailing file comment.
"#;

const MESSY: &str = "import math
import core
func   area( w :view Int,h: view Int )ret Int{
ret w*h}
type Point{x:Int,y:Int}
enum Color{red
green
        blue}
func main(){
let p:Point={x:1,y:2}


    let list :List(Int)={1,2,3}
if p.x<2{log(\"small\")}else if p.x>5 {log( \"big\" )}else{log(\"mid\")}
loop i:Int=0,i<3,++i{logS(i)}
let n:Int=match p.x{case 1=>10,default=>20}
  log(match n { case 10 => \"ten\", default => \"other\" })   # why   
}";

const MESSY_FORMATTED: &str = r#"import math
import core

func area(w: view Int, h: view Int) ret Int {
  ret w * h
}

type Point {
  x: Int
  y: Int
}

enum Color {
  red
  green
  blue
}

func main() {
  let p: Point = { x: 1, y: 2 }

  let list: List(Int) = { 1, 2, 3 }
  if p.x < 2 {
    log("small")
  } else if p.x > 5 {
    log("big")
  } else {
    log("mid")
  }
  loop i: Int = 0, i < 3, ++i {
    logS(i)
  }
  let n: Int = match p.x {
    case 1 => 10,
    default => 20
  }
  log(match n {
    case 10 => "ten",
    default => "other"
  }) # why
}
"#;

#[test]
fn canonical_programs_come_out_unchanged() {
    for program in [CONTROL_FLOW, EXPRESSIONS, COMMENTS_FORMATTED, MESSY_FORMATTED] {
        assert_eq!(canonical(program), program);
    }
}

#[test]
fn declarations_put_comma_separated_fields_on_their_own_lines() {
    let expected = DECLARATIONS.replace(
        "type Track { title: String, seconds: Int = 180 }",
        "type Track {\n  title: String\n  seconds: Int = 180\n}",
    );
    assert_eq!(canonical(DECLARATIONS), expected);
}

#[test]
fn comments_stay_in_place_or_move_to_the_end_of_their_line() {
    assert_eq!(canonical(COMMENTS), COMMENTS_FORMATTED);
}

#[test]
fn messy_layout_becomes_canonical() {
    assert_eq!(canonical(&normalize_line_endings(MESSY)), MESSY_FORMATTED);
}

#[test]
fn raw_strings_keep_their_lines_and_spaces() {
    let src = "func main() {\n    let s = r\"a  \n  b \"\n}\n";
    let out = canonical(src);
    assert_eq!(out, "func main() {\n  let s = r\"a  \n  b \"\n}\n");
    assert_eq!(lines_with_trailing_spaces(&out), vec!["  let s = r\"a  "]);
}

#[test]
fn prefix_operators_never_run_together() {
    let src = "func main() {\n  let a = - -x\n  let b = - --x\n  let c = ++ ++x\n  let d = -(-x)\n}\n";
    assert_eq!(canonical(src), src);
}

#[test]
fn blank_lines_are_kept_once_and_dropped_at_block_edges() {
    let src = "func main() {\n\n\n  let a = 1\n\n\n\n  let b = 2\n\n}\nfunc f() {}\n\n\nfunc g() {}\n";
    let expected = "func main() {\n  let a = 1\n\n  let b = 2\n}\n\nfunc f() {}\n\nfunc g() {}\n";
    assert_eq!(canonical(src), expected);
}

#[test]
fn imports_and_globals_stay_grouped_only_when_they_were() {
    let src = "import core\nimport math\n\nimport ./a\nlet x = 1\nlet y = 2\n\nvar z = 3\nconst w = 4\n";
    let expected = "import core\nimport math\n\nimport ./a\n\nlet x = 1\nlet y = 2\n\nvar z = 3\nconst w = 4\n";
    assert_eq!(canonical(src), expected);
}

#[test]
fn crlf_and_missing_final_newline_are_fixed() {
    let src = "func main() {\r\n  log(\"hi\")\r\n}";
    assert!(parse(FileId(0), src).diagnostics.iter().any(|d| d.message.ends_with("Run `rae format` to fix.")));
    assert_eq!(canonical(&normalize_line_endings(src)), "func main() {\n  log(\"hi\")\n}\n");
}

#[test]
fn empty_and_comment_only_files() {
    assert_eq!(fmt(""), "");
    assert_eq!(fmt("\n\n"), "");
    assert_eq!(canonical("# only a comment   \n\n\n#[ and a block ]#\n"), "# only a comment\n\n#[ and a block ]#\n");
}

#[test]
fn normalize_turns_crlf_into_lf_and_adds_the_final_newline() {
    assert_eq!(normalize_line_endings("a\r\nb\r\n"), "a\nb\n");
    assert_eq!(normalize_line_endings("a\nb"), "a\nb\n");
    assert_eq!(normalize_line_endings("a\r\nb"), "a\nb\n");
    assert_eq!(normalize_line_endings("r\"x\ry\"\n"), "r\"x\ry\"\n");
    assert_eq!(normalize_line_endings(""), "");
}

#[test]
fn comments_between_code_words_do_not_hide_them() {
    let src = r#"@name #[ c ]# (1)
@tool #[ ( ]# "x"
func f() ret mod Int {
  ret mod #[ m ]# p.x
}
func g() ret view Int {
  ret #[ view ]# p.x
}
"#;
    let expected = r#"@name(1) #[ c ]#
@tool "x" #[ ( ]#
func f() ret mod Int {
  ret mod p.x #[ m ]#
}

func g() ret view Int {
  ret p.x #[ view ]#
}
"#;
    assert_eq!(canonical(src), expected);
}

#[test]
fn comments_inside_multi_line_code_move_to_its_last_line() {
    let src = "func f(a: view Int, # first
       b: mod Int #[ second ]#
      ) {
  if a {
    log(1)
  } # then
  # before else
  else {
    log(2)
  }
  let p = P {
    x: 1, # a
    y: 2, # b
  } # after
  let x = 1 + #[ multi
    line ]# 2
}
";
    let expected = "func f(a: view Int, b: mod Int) { # first
  #[ second ]#
  if a {
    log(1)
  } else { # then
    # before else
    log(2)
  }
  let p = P { x: 1, y: 2 } # a
  # b
  # after
  let x = 1 + 2 #[ multi
    line ]#
}
";
    assert_eq!(canonical(src), expected);
}

#[test]
fn nested_match_expressions_open_lines_of_their_own() {
    let src = "func main() {\n  let z = match a { case 1 => match b { case 2 => 3, default => 4 }, default => 5 }\n}\n";
    let expected = "func main() {
  let z = match a {
    case 1 => match b {
      case 2 => 3,
      default => 4
    },
    default => 5
  }
}
";
    assert_eq!(canonical(src), expected);
}

/// Indentation carries no meaning, so scrambling it must format back to the same text.
#[test]
fn scrambled_indentation_formats_back() {
    for program in [DECLARATIONS, CONTROL_FLOW, MESSY_FORMATTED] {
        let scrambled: String = program
            .lines()
            .enumerate()
            .map(|(i, line)| format!("{}{}\n", " ".repeat(i * 7 % 5), line.trim_start()))
            .collect();
        assert_eq!(canonical(&scrambled), fmt(program));
    }
}

/// Every sample program of the repository that parses keeps its tree and is stable.
#[test]
fn samples_keep_their_tree() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples");
    let mut dirs = vec![root];
    let mut formatted = 0;
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rae") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if !parse(FileId(0), &text).diagnostics.iter().any(|d| d.is_error()) {
                    canonical(&text);
                    formatted += 1;
                }
            }
        }
    }
    assert!(formatted > 0, "no sample parsed");
}
