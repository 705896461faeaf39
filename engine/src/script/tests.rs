use super::*;
use std::sync::atomic::Ordering;

fn lua() -> Box<dyn ScriptVM> {
    create("lua", Arc::new(AtomicBool::new(false))).expect("lua starts")
}

#[test]
fn a_lua_function_takes_and_returns_values_of_every_shape() {
    let mut vm = lua();
    vm.load_function("sum", &["xs"], "\n  local t = 0\n  for _, x in ipairs(xs) do t = t + x end\n  return t\n")
        .unwrap();
    let xs = ScriptValue::List(vec![ScriptValue::Int(2), ScriptValue::Int(3)]);
    assert_eq!(vm.call("sum", vec![xs]), Ok(ScriptValue::Int(5)));
    vm.load_function("point", &["p"], " return { x = p.x * 2, y = p.y } ").unwrap();
    let p = ScriptValue::Record(vec![("x".into(), ScriptValue::Float(1.5)), ("y".into(), ScriptValue::None)]);
    assert_eq!(vm.call("point", vec![p]), Ok(ScriptValue::Map(vec![("x".into_script(), ScriptValue::Float(3.0))])));
    vm.load_function("sandboxed", &[], " return type(io) .. type(os) .. type(dofile) .. type(require) ").unwrap();
    assert_eq!(vm.call("sandboxed", vec![]), Ok(ScriptValue::Str("nilnilnilnil".into())));
    vm.load_function("hello", &[], " print('hi', 1, nil) ").unwrap();
    assert_eq!(vm.call("hello", vec![]), Ok(ScriptValue::None));
    assert_eq!(vm.take_output(), "hi\t1\tnil\n");
}

trait IntoScript {
    fn into_script(self) -> ScriptValue;
}

impl IntoScript for &str {
    fn into_script(self) -> ScriptValue {
        ScriptValue::Str(self.to_string())
    }
}

#[test]
fn errors_carry_the_line_within_the_body() {
    let e = check_syntax("lua", "f", &["a"], "\n  return a +\n").unwrap_err();
    assert!(matches!(&e, ScriptError::Syntax { line: Some(3), .. }), "{e:?}");
    let mut vm = lua();
    vm.load_function("g", &["a"], "\n\n  return a.b.c\n").unwrap();
    let e = vm.call("g", vec![ScriptValue::None]).unwrap_err();
    assert!(matches!(&e, ScriptError::Runtime { line: Some(3), message, .. } if message.contains("index")), "{e:?}");
    assert!(matches!(check_syntax("python", "f", &[], ""), Err(ScriptError::Disabled { .. })));
    let disabled = ScriptError::Disabled { lang: "python".into() }.to_string();
    assert!(disabled.contains("`python`") && disabled.contains("desktop"), "{disabled}");
}

#[test]
fn a_runaway_lua_loop_stops_when_interrupted() {
    let flag = Arc::new(AtomicBool::new(false));
    let mut vm = create("lua", Arc::clone(&flag)).unwrap();
    vm.load_function("spin", &[], " while true do end ").unwrap();
    let raiser = Arc::clone(&flag);
    let started = std::time::Instant::now();
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(20));
        raiser.store(true, Ordering::SeqCst);
    });
    assert_eq!(vm.call("spin", vec![]), Err(ScriptError::Interrupted { lang: "lua".into() }));
    t.join().unwrap();
    assert!(started.elapsed() < std::time::Duration::from_millis(70), "{:?}", started.elapsed());
}
