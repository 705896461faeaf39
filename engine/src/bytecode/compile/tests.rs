//! Compiler tests: instruction selection, monomorphisation, and the chunk file format round
//! trip with the verifier refusing damaged or inconsistent bytecode.

use crate::bytecode::chunk::CompiledProgram;
use crate::bytecode::opcodes::{Instr, Op};
use crate::bytecode::{compile, disasm, format, verify};
use crate::driver::{load_source, LoadOptions};
use crate::host::{HostState, NativeRegistry, OutputBuffer};
use crate::vm::{Limits, Vm};

fn compiled(src: &str) -> CompiledProgram {
    let (program, diags) = load_source("t.rae", src.to_string(), LoadOptions::default());
    assert!(diags.is_empty(), "{diags:?}");
    let checked = crate::check::check_program(&program);
    assert!(!crate::diag::has_errors(&checked.diagnostics), "{:?}", checked.diagnostics);
    compile(&program, &checked).expect("compiles")
}

fn run(program: CompiledProgram) -> String {
    let buf = OutputBuffer::new();
    let host = HostState::with_output(Box::new(buf.clone()));
    let mut vm = Vm::new(program, &NativeRegistry::with_core(), host, Limits::default()).expect("links");
    vm.run_main().expect("runs");
    buf.take_string()
}

fn ops(program: &CompiledProgram, name: &str) -> Vec<Op> {
    let chunk = program.chunks.iter().find(|c| c.name == name).expect("chunk exists");
    chunk.code.iter().map(Instr::op).collect()
}

const LOOPS: &str = "func main() {\n  var total = 0\n  loop i: Int = 0, i < 100, ++i {\n    loop j: Int = 0, j <= i, j++ {\n      total = total + i * j\n    }\n  }\n  log(total)\n}\n";

#[test]
fn loops_use_typed_and_fused_instructions() {
    let program = compiled(LOOPS);
    let main = ops(&program, "main");
    assert!(main.contains(&Op::JumpIfNotLtIntImm), "{main:?}");
    assert!(main.contains(&Op::JumpIfNotLeInt), "{main:?}");
    assert!(main.contains(&Op::AddIntImm), "{main:?}");
    assert!(main.contains(&Op::MulInt) && main.contains(&Op::AddInt), "{main:?}");
    assert!(!main.contains(&Op::Eq) && !main.contains(&Op::JumpIfFalse), "{main:?}");
    assert_eq!(run(program), "12415425\n");
}

#[test]
fn generic_functions_get_one_chunk_per_instantiation() {
    let program = compiled(
        "func same(T: type, v: view T) ret T {\n  ret v\n}\n\nfunc main() {\n  log(same(1))\n  log(same(2))\n  log(same(\"a\"))\n}\n",
    );
    assert_eq!(program.chunks.iter().filter(|c| c.name == "same").count(), 2);
    assert_eq!(run(program), "1\n2\na\n");
}

#[test]
fn natives_are_imported_once_by_key() {
    let program = compiled("func main() {\n  log(1)\n  log(2)\n  logS(\"x\")\n}\n");
    let keys: Vec<&str> = program.natives.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(keys, ["core.log", "core.logS"]);
    let text = disasm::disassemble(&program);
    assert!(text.contains("native #0 core.log = log(T: type, value: view T)"), "{text}");
    assert!(text.contains("NativeCall"), "{text}");
}

#[test]
fn bytecode_round_trips_through_the_file_format() {
    let program = compiled(LOOPS);
    let bytes = format::write(&program);
    assert_eq!(&bytes[..4], b"RAEB");
    let back = format::read(&bytes).expect("reads back");
    assert_eq!(*back, program);
    assert_eq!(run(back.into_program()), "12415425\n");
}

#[test]
fn a_tampered_or_truncated_file_is_refused() {
    let bytes = format::write(&compiled(LOOPS));
    for at in [12, bytes.len() / 2, bytes.len() - 9] {
        let mut bad = bytes.clone();
        bad[at] ^= 0x40;
        let e = format::read(&bad).unwrap_err();
        assert!(e.to_string().contains("checksum mismatch"), "byte {at}: {e}");
    }
    let e = format::read(&bytes[..bytes.len() - 3]).unwrap_err();
    assert!(e.to_string().starts_with("invalid bytecode: truncated"), "{e}");
    let mut bad = bytes.clone();
    bad[0] = b'X';
    assert!(format::read(&bad).unwrap_err().to_string().contains("bad magic"));
    let mut bad = bytes;
    bad[4] = 9;
    assert!(format::read(&bad).unwrap_err().to_string().contains("unsupported version 9"));
}

#[test]
fn the_verifier_checks_every_operand() {
    let good = compiled(LOOPS);
    assert_eq!(verify::verify(&good), Ok(()));
    let main = good.main as usize;

    let mut bad = good.clone();
    let regs = bad.chunks[main].nregs;
    bad.chunks[main].code[0] = Instr::LoadInt { dst: regs, value: 1 };
    assert!(verify::verify(&bad).unwrap_err().contains("operand 'dst'"));

    let mut bad = good.clone();
    let len = bad.chunks[main].code.len() as u32;
    bad.chunks[main].code[0] = Instr::Jump { target: len };
    assert!(verify::verify(&bad).unwrap_err().contains("operand 'target'"));

    let mut bad = good.clone();
    bad.chunks[main].code[0] = Instr::NativeCall { native: 0, args: 0, count: 2, dst: 0 };
    assert!(verify::verify(&bad).unwrap_err().contains("the callee takes 1"));

    let mut bad = good.clone();
    bad.chunks[main].code[0] = Instr::LoadConst { dst: 0, k: 99 };
    assert!(verify::verify(&bad).unwrap_err().contains("operand 'k'"));

    // A structurally valid file with a bad operand is refused by `read` too.
    let mut bad = good;
    bad.chunks[main].code[0] = Instr::Call { func: 99, args: 0, count: 0, dst: 0 };
    let e = format::read(&format::write(&bad)).unwrap_err();
    assert!(e.to_string().contains("operand 'func'"), "{e}");
}

#[test]
fn globals_a_script_names_are_shared_when_their_type_can_cross() {
    let p = compiled(
        "var score = 1\nvar small: Int32 = 2\nvar hidden = 3\nvar scoreboard = 4\nconst cap = 5\n\
         @function \"lua\"\nfunc f() {\n  score = score + small + cap -- not hidden_x\n}\n\
         func main() {\n  f()\n  log(hidden + scoreboard)\n  log(small)\n}\n",
    );
    let names: Vec<&str> = p.shared.iter().map(|s| p.globals[s.global as usize].name.as_str()).collect();
    assert_eq!(names, ["score", "cap"], "Int32 does not cross; 'hidden' and 'scoreboard' are not named");
    assert!(p.shared.iter().all(|s| p.script_types[s.ty as usize] == crate::bytecode::chunk::ScriptType::Int));
    assert_eq!(p.script_types.len(), 1, "the failed Int32 left no type behind");
    assert_eq!(format::read(&format::write(&p)).map(verify::Verified::into_program), Ok(p));
}

#[test]
fn each_script_vm_counts_its_functions_calls_and_time() {
    let p = compiled(
        "@function \"lua\"\nfunc twice(n: view Int) ret Int {\n  return n * 2\n}\n\
         @function \"lua\"\nfunc unused() {\n}\n\
         func main() {\n  log(twice(n: twice(n: twice(n: 1))))\n}\n",
    );
    let buf = OutputBuffer::new();
    let host = HostState::with_output(Box::new(buf.clone()));
    let mut vm = Vm::new(p, &NativeRegistry::with_core(), host, Limits::default()).expect("links");
    assert_eq!(vm.script_health()[0].calls, 0);
    vm.run_main().expect("runs");
    assert_eq!(buf.take_string(), "8\n");
    let health = vm.script_health();
    assert_eq!(health.len(), 1);
    assert_eq!((health[0].lang.as_str(), health[0].functions, health[0].calls, health[0].errors), ("lua", 1, 3, 0));
    assert!(health[0].time > std::time::Duration::ZERO && health[0].memory > Some(0), "{health:?}");
}

#[test]
fn a_host_hears_each_shared_change_and_renders_templates_from_the_shared_values() {
    let p = compiled(
        "type Hero {\n  name: String\n  hp: Int\n}\nvar score = 1\nvar hero: Hero = { name: \"Ada\", hp: 30 }\n\
         @function \"lua\"\nfunc hit() {\n  score = score + 10\n  hero.hp = hero.hp - 5\n}\n\
         func main() {\n  hit()\n  score = 100\n  hit()\n}\n",
    );
    let host = HostState::with_output(Box::new(OutputBuffer::new()));
    let mut vm = Vm::new(p, &NativeRegistry::with_core(), host, Limits::default()).expect("links");
    let shared = vm.shared_script_data().expect("the program shares variables");
    let heard = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let log = std::rc::Rc::clone(&heard);
    shared
        .borrow_mut()
        .listen(Box::new(move |c, _| log.borrow_mut().push(format!("#{} {}={} by {}", c.seq, c.name, c.value, c.by))));
    // A listener may render from the data it is given.
    let rendered = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let renders = std::rc::Rc::clone(&rendered);
    shared.borrow_mut().listen(Box::new(move |_, data| renders.borrow_mut().push(data.render("{{score}}").unwrap())));
    vm.run_main().expect("runs");
    let heard = heard.borrow().join("; ");
    // The first sync takes Rae's initial values; then each side's changes in their order.
    assert_eq!(
        heard,
        "#1 score=1 by rae; #2 hero={ name: \"Ada\", hp: 30 } by rae; #3 score=11 by lua; #4 hero={ name: \"Ada\", hp: 25 } by lua; \
         #5 score=100 by rae; #6 score=110 by lua; #7 hero={ name: \"Ada\", hp: 20 } by lua"
    );
    assert_eq!(rendered.borrow().join(" "), "1 1 11 11 100 110 110");
    let shown = shared.borrow().render("{{hero.name}}: {{ hero.hp }} hp, score {{score}}");
    assert_eq!(shown.as_deref(), Ok("Ada: 20 hp, score 110"));
    assert!(shared.borrow().render("{{lives}}").is_err());
}

#[test]
fn another_form_of_the_same_value_is_not_a_change() {
    let p = compiled(
        "var score = 11\n@function \"lua\"\nfunc same() {\n  score = score + 0.0\n}\n\
         func main() {\n  same()\n  same()\n  log(score)\n}\n",
    );
    let buf = OutputBuffer::new();
    let mut vm =
        Vm::new(p, &NativeRegistry::with_core(), HostState::with_output(Box::new(buf.clone())), Limits::default())
            .expect("links");
    let heard = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let log = std::rc::Rc::clone(&heard);
    let shared = vm.shared_script_data().expect("shared");
    shared
        .borrow_mut()
        .listen(Box::new(move |c, _| log.borrow_mut().push(format!("{}={} by {}", c.name, c.value, c.by))));
    vm.run_main().expect("runs");
    assert_eq!(buf.take_string(), "11\n");
    assert_eq!(heard.borrow().join("; "), "score=11 by rae", "Lua's 11.0 is the Int 11");
}
