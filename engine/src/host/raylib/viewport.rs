//! The link between a program drawing with raylib on the VM thread and a host's viewport on
//! another thread: finished frames go one way over a bounded channel, keyboard and mouse state
//! the other way through a shared input record.

use std::collections::HashSet;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// One finished frame: RGBA8 rows, top row first.
pub struct Frame {
    pub width: usize,
    pub height: usize,
    pub rgba: Vec<u8>,
    /// What replaying the draw list and reading the pixels back took.
    pub render: Duration,
}

/// What the viewport reports between two frames of the program.
#[derive(Clone, Debug, Default)]
pub struct InputFrame {
    pub keys_down: HashSet<i32>,
    pub keys_pressed: HashSet<i32>,
    pub keys_released: HashSet<i32>,
    /// In the game's pixels.
    pub mouse: (i32, i32),
    pub buttons_down: [bool; 3],
    pub buttons_pressed: [bool; 3],
}

type Notify = Arc<dyn Fn() + Send + Sync>;

/// The program's side, handed to the raylib natives.
#[derive(Clone)]
pub struct ViewportLink {
    frames: SyncSender<Frame>,
    input: Arc<Mutex<InputFrame>>,
    notify: Notify,
}

/// The host's side of the input: it reports key and mouse events as they happen.
#[derive(Clone, Default)]
pub struct ViewportInput(Arc<Mutex<InputFrame>>);

/// A link, the receiver of its frames and its input handle. At most `queue` frames wait for the
/// host; when it falls behind, new frames are dropped so the game keeps its pace. `notify`
/// runs after each frame sent (to wake the host's UI).
pub fn viewport(
    queue: usize,
    notify: impl Fn() + Send + Sync + 'static,
) -> (ViewportLink, Receiver<Frame>, ViewportInput) {
    let (frames, receiver) = mpsc::sync_channel(queue);
    let input = ViewportInput::default();
    (ViewportLink { frames, input: Arc::clone(&input.0), notify: Arc::new(notify) }, receiver, input)
}

impl ViewportLink {
    /// Hands `frame` to the host unless its queue is full.
    pub(super) fn send(&self, frame: Frame) {
        match self.frames.try_send(frame) {
            Ok(()) => (self.notify)(),
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {}
        }
    }

    /// The input since the previous call: keys held now, and the presses and releases that
    /// happened in between (each reported once).
    pub(super) fn take_input(&self) -> InputFrame {
        let mut shared = lock(&self.input);
        let frame = shared.clone();
        shared.keys_pressed.clear();
        shared.keys_released.clear();
        shared.buttons_pressed = [false; 3];
        frame
    }
}

impl ViewportInput {
    /// A key (raylib's code) went down or up.
    pub fn key(&self, code: i32, down: bool) {
        let mut shared = lock(&self.0);
        if down {
            if shared.keys_down.insert(code) {
                shared.keys_pressed.insert(code);
            }
        } else if shared.keys_down.remove(&code) {
            shared.keys_released.insert(code);
        }
    }

    /// The mouse moved to `(x, y)` in the game's pixels.
    pub fn mouse_moved(&self, x: i32, y: i32) {
        lock(&self.0).mouse = (x, y);
    }

    /// Mouse button `button` (0 left, 1 right, 2 middle) went down or up.
    pub fn button(&self, button: usize, down: bool) {
        let mut shared = lock(&self.0);
        if let Some(held) = shared.buttons_down.get_mut(button) {
            if down && !*held {
                shared.buttons_pressed[button] = true;
            }
            shared.buttons_down[button] = down;
        }
    }

    /// Everything is released (the viewport lost the focus).
    pub fn release_all(&self) {
        let mut shared = lock(&self.0);
        let held: Vec<i32> = shared.keys_down.drain().collect();
        shared.keys_released.extend(held);
        shared.buttons_down = [false; 3];
    }
}

/// The input record stays usable even if a thread panicked while holding it.
fn lock(input: &Mutex<InputFrame>) -> MutexGuard<'_, InputFrame> {
    input.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presses_are_reported_once_and_held_keys_stay_down() {
        let (link, _frames, input) = viewport(1, || {});
        input.key(265, true);
        input.key(265, true);
        let first = link.take_input();
        assert!(first.keys_down.contains(&265) && first.keys_pressed.contains(&265));
        let second = link.take_input();
        assert!(second.keys_down.contains(&265) && second.keys_pressed.is_empty());
        input.key(265, false);
        let third = link.take_input();
        assert!(!third.keys_down.contains(&265) && third.keys_released.contains(&265));
    }

    #[test]
    fn a_full_queue_drops_frames_instead_of_blocking() {
        let (link, frames, _input) = viewport(1, || {});
        for width in 1..=3 {
            link.send(Frame { width, height: 1, rgba: vec![0; 4 * width], render: Duration::ZERO });
        }
        assert_eq!(frames.try_iter().map(|f| f.width).collect::<Vec<_>>(), vec![1]);
    }
}
