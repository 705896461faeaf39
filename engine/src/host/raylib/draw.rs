//! The draw list: what a program drew since its last `endDrawing`, replayed onto raylib when
//! the frame ends (into the window, or into the viewport's render texture).

use ::raylib::prelude::{Color, RaylibDraw};

pub enum Draw {
    Clear(Color),
    Pixel { x: i32, y: i32, color: Color },
    Line { x0: i32, y0: i32, x1: i32, y1: i32, color: Color },
    Rect { x: i32, y: i32, w: i32, h: i32, color: Color },
    RectLines { x: i32, y: i32, w: i32, h: i32, color: Color },
    Circle { x: i32, y: i32, radius: f32, color: Color },
    CircleLines { x: i32, y: i32, radius: f32, color: Color },
    Text { text: String, x: i32, y: i32, size: i32, color: Color },
    Fps { x: i32, y: i32 },
}

/// Draws `list` in order.
pub fn replay(list: &[Draw], d: &mut impl RaylibDraw) {
    for draw in list {
        match *draw {
            Draw::Clear(color) => d.clear_background(color),
            Draw::Pixel { x, y, color } => d.draw_pixel(x, y, color),
            Draw::Line { x0, y0, x1, y1, color } => d.draw_line(x0, y0, x1, y1, color),
            Draw::Rect { x, y, w, h, color } => d.draw_rectangle(x, y, w, h, color),
            Draw::RectLines { x, y, w, h, color } => d.draw_rectangle_lines(x, y, w, h, color),
            Draw::Circle { x, y, radius, color } => d.draw_circle(x, y, radius, color),
            Draw::CircleLines { x, y, radius, color } => d.draw_circle_lines(x, y, radius, color),
            Draw::Text { ref text, x, y, size, color } => d.draw_text(text, x, y, size, color),
            Draw::Fps { x, y } => d.draw_fps(x, y),
        }
    }
}
