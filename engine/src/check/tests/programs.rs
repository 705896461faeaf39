//! Whole programs: a realistic one that must check clean, the repository's samples, and
//! robustness on broken input.

use super::{assert_clean, checked, module_exprs};
use crate::syntax::ast::ExprKind;

const INVENTORY: &str = r#"# A small inventory: structs, enums, generics, lists, maps, loops and matches.
import math
import "string"

enum Category {
  tool
  part
  paint
}

type Item {
  name: String
  category: Category
  quantity: Int
  priceCents: Int
}

type Pair(T: type) {
  a: T
  b: T
}

type Store {
  items: List(Item)
  byName: StringMap(Int)
  visits: IntMap(String)
}

const restockLevel = 10
var audits: Int = 0

func label(c: view Category) ret String {
  ret match c {
    case Category.tool => "tool",
    case Category.part => "part",
    case Category.paint => "paint"
  }
}

func value(item: view Item) ret Int {
  ret item.quantity * item.priceCents
}

func addItem(store: mod Store, name: view String, category: view Category, quantity: view Int = 1) {
  store.byName.set(key: name, value: store.items.length)
  store.items.add(value: { name: name, category: category, quantity: quantity, priceCents: 100 })
}

func find(store: view Store, name: view String) ret opt Item {
  if let index: Int = store.byName.get(key: name) {
    ret store.items.get(index: index)
  }
  ret none
}

func total(store: view Store) ret Int {
  var sum = 0
  loop item: view Item in store.items {
    sum = sum + item.value()
  }
  ret sum
}

func restock(store: mod Store) ret Int {
  var count = 0
  loop item: mod Item in store.items {
    if item.quantity < restockLevel {
      item.quantity = item.quantity + restockLevel
      count++
    }
  }
  audits++
  ret count
}

func swapped(T: type, p: view Pair(T)) ret Pair(T) {
  ret { a: p.b, b: p.a }
}

func classify(n: view Int) ret String {
  match n {
    case 0 {
      ret "none"
    }
    case 1, 2, 3 {
      ret "few"
    }
    default {
      ret "many"
    }
  }
}

func main() ret Int {
  var store: Store = {}
  store.items = createList(Item, cap: 4)
  addItem(mod store, name: "saw", category: Category.tool, quantity: 2)
  addItem(mod store, name: "bolt", category: Category.part, quantity: 120)
  addItem(mod store, name: "white", category: Category.paint)
  if let saw: Item = store.find(name: "saw") {
    log("{saw.name} is a {label(c: saw.category)} worth {saw.value()}")
  }
  let restocked = restock(mod store)
  log("restocked {restocked}, total {total(store: store)}")
  let names: List(String) = store.byName.keys()
  log(names.join(sep: ", ").toUpper())
  let p: Pair(Float) = { a: 1.5, b: sqrt(x: 2.0) }
  let q = swapped(p: p)
  log(q.a as Float64 * 2.0)
  var counts: List(Int) = { 3, 1, 2 }
  counts.sort()
  loop i: Int = 0, i < counts.length, ++i {
    if let c: Int = counts.at(index: i) {
      logS(classify(n: c))
      logS(" ")
    }
  }
  log("")
  store.visits.set(key: 7, value: "monday")
  let bits = (255 bitand 15) shl 2
  let mixed = max(3, b: bits) + abs(n: -4)
  let category = 1 as Category
  log("{category} {category as Int} {mixed} {audits}")
  var done = false
  loop not done {
    done = true
    defer {
      log("loop body done")
    }
  }
  ret 0
}
"#;

#[test]
fn a_realistic_program_checks_clean() {
    assert_clean(INVENTORY);
}

/// A backend can rely on the tables: every expression has a type (callees aside, which
/// `calls` describes), every call a target, every `let` a slot.
#[test]
fn every_expression_of_a_clean_program_is_typed() {
    let (program, out) = checked(INVENTORY);
    let module = &program.modules[0].parsed.module;
    let table = &out.typed.modules[0];
    for e in module_exprs(module) {
        assert!(!table.ty(e.id).is_error(), "untyped expression at {:?}: {:?}", e.span, e.kind);
        if matches!(e.kind, ExprKind::Call { .. }) {
            assert!(table.calls.contains_key(&e.id), "call without target at {:?}", e.span);
        }
        if matches!(e.kind, ExprKind::Ident(_)) {
            assert!(table.resolutions.contains_key(&e.id), "unresolved name at {:?}", e.span);
        }
    }
    assert_eq!(table.items.len(), module.items.len());
}

#[test]
fn repository_samples_check_clean() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples/programs");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "rae") {
            let Ok((program, diags)) = crate::driver::load_program(&path.to_string_lossy(), Default::default()) else {
                continue;
            };
            let mut all = diags;
            all.extend(crate::check::check_program(&program).diagnostics);
            let r = crate::diag::render_all(&all, &program.sources, crate::diag::DiagFormat::Short);
            assert!(r.is_empty(), "{}:\n{r}", path.display());
        }
    }
}

/// Every prefix of a real program (cut at line boundaries and mid-line) checks without panicking.
#[test]
fn never_panics_on_truncated_programs() {
    let text = INVENTORY;
    let mut cut = 0;
    while cut < text.len() {
        if text.is_char_boundary(cut) {
            let _ = checked(&text[..cut]);
        }
        cut += 37;
    }
}

/// Lines removed one at a time (unbalanced braces, missing declarations) never panic.
#[test]
fn never_panics_on_programs_missing_a_line() {
    let lines: Vec<&str> = INVENTORY.lines().collect();
    for skip in 0..lines.len() {
        let src: String = lines.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, l)| format!("{l}\n")).collect();
        let _ = checked(&src);
    }
}

#[test]
fn deep_struct_chains_do_not_overflow() {
    let mut src = String::new();
    for i in 0..400 {
        src.push_str(&format!("type T{i} {{\n  next: T{}\n}}\n\n", i + 1));
    }
    src.push_str("type T400 {\n  back: T0\n}\n");
    let (_, out) = checked(&src);
    assert!(out.diagnostics.iter().any(|d| d.message.contains("contains itself by value")));
}

#[test]
fn long_programs_check_quickly() {
    let mut src = String::new();
    for i in 0..120 {
        src.push_str(&format!(
            "func f{i}(a: view Int, b: view Int) ret Int {{\n  var s = a\n  loop i: Int = 0, i < b, ++i {{\n    s = s + i * 2\n  }}\n  ret s\n}}\n\n"
        ));
    }
    let start = std::time::Instant::now();
    let (_, out) = checked(&src);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics.first());
    assert!(start.elapsed().as_secs() < 5, "checking 960 lines took {:?}", start.elapsed());
}
