//! The game viewport: shows the frames a program draws (scaled to fit, aspect kept, pixels
//! sharp) and, while it has the keyboard focus, turns the user's keys and mouse into input
//! events in the game's own pixels and raylib's key codes.

use egui::{
    pos2, Color32, Event, EventFilter, Key, PointerButton, Rect, Sense, TextureHandle, TextureOptions, Ui, Vec2,
};
use std::time::{Duration, Instant};

/// Input for the game, as raylib sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GameInput {
    /// A key (raylib's `KeyboardKey` code) went down or up.
    Key { code: i32, down: bool },
    /// The pointer moved to this game pixel.
    Mouse { x: i32, y: i32 },
    /// Mouse button 0 (left), 1 (right) or 2 (middle) went down or up.
    Button { button: usize, down: bool },
    /// The viewport lost the focus: every key and button is released.
    ReleaseAll,
}

#[derive(Default)]
pub struct Viewport {
    texture: Option<TextureHandle>,
    size: [usize; 2],
    frames: u64,
    /// When the last frames arrived, for the frame rate.
    arrivals: Vec<Instant>,
    /// What the last frame cost the program's thread (draw + read back) and the UI (upload).
    render_cost: Duration,
    upload_cost: Duration,
    focused: bool,
}

/// How many arrivals the frame rate averages over.
const RATE_WINDOW: usize = 30;

impl Viewport {
    /// Shows a new frame: `rgba` holds `size[0] * size[1]` pixels, top row first; `render_cost`
    /// is what drawing and reading it back took the program.
    pub fn set_frame(&mut self, ctx: &egui::Context, size: [usize; 2], rgba: &[u8], render_cost: Duration) {
        if rgba.len() != size[0] * size[1] * 4 {
            return;
        }
        let started = Instant::now();
        let image = egui::ColorImage::from_rgba_unmultiplied(size, rgba);
        match &mut self.texture {
            Some(texture) => texture.set(image, TextureOptions::NEAREST),
            None => self.texture = Some(ctx.load_texture("game-viewport", image, TextureOptions::NEAREST)),
        }
        self.size = size;
        self.frames += 1;
        self.upload_cost = started.elapsed();
        self.render_cost = render_cost;
        if self.arrivals.len() == RATE_WINDOW {
            self.arrivals.remove(0);
        }
        self.arrivals.push(Instant::now());
    }

    /// Forgets the last game's frames (a new run starts).
    pub fn clear(&mut self) {
        *self = Viewport { texture: self.texture.take(), ..Viewport::default() };
    }

    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Frames per second over the last arrivals.
    pub fn fps(&self) -> f64 {
        match (self.arrivals.first(), self.arrivals.last()) {
            (Some(first), Some(last)) if self.arrivals.len() > 1 => {
                let span = last.duration_since(*first).as_secs_f64();
                if span > 0.0 {
                    (self.arrivals.len() - 1) as f64 / span
                } else {
                    0.0
                }
            }
            _ => 0.0,
        }
    }

    /// Draws the viewport and returns the input the game should get.
    pub fn ui(&mut self, ui: &mut Ui) -> Vec<GameInput> {
        let status_height = ui.text_style_height(&egui::TextStyle::Small) + 6.0;
        let available = ui.available_size();
        let (area, response) = ui.allocate_exact_size(
            Vec2::new(available.x, (available.y - status_height).max(0.0)),
            Sense::click_and_drag(),
        );
        ui.painter().rect_filled(area, 0.0, Color32::BLACK);
        let shown = self.texture.as_ref().map(|t| (t.id(), fit(area, self.size)));
        match shown {
            Some((id, rect)) => {
                let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
                ui.painter().image(id, rect, uv, Color32::WHITE);
                if self.focused {
                    ui.painter().rect_stroke(
                        area,
                        0.0,
                        (1.0, ui.visuals().selection.stroke.color),
                        egui::StrokeKind::Inside,
                    );
                }
            }
            None => {
                let hint = "Run a program that opens a raylib window (import raylib) to see it here.";
                ui.painter().text(
                    area.center(),
                    egui::Align2::CENTER_CENTER,
                    hint,
                    egui::FontId::proportional(14.0),
                    Color32::GRAY,
                );
            }
        }
        if response.clicked() || response.drag_started() {
            response.request_focus();
        }
        let mut input = Vec::new();
        let focused = response.has_focus();
        if focused {
            // Arrows, Tab and Escape go to the game, not to egui's focus navigation.
            let filter = EventFilter { tab: true, horizontal_arrows: true, vertical_arrows: true, escape: true };
            ui.memory_mut(|m| m.set_focus_lock_filter(response.id, filter));
            if let Some((_, rect)) = shown {
                self.collect_input(ui, rect, &mut input);
            }
        } else if self.focused {
            input.push(GameInput::ReleaseAll);
        }
        self.focused = focused;
        self.status_ui(ui);
        input
    }

    fn collect_input(&self, ui: &Ui, rect: Rect, input: &mut Vec<GameInput>) {
        let to_game = |p: egui::Pos2| {
            let x = (p.x - rect.min.x) / rect.width() * self.size[0] as f32;
            let y = (p.y - rect.min.y) / rect.height() * self.size[1] as f32;
            (x.floor() as i32, y.floor() as i32)
        };
        ui.input(|i| {
            for event in &i.events {
                match event {
                    Event::Key { key, pressed, repeat: false, .. } => {
                        if let Some(code) = raylib_key(*key) {
                            input.push(GameInput::Key { code, down: *pressed });
                        }
                    }
                    Event::PointerMoved(p) => {
                        let (x, y) = to_game(*p);
                        input.push(GameInput::Mouse { x, y });
                    }
                    Event::PointerButton { button, pressed, .. } => {
                        let button = match button {
                            PointerButton::Primary => 0,
                            PointerButton::Secondary => 1,
                            PointerButton::Middle => 2,
                            _ => continue,
                        };
                        input.push(GameInput::Button { button, down: *pressed });
                    }
                    _ => {}
                }
            }
        });
    }

    fn status_ui(&self, ui: &mut Ui) {
        let text = if self.frames == 0 {
            "no frames yet".to_owned()
        } else {
            format!(
                "{}x{} · {:.0} fps · frame {:.1} ms (draw + read back) · upload {:.1} ms{}",
                self.size[0],
                self.size[1],
                self.fps(),
                self.render_cost.as_secs_f64() * 1e3,
                self.upload_cost.as_secs_f64() * 1e3,
                if self.focused { " · keys go to the game" } else { " · click to play" }
            )
        };
        ui.label(egui::RichText::new(text).small().weak());
    }
}

/// The largest rectangle of `size`'s aspect that fits in `area`, centred.
fn fit(area: Rect, size: [usize; 2]) -> Rect {
    let (w, h) = (size[0].max(1) as f32, size[1].max(1) as f32);
    let scale = (area.width() / w).min(area.height() / h);
    Rect::from_center_size(area.center(), Vec2::new(w * scale, h * scale))
}

/// raylib's `KeyboardKey` code of `key`, for the keys games use.
pub fn raylib_key(key: Key) -> Option<i32> {
    const LETTERS: [Key; 26] = [
        Key::A,
        Key::B,
        Key::C,
        Key::D,
        Key::E,
        Key::F,
        Key::G,
        Key::H,
        Key::I,
        Key::J,
        Key::K,
        Key::L,
        Key::M,
        Key::N,
        Key::O,
        Key::P,
        Key::Q,
        Key::R,
        Key::S,
        Key::T,
        Key::U,
        Key::V,
        Key::W,
        Key::X,
        Key::Y,
        Key::Z,
    ];
    const DIGITS: [Key; 10] =
        [Key::Num0, Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];
    if let Some(i) = LETTERS.iter().position(|k| *k == key) {
        return Some(65 + i as i32);
    }
    if let Some(i) = DIGITS.iter().position(|k| *k == key) {
        return Some(48 + i as i32);
    }
    Some(match key {
        Key::Space => 32,
        Key::Escape => 256,
        Key::Enter => 257,
        Key::Tab => 258,
        Key::Backspace => 259,
        Key::ArrowRight => 262,
        Key::ArrowLeft => 263,
        Key::ArrowDown => 264,
        Key::ArrowUp => 265,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_fits_with_its_aspect_kept() {
        let area = Rect::from_min_size(pos2(0.0, 0.0), Vec2::new(800.0, 300.0));
        let rect = fit(area, [640, 480]);
        assert_eq!(rect.height(), 300.0);
        assert_eq!(rect.width(), 400.0);
        assert_eq!(rect.center(), area.center());
    }

    #[test]
    fn keys_map_to_raylib_codes() {
        assert_eq!(raylib_key(Key::W), Some(87));
        assert_eq!(raylib_key(Key::Num3), Some(51));
        assert_eq!(raylib_key(Key::ArrowUp), Some(265));
        assert_eq!(raylib_key(Key::F5), None);
    }
}
