use super::*;
use std::sync::atomic::Ordering;

/// A VM of `lang` with no limits of its own.
fn create(lang: &str, interrupt: Arc<AtomicBool>) -> Result<Box<dyn ScriptVM>, ScriptError> {
    VmRegistry::default().create(lang, interrupt)
}

/// Loads `name(params)` with `code`, as if its `{` were on line 1.
fn load(vm: &mut Box<dyn ScriptVM>, name: &str, params: &[&str], code: &str) -> Result<(), ScriptError> {
    vm.load_function(&Source { name, params, code, line: 1 })
}

/// Loads `name(params)` with `code` as the body of a `{` on line 10.
#[cfg(any(feature = "python", feature = "wren"))]
fn load10(vm: &mut Box<dyn ScriptVM>, name: &str, params: &[&str], code: &str) -> Result<(), ScriptError> {
    vm.load_function(&Source { name, params, code, line: 10 })
}

fn check(lang: &str, name: &str, params: &[&str], code: &str) -> Result<(), ScriptError> {
    check_syntax(lang, &Source { name, params, code, line: 1 })
}

fn lua() -> Box<dyn ScriptVM> {
    create("lua", Arc::new(AtomicBool::new(false))).expect("lua starts")
}

#[test]
fn a_lua_function_takes_and_returns_values_of_every_shape() {
    let mut vm = lua();
    load(&mut vm, "sum", &["xs"], "\n  local t = 0\n  for _, x in ipairs(xs) do t = t + x end\n  return t\n").unwrap();
    let xs = ScriptValue::List(vec![ScriptValue::Int(2), ScriptValue::Int(3)]);
    assert_eq!(vm.call("sum", vec![xs]), Ok(ScriptValue::Int(5)));
    load(&mut vm, "point", &["p"], " return { x = p.x * 2, y = p.y } ").unwrap();
    let p = ScriptValue::Record(vec![("x".into(), ScriptValue::Float(1.5)), ("y".into(), ScriptValue::None)]);
    assert_eq!(vm.call("point", vec![p]), Ok(ScriptValue::Map(vec![("x".into_script(), ScriptValue::Float(3.0))])));
    let sandbox = " return type(io) .. type(os) .. type(dofile) .. type(require) .. type(string.dump) ";
    load(&mut vm, "sandboxed", &[], sandbox).unwrap();
    assert_eq!(vm.call("sandboxed", vec![]), Ok(ScriptValue::Str("nilnilnilnilnil".into())));
    // `load` takes text only: Lua does not verify bytecode.
    load(&mut vm, "binary", &[], " return select(2, load('\\27Lua')) ").unwrap();
    let refused = vm.call("binary", vec![]).unwrap();
    assert!(matches!(&refused, ScriptValue::Str(m) if m.contains("binary")), "{refused:?}");
    load(&mut vm, "hello", &[], " print('hi', 1, nil) ").unwrap();
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
    let e = check("lua", "f", &["a"], "\n  return a +\n").unwrap_err();
    assert!(matches!(&e, ScriptError::Syntax { line: Some(3), .. }), "{e:?}");
    // Lines are lines of the .rae file, in messages too.
    let source = Source { name: "f", params: &[], code: "\n  return (1\n", line: 10 };
    let e = check_syntax("lua", &source).unwrap_err();
    assert!(matches!(&e, ScriptError::Syntax { line: Some(12), message, .. } if message.contains("line 11")), "{e:?}");
    let mut vm = lua();
    load(&mut vm, "g", &["a"], "\n\n  return a.b.c\n").unwrap();
    let e = vm.call("g", vec![ScriptValue::None]).unwrap_err();
    assert!(matches!(&e, ScriptError::Runtime { line: Some(3), message, .. } if message.contains("index")), "{e:?}");
    assert!(matches!(check("micropython", "f", &[], ""), Err(ScriptError::Disabled { .. })));
    let disabled = ScriptError::Disabled { lang: "micropython".into() }.to_string();
    assert!(disabled.contains("`micropython`") && disabled.contains("full"), "{disabled}");
}

/// Runs `code` and raises the interrupt flag 20 ms later: the call must end, interrupted,
/// within 50 ms of the flag.
fn stops_when_interrupted(lang: &str, code: &str) {
    let flag = Arc::new(AtomicBool::new(false));
    let mut vm = create(lang, Arc::clone(&flag)).unwrap();
    load(&mut vm, "spin", &[], code).unwrap();
    let raiser = Arc::clone(&flag);
    let started = std::time::Instant::now();
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(20));
        raiser.store(true, Ordering::SeqCst);
    });
    assert_eq!(vm.call("spin", vec![]), Err(ScriptError::Interrupted { lang: lang.into() }), "{code}");
    t.join().unwrap();
    assert!(started.elapsed() < std::time::Duration::from_millis(70), "{code}: {:?}", started.elapsed());
}

#[test]
fn a_runaway_lua_loop_stops_when_interrupted_even_in_a_coroutine_or_under_pcall() {
    stops_when_interrupted("lua", " while true do end ");
    stops_when_interrupted("lua", " coroutine.wrap(function() while true do end end)() ");
    stops_when_interrupted("lua", " while true do pcall(function() while true do end end) end ");
    stops_when_interrupted("lua", " while true do xpcall(function() while true do end end, print) end ");
    // A script raising the message of a stop is only an error.
    let mut vm = lua();
    load(&mut vm, "fake", &[], " error('stopped') ").unwrap();
    assert!(matches!(vm.call("fake", vec![]), Err(ScriptError::Runtime { .. })));
}

#[test]
fn a_table_that_contains_itself_does_not_cross() {
    let mut vm = lua();
    load(&mut vm, "cycle", &[], " local t = {} t.me = t return t ").unwrap();
    let e = vm.call("cycle", vec![]).unwrap_err();
    assert!(matches!(&e, ScriptError::Value { message, .. } if message.contains("contain itself")), "{e:?}");
    load(&mut vm, "keys", &[], " return { b = 1, a = 2, [3] = 0, [1] = 5 } ").unwrap();
    let sorted = ["1", "3", "a", "b"].map(|k| match k.parse() {
        Ok(n) => ScriptValue::Int(n),
        Err(_) => k.into_script(),
    });
    let got = vm.call("keys", vec![]).unwrap();
    let ScriptValue::Map(entries) = got else { panic!("{got:?}") };
    assert_eq!(entries.into_iter().map(|(k, _)| k).collect::<Vec<_>>(), sorted);
}

#[cfg(feature = "javascript")]
#[test]
fn a_javascript_function_crosses_values_and_stops_when_interrupted() {
    let mut vm = create("javascript", Arc::new(AtomicBool::new(false))).expect("quickjs starts");
    load(&mut vm, "pair", &["p"], " return [p.x + 1, p.name.length, 2.5, null, true]; ").unwrap();
    let p = ScriptValue::Record(vec![("x".into(), ScriptValue::Int(41)), ("name".into(), "rae".into_script())]);
    let expected = [
        ScriptValue::Int(42),
        ScriptValue::Int(3),
        ScriptValue::Float(2.5),
        ScriptValue::None,
        ScriptValue::Bool(true),
    ];
    assert_eq!(vm.call("pair", vec![p]), Ok(ScriptValue::List(expected.to_vec())));
    load(&mut vm, "cycle", &[], " const o = {}; o.me = o; return o; ").unwrap();
    let e = vm.call("cycle", vec![]).unwrap_err();
    assert!(matches!(&e, ScriptError::Value { message, .. } if message.contains("contain itself")), "{e:?}");
    stops_when_interrupted("javascript", " for (;;) {} ");
    stops_when_interrupted("javascript", " for (;;) { try { for (;;) {} } catch (e) {} } ");
    let e = check("javascript", "f", &[], "\n  return 1 +;\n").unwrap_err();
    assert!(matches!(&e, ScriptError::Syntax { line: Some(2), .. }), "{e:?}");
    // A body that closes the wrapper early cannot hang or exhaust the checker.
    let started = std::time::Instant::now();
    for escape in [" /[{]/; }); for (;;) {} (function() { ", " /[{]/; }); 'x'.repeat(1e9); (function() { "] {
        assert_eq!(check("javascript", "f", &[], escape), Ok(()), "{escape}");
    }
    assert_eq!(check("javascript", "f", &["o"], " with (o) { return x + 010; } "), Ok(()), "sloppy mode is kept");
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
}

#[test]
fn a_name_is_mentioned_only_as_a_whole_word() {
    use shared::mentions;
    assert!(mentions("score = score + 1", "score"));
    assert!(mentions("return hero.hp", "hero"));
    assert!(!mentions("local scoreboard, my_score, $score", "score"));
    assert!(!mentions("return 1", ""));
}

#[test]
fn a_repl_input_is_complete_when_its_language_says_so() {
    assert!(is_complete("lua", "x = 1\n"));
    assert!(!is_complete("lua", "for i = 1, 3 do\n"));
    assert!(!is_complete("lua", "s = [[open\n"));
    assert!(is_complete("lua", "x = = 1\n"), "an error before the end is shown, not continued");
    assert!(is_complete("lua", "x = 1 end\n"), "too much input is an error, not more to come");
    #[cfg(feature = "javascript")]
    {
        assert!(is_complete("javascript", "let x = 1\n"));
        assert!(!is_complete("javascript", "function f() {\n"));
        assert!(!is_complete("javascript", "f(1,\n"));
        assert!(is_complete("javascript", "let = = 1\n"));
        // Checking runs nothing, even code that closes the wrapper early.
        assert!(is_complete("javascript", "}); for (;;) {} (function() {\n"));
    }
}

#[test]
fn every_vm_reports_its_heap() {
    let mut lua = lua();
    load(&mut lua, "keep", &[], " kept = string.rep('x', 100000) ").unwrap();
    let before = lua.memory().unwrap();
    lua.call("keep", vec![]).unwrap();
    assert!(lua.memory().unwrap() > before + 50_000, "{before} -> {:?}", lua.memory());
    #[cfg(feature = "javascript")]
    {
        let mut js = create("javascript", Arc::new(AtomicBool::new(false))).expect("javascript starts");
        load(&mut js, "keep", &[], " globalThis.kept = 'x'.repeat(100000) + '!'; ").unwrap();
        let before = js.memory().unwrap();
        js.call("keep", vec![]).unwrap();
        assert!(js.memory().unwrap() > before + 50_000, "{before} -> {:?}", js.memory());
    }
}

#[cfg(feature = "python")]
mod python {
    use super::*;

    fn python() -> Box<dyn ScriptVM> {
        create("python", Arc::new(AtomicBool::new(false))).expect("python starts")
    }

    #[test]
    fn a_python_function_takes_and_returns_values_of_every_shape() {
        let mut vm = python();
        load10(&mut vm, "sum", &["xs"], "\n    t = 0\n    for x in xs:\n        t += x\n    return t\n").unwrap();
        let xs = ScriptValue::List(vec![ScriptValue::Int(2), ScriptValue::Int(3)]);
        assert_eq!(vm.call("sum", vec![xs]), Ok(ScriptValue::Int(5)));
        load10(&mut vm, "point", &["p"], " return {'x': p['x'] * 2, 'y': p['y']} ").unwrap();
        let p = ScriptValue::Record(vec![("x".into(), ScriptValue::Float(1.5)), ("y".into(), ScriptValue::None)]);
        let doubled = vec![("x".into_script(), ScriptValue::Float(3.0)), ("y".into_script(), ScriptValue::None)];
        assert_eq!(vm.call("point", vec![p]), Ok(ScriptValue::Map(doubled)));
        load10(&mut vm, "shapes", &[], " return (True, 1, 2.5, None, [], {1: 'a'}) ").unwrap();
        let shapes = vec![
            ScriptValue::Bool(true),
            ScriptValue::Int(1),
            ScriptValue::Float(2.5),
            ScriptValue::None,
            ScriptValue::List(vec![]),
            ScriptValue::Map(vec![(ScriptValue::Int(1), "a".into_script())]),
        ];
        assert_eq!(vm.call("shapes", vec![]), Ok(ScriptValue::List(shapes)));
        load10(&mut vm, "huge", &[], " return 2 ** 70 ").unwrap();
        assert!(matches!(vm.call("huge", vec![]), Err(ScriptError::Value { message, .. }) if message.contains("fit")));
        load10(&mut vm, "cycle", &[], " l = []\n l.append(l)\n return l ").unwrap();
        let e = vm.call("cycle", vec![]).unwrap_err();
        assert!(matches!(&e, ScriptError::Value { message, .. } if message.contains("contain itself")), "{e:?}");
        load10(&mut vm, "hello", &[], " print('hi', 1, None, sep='|', end='!\\n') ").unwrap();
        assert_eq!(vm.call("hello", vec![]), Ok(ScriptValue::None));
        assert_eq!(vm.take_output(), "hi|1|None!\n");
        assert_eq!(vm.take_output(), "");
        assert_eq!(vm.memory(), None, "CPython's heap is the process's");
    }

    #[test]
    fn a_python_body_keeps_its_text_and_its_lines() {
        let mut vm = python();
        // A multi-line string keeps its lines; a comment at column 0 does not set the indent.
        let text = "\n  s = \"\"\"a\n    b\nc\"\"\"\n# note\n  return s\n";
        load10(&mut vm, "text", &[], text).unwrap();
        assert_eq!(vm.call("text", vec![]), Ok("a\n    b\nc".into_script()));
        load10(&mut vm, "todo", &[], "\n  # to do\n").unwrap();
        assert_eq!(vm.call("todo", vec![]), Ok(ScriptValue::None));
        load10(&mut vm, "flat", &["n"], "\nm = n * 2\nreturn m\n").unwrap();
        assert_eq!(vm.call("flat", vec![ScriptValue::Int(4)]), Ok(ScriptValue::Int(8)));
        load10(&mut vm, "inline", &["n"], " return n + 1 ").unwrap();
        assert_eq!(vm.call("inline", vec![ScriptValue::Int(4)]), Ok(ScriptValue::Int(5)));
        // Unicode spaces are not Python indentation: an error, not a panic.
        assert!(load10(&mut vm, "odd", &[], "\n\u{2002}x = 1\n\u{2003}return x\n").is_err());
        load10(&mut vm, "late", &[], "\n  x = 1\n\n  return 1 / 0\n").unwrap();
        let e = vm.call("late", vec![]).unwrap_err();
        assert!(matches!(&e, ScriptError::Runtime { line: Some(13), .. }), "{e:?}");
    }

    #[test]
    fn python_errors_carry_the_line_of_the_rae_file() {
        let source = Source { name: "f", params: &[], code: "\n    x = (1 +\n", line: 10 };
        let e = check_syntax("python", &source).unwrap_err();
        assert!(matches!(&e, ScriptError::Syntax { line: Some(11), .. }), "{e:?}");
        let mut vm = python();
        load10(&mut vm, "g", &["a"], "\n    b = 1\n    return b / a\n").unwrap();
        let e = vm.call("g", vec![ScriptValue::Int(0)]).unwrap_err();
        let expected = "ZeroDivisionError: division by zero";
        assert!(matches!(&e, ScriptError::Runtime { line: Some(12), message, .. } if message == expected), "{e:?}");
        // Two VMs are two namespaces.
        let mut other = python();
        vm.set_global("shared", ScriptValue::Int(1)).unwrap();
        assert_eq!(other.get_global("shared"), Ok(ScriptValue::None));
        assert_eq!(vm.get_global("shared"), Ok(ScriptValue::Int(1)));
        assert!(vm.builtin("len") && vm.builtin("print") && !vm.builtin("shared"));
    }

    #[test]
    fn a_runaway_python_loop_stops_when_interrupted_even_under_except_exception() {
        stops_when_interrupted("python", " while True: pass ");
        stops_when_interrupted("python", "\n    while True:\n        try:\n            sum(range(1000))\n        except Exception:\n            pass\n");
        // A stop that came after a call ended does not hit the next one.
        let flag = Arc::new(AtomicBool::new(false));
        let mut vm = create("python", Arc::clone(&flag)).unwrap();
        load(&mut vm, "one", &[], " return 1 ").unwrap();
        flag.store(true, Ordering::SeqCst);
        std::thread::sleep(std::time::Duration::from_millis(20));
        flag.store(false, Ordering::SeqCst);
        assert_eq!(vm.call("one", vec![]), Ok(ScriptValue::Int(1)));
        // A script raising KeyboardInterrupt itself is only an error.
        load(&mut vm, "fake", &[], " raise KeyboardInterrupt ").unwrap();
        assert!(matches!(vm.call("fake", vec![]), Err(ScriptError::Runtime { .. })));
    }

    #[test]
    fn a_python_repl_input_is_complete_as_python_says() {
        assert!(is_complete("python", "x = 1\n"));
        assert!(!is_complete("python", "def f():\n"));
        assert!(!is_complete("python", "def f():\n    return 1\n"), "a block ends with an empty line");
        assert!(is_complete("python", "def f():\n    return 1\n\n"));
        assert!(is_complete("python", "x = = 1\n"), "an error is shown, not continued");
        let mut vm = python();
        assert_eq!(vm.eval("y = 20"), Ok(ScriptValue::None));
        assert_eq!(vm.eval("y * 2 + 2"), Ok(ScriptValue::Int(42)));
        assert!(matches!(vm.eval("y +"), Err(ScriptError::Syntax { .. })));
        assert!(
            matches!(vm.eval("1 / 0"), Err(ScriptError::Runtime { message, .. }) if message.contains("ZeroDivision"))
        );
    }
}

#[cfg(feature = "wren")]
mod wren {
    use super::*;

    fn wren() -> Box<dyn ScriptVM> {
        create("wren", Arc::new(AtomicBool::new(false))).expect("wren starts")
    }

    #[test]
    fn a_wren_function_takes_and_returns_values_of_every_shape() {
        let mut vm = wren();
        load10(&mut vm, "sum", &["xs"], "\n  var t = 0\n  for (x in xs) t = t + x\n  return t\n").unwrap();
        let xs = ScriptValue::List(vec![ScriptValue::Int(2), ScriptValue::Int(3)]);
        assert_eq!(vm.call("sum", vec![xs]), Ok(ScriptValue::Int(5)));
        load10(&mut vm, "point", &["p"], " return {\"x\": p[\"x\"] * 2, \"y\": p[\"y\"]} ").unwrap();
        let p = ScriptValue::Record(vec![("x".into(), ScriptValue::Float(1.5)), ("y".into(), ScriptValue::None)]);
        let doubled = vec![("x".into_script(), ScriptValue::Int(3)), ("y".into_script(), ScriptValue::None)];
        assert_eq!(vm.call("point", vec![p]), Ok(ScriptValue::Map(doubled)));
        load10(&mut vm, "shapes", &[], " return [true, 1, 2.5, null, [], {1: \"a\", \"k\": [{}]}] ").unwrap();
        let nested = ScriptValue::List(vec![ScriptValue::Map(vec![])]);
        let shapes = vec![
            ScriptValue::Bool(true),
            ScriptValue::Int(1),
            ScriptValue::Float(2.5),
            ScriptValue::None,
            ScriptValue::List(vec![]),
            ScriptValue::Map(vec![(ScriptValue::Int(1), "a".into_script()), ("k".into_script(), nested)]),
        ];
        assert_eq!(vm.call("shapes", vec![]), Ok(ScriptValue::List(shapes)));
        load10(&mut vm, "object", &[], " return Fiber.new {} ").unwrap();
        let e = vm.call("object", vec![]).unwrap_err();
        assert!(matches!(&e, ScriptError::Value { message, .. } if message.contains("cannot cross")), "{e:?}");
        load10(&mut vm, "cycle", &[], "\n  var m = {}\n  m[\"me\"] = m\n  return m\n").unwrap();
        let e = vm.call("cycle", vec![]).unwrap_err();
        assert!(matches!(&e, ScriptError::Runtime { message, .. } if message.contains("contain itself")), "{e:?}");
        load10(&mut vm, "hello", &["who"], " System.print(\"hi %(who)\") ").unwrap();
        assert_eq!(vm.call("hello", vec!["you".into_script()]), Ok(ScriptValue::None));
        assert_eq!(vm.take_output(), "hi you\n");
        assert_eq!(vm.memory(), None, "Wren allocates through C's heap");
    }

    #[test]
    fn wren_functions_call_each_other_by_their_rae_names_and_share_variables() {
        let mut vm = wren();
        // `twice` calls `add`, loaded after it.
        load10(&mut vm, "k1", &["n"], " return add.call(n, n) ").unwrap();
        load10(&mut vm, "k2", &["a", "b"], " return a + b ").unwrap();
        vm.alias("k1", "twice").unwrap();
        vm.alias("k2", "add").unwrap();
        assert_eq!(vm.call("k1", vec![ScriptValue::Int(21)]), Ok(ScriptValue::Int(42)));
        vm.set_global("score", ScriptValue::Int(7)).unwrap();
        load10(&mut vm, "bump", &[], " score = score + 1 ").unwrap();
        vm.call("bump", vec![]).unwrap();
        assert_eq!(vm.get_global("score"), Ok(ScriptValue::Int(8)));
        vm.set_global("score", "seven".into_script()).unwrap();
        assert_eq!(vm.get_global("score"), Ok("seven".into_script()));
        assert_eq!(vm.get_global("nothing"), Ok(ScriptValue::None));
        assert!(vm.builtin("System") && !vm.builtin("score"));
        // Two VMs are two modules.
        assert_eq!(wren().get_global("score"), Ok(ScriptValue::None));
    }

    #[test]
    fn wren_errors_carry_the_line_of_the_rae_file() {
        let source = Source { name: "f", params: &[], code: "\n  var x = (1 +\n", line: 10 };
        let e = check_syntax("wren", &source).unwrap_err();
        assert!(matches!(&e, ScriptError::Syntax { line: Some(11..=12), .. }), "{e:?}");
        // A name the body uses but does not define is the link's business, not a syntax error.
        assert_eq!(check("wren", "f", &[], " return score + other.call() "), Ok(()));
        let mut vm = wren();
        load10(&mut vm, "g", &["a"], "\n  var b = 1\n  return b / a.nope\n").unwrap();
        let e = vm.call("g", vec![ScriptValue::Int(0)]).unwrap_err();
        let expected = "Num does not implement 'nope'.";
        assert!(matches!(&e, ScriptError::Runtime { line: Some(12), message, .. } if message == expected), "{e:?}");
        // Aborting a fiber is a runtime error with the script's message.
        load10(&mut vm, "abort", &[], " Fiber.abort(\"no way\") ").unwrap();
        assert!(matches!(vm.call("abort", vec![]), Err(ScriptError::Runtime { message, .. }) if message == "no way"));
    }

    #[test]
    fn a_runaway_wren_loop_stops_when_interrupted_even_under_fiber_try() {
        stops_when_interrupted("wren", " while (true) {} ");
        stops_when_interrupted(
            "wren",
            "\n  while (true) {\n    Fiber.new {\n      while (true) {}\n    }.try()\n  }\n",
        );
        stops_when_interrupted("wren", "\n  var f\n  f = Fn.new { f.call() }\n  f.call()\n");
        // A script aborting with the message of a stop is only an error.
        let mut vm = wren();
        load(&mut vm, "fake", &[], " Fiber.abort(\"stopped\") ").unwrap();
        assert!(matches!(vm.call("fake", vec![]), Err(ScriptError::Runtime { .. })));
    }

    #[test]
    fn a_wren_repl_input_is_complete_as_wren_says() {
        assert!(is_complete("wren", "var x = 1\n"));
        assert!(!is_complete("wren", "var f = Fn.new {\n"));
        assert!(!is_complete("wren", "System.print(1 +\n"));
        assert!(is_complete("wren", "var x = = 1\n"), "an error is shown, not continued");
        let mut vm = wren();
        assert_eq!(vm.eval("var y = 20"), Ok(ScriptValue::None));
        assert_eq!(vm.eval("y * 2 + 2"), Ok(ScriptValue::Int(42)));
        assert_eq!(vm.eval("[y, \"a\"]"), Ok(ScriptValue::List(vec![ScriptValue::Int(20), "a".into_script()])));
        assert!(matches!(vm.eval("y +"), Err(ScriptError::Syntax { .. })));
        assert!(matches!(vm.eval("y.nope"), Err(ScriptError::Runtime { message, .. }) if message.contains("nope")));
    }
}

mod limits {
    use super::*;
    use crate::script::config::Limit;

    fn config(text: &str) -> Result<VmConfig, String> {
        VmConfig::parse("rae.ron", text)
    }

    #[test]
    fn a_project_file_configures_the_vms_and_bad_ones_are_refused_with_their_place() {
        let c = config(
            "(scripting: (enabled: [\"lua\"], default: \"lua\", vms: {\"lua\": (max_instructions: 5000, timeout: 0.5)}))",
        )
        .unwrap();
        assert!(c.enables("lua") && !c.enables("javascript"));
        assert_eq!(
            c.settings("lua"),
            VmSettings { max_instructions: Some(5000), max_memory: None, timeout: Some(0.5) }
        );
        assert_eq!(c.settings("python"), VmSettings::default());
        assert_eq!(config("()").unwrap(), VmConfig::default());
        assert!(VmConfig::default().enables("python"), "no list enables every language");
        let e = config("(scripting: (vms: {\"lua\": (timeot: 1)}))").unwrap_err();
        assert!(e.starts_with("error: rae.ron:1:") && e.contains("timeot"), "{e}");
        let e = config("(scripting: (vms: {\"cobol\": (timeout: 1)}))").unwrap_err();
        assert!(e.contains("unknown script language 'cobol'"), "{e}");
        let e = config("(scripting: (vms: {\"lua\": (timeout: 0)}))").unwrap_err();
        assert!(e.contains("positive number of seconds"), "{e}");
        let e = config("(scripting: (vms: {\"lua\": (max_memory: 0)}))").unwrap_err();
        assert!(e.contains("above 0"), "{e}");
        #[cfg(feature = "javascript")]
        assert!(config("(scripting: (vms: {\"javascript\": (max_instructions: 10)}))")
            .unwrap_err()
            .contains("the javascript VM cannot keep a max_instructions limit"));
        assert_eq!(Limit::Memory.name(), "max_memory");
    }

    #[test]
    fn a_disabled_language_is_refused_by_the_registry() {
        let registry = VmRegistry::new(config("(scripting: (enabled: [\"javascript\"]))").unwrap());
        let e = registry.create("lua", Arc::new(AtomicBool::new(false))).err().expect("lua is not enabled");
        assert!(e.to_string().contains("not enabled by the project file rae.ron (enabled: javascript)"), "{e}");
        assert!(!registry.languages().contains(&"lua"));
    }

    /// Runs `code` in a `lang` VM with `settings`: the call must stop at `limit` within `within`.
    fn stops_at(lang: &str, settings: &str, code: &str, limit: &str, within: std::time::Duration) {
        let c = config(&format!("(scripting: (vms: {{\"{lang}\": {settings}}}))")).unwrap();
        let mut vm = VmRegistry::new(c).create(lang, Arc::new(AtomicBool::new(false))).unwrap();
        load(&mut vm, "f", &[], code).unwrap();
        let started = std::time::Instant::now();
        let e = vm.call("f", vec![]).unwrap_err();
        assert!(matches!(&e, ScriptError::Limit { limit: l, .. } if *l == limit), "{lang} {code}: {e:?}");
        assert!(started.elapsed() < within, "{lang}: {:?}", started.elapsed());
        // The next call starts with its whole budget.
        load(&mut vm, "g", &[], " return 1 ").unwrap();
        assert_eq!(vm.call("g", vec![]), Ok(ScriptValue::Int(1)));
    }

    #[test]
    fn each_vm_stops_a_call_at_its_configured_limits() {
        let ms = std::time::Duration::from_millis;
        stops_at("lua", "(timeout: 0.05)", " while true do end ", "timeout", ms(150));
        stops_at("lua", "(max_instructions: 100000)", " while true do end ", "max_instructions", ms(100));
        let hog = " local t = {} for i = 1, 10000000 do t[i] = i end return #t ";
        stops_at("lua", "(max_memory: 1000000)", hog, "max_memory", ms(1000));
        #[cfg(feature = "javascript")]
        {
            stops_at("javascript", "(timeout: 0.05)", " for (;;) {} ", "timeout", ms(150));
            let hog = " const a = []; for (let i = 0; i < 1e7; i++) a.push({ i }); return a.length; ";
            stops_at("javascript", "(max_memory: 2000000)", hog, "max_memory", ms(1000));
        }
        #[cfg(feature = "python")]
        stops_at("python", "(timeout: 0.05)", " while True: pass ", "timeout", ms(150));
    }
}
