use super::migrate::Migration;
use super::plan::Plan;
use super::HotEvent;
use crate::bytecode::chunk::CompiledProgram;
use crate::vm::compile_source;
use crate::vm::value::Value;
use std::rc::Rc;

fn compile(text: &str) -> CompiledProgram {
    compile_source("main.rae", text.to_string(), false).map(|(p, _)| p).unwrap_or_else(|e| panic!("{e}"))
}

const V1: &str = r#"
type Ball { x: Int, trail: Int }
enum Mode { play, pause }
var score: Int = 0
var mode: Mode = Mode.pause
var balls: List(Ball) = { Ball { x: 1, trail: 9 } }
func step() { score = score + 1 }
func main() { step() }
"#;

#[test]
fn an_unchanged_program_patches_nothing() {
    let (a, b) = (compile(V1), compile(&format!("# a comment moves every line\n{V1}")));
    let plan = Plan::new(&a, &b);
    assert!(plan.unchanged.iter().all(Option::is_some), "{plan:?}");
    assert_eq!(plan.summary.to_string(), "no code changed");
    assert!(plan.restart.is_none() && !plan.heap_changes(&a));
}

#[test]
fn changed_added_and_removed_functions_are_named() {
    let v2 = V1
        .replace("score + 1", "score + 2")
        .replace("func main() { step() }", "func bonus() { }\nfunc main() { step()\n bonus() }");
    let plan = Plan::new(&compile(V1), &compile(&v2));
    assert_eq!(plan.summary.changed, ["main", "step"]);
    assert_eq!(plan.summary.added, ["bonus"]);
    let (old, new) = (compile(V1), compile(&v2));
    assert_eq!(plan.unchanged[old.main as usize], None, "main calls bonus now");
    let gone = Plan::new(&new, &old);
    assert_eq!(gone.summary.removed, ["bonus"]);
}

#[test]
fn a_caller_whose_callee_moved_in_the_chunk_table_is_unchanged() {
    let v2 =
        V1.replace("type Ball", "func early() { }\ntype Ball").replace("func step() {", "func step() {\n early()\n");
    let (old, new) = (compile(V1), compile(&v2));
    let plan = Plan::new(&old, &new);
    assert_eq!(plan.summary.changed, ["step"]);
    assert_eq!(plan.summary.added, ["early"]);
    assert_eq!(plan.unchanged[old.main as usize], Some(new.main));
}

#[test]
fn a_global_that_changes_type_restarts() {
    let plan = Plan::new(&compile(V1), &compile(&V1.replace("var score: Int = 0", "var score: Float = 0.0")));
    assert_eq!(plan.restart.as_deref(), Some("global 'score' changed type from Int to Float"));
}

#[test]
fn struct_fields_and_enum_members_migrate_by_name() {
    let v2 = V1
        .replace("type Ball { x: Int, trail: Int }", "type Ball { spin: Int = 7, x: Int }")
        .replace("enum Mode { play, pause }", "enum Mode { stop, pause, play }")
        .replace("Ball { x: 1, trail: 9 }", "Ball { x: 1 }");
    let (old, new) = (compile(V1), compile(&v2));
    let plan = Plan::new(&old, &new);
    assert_eq!(plan.summary.structs, ["Ball (+spin, -trail)"]);
    assert_eq!(plan.summary.enums, ["Mode (+stop)"]);
    assert!(plan.heap_changes(&old));
    let layout = new.structs.iter().position(|s| s.name == "Ball").unwrap() as u32;
    let default = Rc::new(crate::vm::value::StructObj { ty: layout, fields: vec![Value::Int(7), Value::Int(0)] });
    let mut defaults = vec![None; new.structs.len()];
    defaults[layout as usize] = Some(default);
    let migration = Migration { plan: &plan, old: &old, defaults };
    let old_layout = old.structs.iter().position(|s| s.name == "Ball").unwrap() as u32;
    let ball = Value::Struct(Rc::new(crate::vm::value::StructObj {
        ty: old_layout,
        fields: vec![Value::Int(1), Value::Int(9)],
    }));
    let mut balls = Value::list(vec![ball]);
    migration.value(&mut balls, Some("List(Ball)"));
    let Value::List(list) = &balls else { panic!() };
    let Value::Struct(obj) = &list.items[0] else { panic!() };
    assert_eq!((obj.ty, obj.fields.clone()), (layout, vec![Value::Int(7), Value::Int(1)]));
    let mut mode = Value::Int(1);
    migration.value(&mut mode, Some("Mode"));
    assert_eq!(mode, Value::Int(1), "pause stays pause");
    let mut mode = Value::Int(0);
    migration.value(&mut mode, Some("opt Mode"));
    assert_eq!(mode, Value::Int(2), "play moved to the end");
}

#[test]
fn events_print_as_hot_patch_lines() {
    let plan = Plan::new(&compile(V1), &compile(&V1.replace("score + 1", "score + 2")));
    assert_eq!(HotEvent::Patched(plan.summary).to_string(), "[hot-patch] changed: step");
    assert_eq!(HotEvent::Restarted("why".into()).to_string(), "[hot-patch] restarted: why");
    assert_eq!(
        HotEvent::Broken("main.rae:1:1: error: x\n".into()).to_string(),
        "[hot-patch] not applied, the old code keeps running:\nmain.rae:1:1: error: x"
    );
}

#[test]
fn a_watch_reports_saves_that_change_bytes_not_reads_or_rewrites_of_the_same_text() {
    use super::watch::{compile_file, SourceWatch};
    use std::time::Duration;
    let dir = std::env::temp_dir().join(format!("rae-hot-watch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("main.rae");
    std::fs::write(&file, V1).unwrap();
    let first = compile_file(&file, false);
    assert!(first.program.is_ok() && first.files.iter().any(|f| f.ends_with("main.rae")), "{:?}", first.files);
    let mut watch = SourceWatch::new(&file, &first.files, false).unwrap();
    let (tx, versions) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        while let Some(v) = watch.next_version() {
            if tx.send(v.program.is_ok()).is_err() {
                return;
            }
        }
    });
    std::fs::read(&file).unwrap();
    std::fs::write(&file, V1).unwrap();
    assert!(versions.recv_timeout(Duration::from_millis(400)).is_err(), "nothing changed");
    // Saved the way many editors save: a new file renamed over the old one.
    let tmp = dir.join(".main.rae.swp");
    std::fs::write(&tmp, V1.replace("score + 1", "score + 2")).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    assert_eq!(versions.recv_timeout(Duration::from_secs(10)), Ok(true));
    std::fs::write(&file, "func main() {\n  log(missing)\n}\n").unwrap();
    assert_eq!(versions.recv_timeout(Duration::from_secs(10)), Ok(false), "a broken save is a version too");
    let _ = std::fs::remove_dir_all(&dir);
}
