//! The workbench look: egui's dark theme with larger, readable text and a calmer accent.

use egui::{Color32, FontFamily, FontId, TextStyle};

/// Colours the widgets share, so errors look the same in the editor, console and problems list.
pub const ERROR: Color32 = Color32::from_rgb(0xf4, 0x47, 0x47);
pub const WARNING: Color32 = Color32::from_rgb(0xe5, 0xc0, 0x7b);
pub const INFO: Color32 = Color32::from_rgb(0x61, 0xaf, 0xef);
pub const DIM: Color32 = Color32::from_rgb(0x7f, 0x84, 0x8e);

pub fn severity_colour(severity: crate::Severity) -> Color32 {
    match severity {
        crate::Severity::Error => ERROR,
        crate::Severity::Warning => WARNING,
    }
}

/// Dark visuals and the text sizes of the whole application.
pub fn apply(ctx: &egui::Context) {
    ctx.set_visuals(egui::Visuals::dark());
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Small, FontId::new(12.0, FontFamily::Proportional)),
            (TextStyle::Body, FontId::new(14.5, FontFamily::Proportional)),
            (TextStyle::Button, FontId::new(14.5, FontFamily::Proportional)),
            (TextStyle::Heading, FontId::new(19.0, FontFamily::Proportional)),
            (TextStyle::Monospace, FontId::new(14.5, FontFamily::Monospace)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 5.0);
        style.spacing.button_padding = egui::vec2(8.0, 3.0);
        style.visuals.selection.bg_fill = Color32::from_rgb(0x26, 0x4f, 0x78);
        style.visuals.hyperlink_color = INFO;
    });
}
