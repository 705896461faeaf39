//! raylib natives (`import raylib`, keys `raylib.<name>`): a window of the program's own, or a
//! hidden one whose frames go to a host's viewport (the workbench) with the host's input.
//!
//! Draw calls are recorded into a draw list and replayed onto raylib at `endDrawing`, so no
//! raylib drawing borrow lives across native calls, and one list renders either into the window
//! or into the render texture the viewport reads back. raylib keeps its state per thread: the
//! natives run on the VM's thread, and the window closes when the program ends.

mod draw;
mod viewport;

pub use viewport::{viewport, Frame, FrameGate, InputFrame, ViewportHost, ViewportInput, ViewportLink};

use super::args::{float, int, string};
use super::{HostState, NativeRegistry};
use crate::vm::value::Value;
use ::raylib::prelude::*;
use draw::Draw;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Where a program's raylib window shows.
#[derive(Clone)]
pub enum Display {
    /// A window of its own (`rae run`).
    Window,
    /// A hidden window: frames go to the link's host, input comes from it.
    Viewport(ViewportLink),
}

/// An open window. Field order is drop order: the render texture goes while GL still lives.
struct Open {
    target: Option<RenderTexture2D>,
    rl: RaylibHandle,
    thread: RaylibThread,
}

struct Raylib {
    display: Display,
    open: Option<Open>,
    draws: Vec<Draw>,
    /// Viewport mode: the host's input during the last frame.
    input: InputFrame,
}

type Shared = Rc<RefCell<Raylib>>;

/// Parameter and result types as the natives registry spells them.
const INT: &str = "Int";
const FLOAT: &str = "Float";
const STRING: &str = "String";
const COLOR: &str = "Color";

const NO_WINDOW: &str = "no window is open (call initWindow first)";

/// Registers every function of `raylib.rae`; the natives share one window, shown on `display`.
pub fn register(r: &mut NativeRegistry, display: Display) {
    let state: Shared =
        Rc::new(RefCell::new(Raylib { display, open: None, draws: Vec::new(), input: InputFrame::default() }));
    let def = |r: &mut NativeRegistry,
               name: &str,
               params: &[&str],
               ret: Option<&str>,
               f: fn(&mut Raylib, &mut HostState, &[Value]) -> Result<Value, String>| {
        let state = Rc::clone(&state);
        let name = name.to_string();
        r.define(&format!("raylib.{name}"), params, ret, move |host, args| {
            let mut state = state.try_borrow_mut().map_err(|_| format!("raylib.{name}: raylib is busy"))?;
            f(&mut state, host, args).map_err(|e| format!("{name}: {e}"))
        });
    };
    def(r, "initWindow", &[INT, INT, STRING], None, Raylib::init_window);
    def(r, "closeWindow", &[], None, |s, _, _| {
        s.open = None;
        Ok(Value::None)
    });
    def(r, "windowShouldClose", &[], Some("Bool"), |s, host, _| {
        let quit = match s.display {
            Display::Window => s.window()?.rl.window_should_close(),
            Display::Viewport(_) => host.interrupt.load(Ordering::Relaxed),
        };
        Ok(Value::Bool(quit))
    });
    def(r, "setTargetFPS", &[INT], None, |s, _, a| {
        s.window()?.rl.set_target_fps(int(a, 0)?.clamp(0, 10_000) as u32);
        Ok(Value::None)
    });
    def(r, "getFrameTime", &[], Some(FLOAT), |s, _, _| Ok(Value::Float(f64::from(s.window()?.rl.get_frame_time()))));
    def(r, "getTime", &[], Some("Float64"), |s, _, _| Ok(Value::Float(s.window()?.rl.get_time())));
    def(r, "getFPS", &[], Some(INT), |s, _, _| Ok(Value::Int(i64::from(s.window()?.rl.get_fps()))));
    def(r, "getScreenWidth", &[], Some(INT), |s, _, _| Ok(Value::Int(i64::from(s.window()?.rl.get_screen_width()))));
    def(r, "getScreenHeight", &[], Some(INT), |s, _, _| Ok(Value::Int(i64::from(s.window()?.rl.get_screen_height()))));

    def(r, "beginDrawing", &[], None, |s, _, _| {
        s.window()?;
        s.draws.clear();
        Ok(Value::None)
    });
    def(r, "endDrawing", &[], None, Raylib::end_drawing);
    def(r, "clearBackground", &[COLOR], None, |s, _, a| s.draw(Draw::Clear(rgba(a, 0)?)));
    def(r, "drawPixel", &[INT, INT, COLOR], None, |s, _, a| {
        s.draw(Draw::Pixel { x: i(a, 0)?, y: i(a, 1)?, color: rgba(a, 2)? })
    });
    def(r, "drawLine", &[INT, INT, INT, INT, COLOR], None, |s, _, a| {
        s.draw(Draw::Line { x0: i(a, 0)?, y0: i(a, 1)?, x1: i(a, 2)?, y1: i(a, 3)?, color: rgba(a, 4)? })
    });
    def(r, "drawRectangle", &[INT, INT, INT, INT, COLOR], None, |s, _, a| {
        s.draw(Draw::Rect { x: i(a, 0)?, y: i(a, 1)?, w: i(a, 2)?, h: i(a, 3)?, color: rgba(a, 4)? })
    });
    def(r, "drawRectangleLines", &[INT, INT, INT, INT, COLOR], None, |s, _, a| {
        s.draw(Draw::RectLines { x: i(a, 0)?, y: i(a, 1)?, w: i(a, 2)?, h: i(a, 3)?, color: rgba(a, 4)? })
    });
    def(r, "drawCircle", &[INT, INT, FLOAT, COLOR], None, |s, _, a| {
        s.draw(Draw::Circle { x: i(a, 0)?, y: i(a, 1)?, radius: float(a, 2)? as f32, color: rgba(a, 3)? })
    });
    def(r, "drawCircleLines", &[INT, INT, FLOAT, COLOR], None, |s, _, a| {
        s.draw(Draw::CircleLines { x: i(a, 0)?, y: i(a, 1)?, radius: float(a, 2)? as f32, color: rgba(a, 3)? })
    });
    def(r, "drawText", &[STRING, INT, INT, INT, COLOR], None, |s, _, a| {
        let text = c_text(string(a, 0)?);
        s.draw(Draw::Text { text, x: i(a, 1)?, y: i(a, 2)?, size: i(a, 3)?, color: rgba(a, 4)? })
    });
    def(r, "drawFPS", &[INT, INT], None, |s, _, a| s.draw(Draw::Fps { x: i(a, 0)?, y: i(a, 1)? }));
    def(r, "measureText", &[STRING, INT], Some(INT), |s, _, a| {
        let width = s.window()?.rl.measure_text(&c_text(string(a, 0)?), i(a, 1)?);
        Ok(Value::Int(i64::from(width)))
    });

    def(r, "isKeyDown", &[INT], Some("Bool"), |s, _, a| {
        s.key(a, |f, k| f.keys_down.contains(&k), |rl, k| rl.is_key_down(k))
    });
    def(r, "isKeyUp", &[INT], Some("Bool"), |s, _, a| {
        s.key(a, |f, k| !f.keys_down.contains(&k), |rl, k| rl.is_key_up(k))
    });
    def(r, "isKeyPressed", &[INT], Some("Bool"), |s, _, a| {
        s.key(a, |f, k| f.keys_pressed.contains(&k), |rl, k| rl.is_key_pressed(k))
    });
    def(r, "isKeyReleased", &[INT], Some("Bool"), |s, _, a| {
        s.key(a, |f, k| f.keys_released.contains(&k), |rl, k| rl.is_key_released(k))
    });
    def(r, "getMouseX", &[], Some(INT), |s, _, _| s.mouse(|(x, _)| x, RaylibHandle::get_mouse_x));
    def(r, "getMouseY", &[], Some(INT), |s, _, _| s.mouse(|(_, y)| y, RaylibHandle::get_mouse_y));
    def(r, "isMouseButtonDown", &[INT], Some("Bool"), |s, _, a| {
        s.button(a, |f, b| f.buttons_down[b], |rl, b| rl.is_mouse_button_down(b))
    });
    def(r, "isMouseButtonPressed", &[INT], Some("Bool"), |s, _, a| {
        s.button(a, |f, b| f.buttons_pressed[b], |rl, b| rl.is_mouse_button_pressed(b))
    });
}

impl Raylib {
    fn window(&mut self) -> Result<&mut Open, String> {
        self.open.as_mut().ok_or_else(|| NO_WINDOW.to_string())
    }

    fn draw(&mut self, draw: Draw) -> Result<Value, String> {
        self.window()?;
        self.draws.push(draw);
        Ok(Value::None)
    }

    fn init_window(&mut self, _: &mut HostState, a: &[Value]) -> Result<Value, String> {
        if self.open.is_some() {
            return Err("the window is already open".into());
        }
        let (width, height) = (i(a, 0)?, i(a, 1)?);
        if !(1..=16_384).contains(&width) || !(1..=16_384).contains(&height) {
            return Err(format!("a window of {width}x{height} pixels cannot open (1 to 16384 each)"));
        }
        if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
            return Err("there is no display to open a window on (DISPLAY is not set); run it in a desktop session, under xvfb-run, or in the workbench".into());
        }
        let title = c_text(string(a, 2)?);
        let hidden = matches!(self.display, Display::Viewport(_));
        let _ = set_trace_log_callback(log_to_stderr);
        let built = std::panic::catch_unwind(|| {
            let mut builder = ::raylib::init();
            builder.size(width, height).title(&title).log_level(TraceLogLevel::LOG_WARNING);
            if hidden {
                builder.hidden();
            }
            builder.build()
        });
        let (mut rl, thread) = built.map_err(|_| "raylib could not open a window".to_string())?;
        let target = if hidden {
            let texture = rl.load_render_texture(&thread, width as u32, height as u32).map_err(|e| e.to_string())?;
            Some(texture)
        } else {
            None
        };
        self.open = Some(Open { target, rl, thread });
        Ok(Value::None)
    }

    /// Shows the frame drawn since `beginDrawing` (in the window, or sent to the viewport),
    /// waits for the target frame rate and reads the input of the next frame.
    fn end_drawing(&mut self, host: &mut HostState, _: &[Value]) -> Result<Value, String> {
        let Raylib { display, open, draws, input } = self;
        let Open { target, rl, thread } = open.as_mut().ok_or(NO_WINDOW)?;
        match (display, target) {
            (Display::Viewport(link), Some(target)) => {
                let mut d = rl.begin_drawing(thread);
                let started = Instant::now();
                draw::replay(draws, &mut d.begin_texture_mode(thread, target));
                let image = target.load_image().map_err(|e| e.to_string())?;
                let frame = frame_of(&image, started);
                // Ends the frame: swaps the hidden window and waits for the target frame rate.
                drop(d);
                link.send(frame);
                link.pass_gate(&host.interrupt);
                *input = link.take_input();
            }
            _ => draw::replay(draws, &mut rl.begin_drawing(thread)),
        }
        draws.clear();
        Ok(Value::None)
    }

    fn key(
        &mut self,
        a: &[Value],
        viewport: fn(&InputFrame, i32) -> bool,
        window: fn(&RaylibHandle, KeyboardKey) -> bool,
    ) -> Result<Value, String> {
        let code = i(a, 0)?;
        let down = match self.display {
            Display::Viewport(_) => viewport(&self.input, code),
            Display::Window => {
                let rl = &self.window()?.rl;
                key_from_i32(code).is_some_and(|k| window(rl, k))
            }
        };
        Ok(Value::Bool(down))
    }

    fn button(
        &mut self,
        a: &[Value],
        viewport: fn(&InputFrame, usize) -> bool,
        window: fn(&RaylibHandle, MouseButton) -> bool,
    ) -> Result<Value, String> {
        let b = int(a, 0)?;
        let button = match b {
            0 => MouseButton::MOUSE_BUTTON_LEFT,
            1 => MouseButton::MOUSE_BUTTON_RIGHT,
            2 => MouseButton::MOUSE_BUTTON_MIDDLE,
            _ => return Ok(Value::Bool(false)),
        };
        let down = match self.display {
            Display::Viewport(_) => viewport(&self.input, b as usize),
            Display::Window => window(&self.window()?.rl, button),
        };
        Ok(Value::Bool(down))
    }

    fn mouse(&mut self, viewport: fn((i32, i32)) -> i32, window: fn(&RaylibHandle) -> i32) -> Result<Value, String> {
        let at = match self.display {
            Display::Viewport(_) => viewport(self.input.mouse),
            Display::Window => window(&self.window()?.rl),
        };
        Ok(Value::Int(i64::from(at)))
    }
}

/// The image's pixels as RGBA rows, top row first (render textures come out upside down).
fn frame_of(image: &Image, started: Instant) -> Frame {
    let (width, height) = (image.width.max(0) as usize, image.height.max(0) as usize);
    let colors = image.get_image_data();
    let mut rgba = Vec::with_capacity(width * height * 4);
    for row in colors.chunks(width.max(1)).rev() {
        rgba.extend(row.iter().flat_map(|c| [c.r, c.g, c.b, c.a]));
    }
    Frame { width, height, rgba, render: started.elapsed() }
}

/// An `Int` argument as raylib's `int` (saturating).
fn i(a: &[Value], index: usize) -> Result<i32, String> {
    Ok(int(a, index)?.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
}

/// A `Color` argument (fields r, g, b, a, each clamped to 0..=255).
fn rgba(a: &[Value], index: usize) -> Result<Color, String> {
    let Some(Value::Struct(color)) = a.get(index) else {
        return Err(format!("internal error: argument {index} of a native should be a Color"));
    };
    let channel = |k: usize| match color.fields.get(k) {
        Some(Value::Int(v)) => Ok((*v).clamp(0, 255) as u8),
        _ => Err(format!("internal error: argument {index} of a native is not a Color")),
    };
    Ok(Color::new(channel(0)?, channel(1)?, channel(2)?, channel(3)?))
}

/// Text for raylib's C strings, which end at the first NUL.
fn c_text(text: &str) -> String {
    text.split('\0').next().unwrap_or_default().to_string()
}

fn log_to_stderr(level: TraceLogLevel, message: &str) {
    if level as i32 >= TraceLogLevel::LOG_WARNING as i32 {
        eprintln!("raylib: {message}");
    }
}

#[cfg(test)]
mod tests {
    use super::{Display, NativeRegistry};
    use crate::driver::{self, LoadOptions};

    /// raylib.rae and the natives here are two lists of one API: they must name the same
    /// functions with the same number of arguments, or programs fail to link.
    #[test]
    fn raylib_rae_and_the_natives_agree() {
        let text = "import raylib\nfunc main() {\n  clearBackground(color: rayWhite)\n}\n".to_string();
        let (program, diags) = driver::load_source("main.rae", text, LoadOptions::default());
        let checked = crate::check::check_program(&program);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(checked.diagnostics.is_empty(), "raylib.rae checks clean: {:?}", checked.diagnostics);
        let mut registry = NativeRegistry::new();
        super::register(&mut registry, Display::Window);
        let mut declared = 0;
        for f in &checked.typed.functions {
            let Some(key) = f.registry_key.as_deref().filter(|k| k.starts_with("raylib.")) else { continue };
            declared += 1;
            let index = registry.lookup(key).unwrap_or_else(|| panic!("no native for {key}"));
            assert_eq!(registry.get(index).params.len(), f.value_params().count(), "arity of {key}");
        }
        assert_eq!(declared, registry.keys().count(), "every native is declared in raylib.rae");
    }

    #[test]
    fn drawing_before_init_window_is_a_clear_error() {
        let mut registry = NativeRegistry::new();
        super::register(&mut registry, Display::Window);
        let native = registry.get(registry.lookup("raylib.endDrawing").expect("registered"));
        let mut host = crate::host::HostState::with_output(Box::new(std::io::sink()));
        let err = (native.func)(&mut host, &mut []).expect_err("no window yet");
        assert_eq!(err, "endDrawing: no window is open (call initWindow first)");
    }
}
