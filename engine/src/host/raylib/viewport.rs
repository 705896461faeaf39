//! The link between a program drawing with raylib on the VM thread and a host's viewport on
//! another thread: finished frames go one way over a bounded channel, keyboard and mouse state
//! the other way through a shared input record, and a frame gate lets the host pause the game
//! between two frames and step it one frame at a time.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// How often a paused game looks at its stop flag.
const STOP_POLL: Duration = Duration::from_millis(20);

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
    gate: FrameGate,
    notify: Notify,
}

/// The host's side of the input: it reports key and mouse events as they happen.
#[derive(Clone, Default)]
pub struct ViewportInput(Arc<Mutex<InputFrame>>);

/// Pauses a game between frames: while paused, `endDrawing` waits (still stoppable) until the
/// host resumes or lets one more frame through.
#[derive(Clone, Default)]
pub struct FrameGate(Arc<(Mutex<Gate>, Condvar)>);

#[derive(Default)]
struct Gate {
    paused: bool,
    /// Frames allowed through while paused.
    steps: u32,
}

/// The host's side of a viewport.
pub struct ViewportHost {
    pub frames: Receiver<Frame>,
    pub input: ViewportInput,
    pub gate: FrameGate,
}

/// A link and its host side. At most `queue` frames wait for the host; when it falls behind,
/// new frames are dropped so the game keeps its pace. `notify` runs after each frame sent (to
/// wake the host's UI).
pub fn viewport(queue: usize, notify: impl Fn() + Send + Sync + 'static) -> (ViewportLink, ViewportHost) {
    let (frames, receiver) = mpsc::sync_channel(queue);
    let (input, gate) = (ViewportInput::default(), FrameGate::default());
    let link = ViewportLink { frames, input: Arc::clone(&input.0), gate: gate.clone(), notify: Arc::new(notify) };
    (link, ViewportHost { frames: receiver, input, gate })
}

impl FrameGate {
    fn lock(&self) -> MutexGuard<'_, Gate> {
        self.0 .0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn set_paused(&self, paused: bool) {
        let mut gate = self.lock();
        gate.paused = paused;
        gate.steps = 0;
        self.0 .1.notify_all();
    }

    pub fn is_paused(&self) -> bool {
        self.lock().paused
    }

    /// While paused, lets one more frame through.
    pub fn step(&self) {
        let mut gate = self.lock();
        if gate.paused {
            gate.steps += 1;
            self.0 .1.notify_all();
        }
    }

    /// Waits while the game is paused, until it resumes, a step is allowed, or `stop` is raised.
    fn pass(&self, stop: &AtomicBool) {
        let mut gate = self.lock();
        while gate.paused && gate.steps == 0 && !stop.load(Ordering::Relaxed) {
            gate = self.0 .1.wait_timeout(gate, STOP_POLL).unwrap_or_else(|p| p.into_inner()).0;
        }
        gate.steps = gate.steps.saturating_sub(1);
    }
}

impl ViewportLink {
    /// Hands `frame` to the host unless its queue is full.
    pub(super) fn send(&self, frame: Frame) {
        match self.frames.try_send(frame) {
            Ok(()) => (self.notify)(),
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {}
        }
    }

    /// Waits while the host has the game paused (see [`FrameGate`]).
    pub(super) fn pass_gate(&self, stop: &AtomicBool) {
        self.gate.pass(stop);
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
        let (link, host) = viewport(1, || {});
        let input = host.input;
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
        let (link, host) = viewport(1, || {});
        for width in 1..=3 {
            link.send(Frame { width, height: 1, rgba: vec![0; 4 * width], render: Duration::ZERO });
        }
        assert_eq!(host.frames.try_iter().map(|f| f.width).collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn a_paused_game_waits_for_a_step_or_a_stop() {
        let (link, host) = viewport(1, || {});
        let stop = Arc::new(AtomicBool::new(false));
        host.gate.set_paused(true);
        let (passed_tx, passed) = mpsc::channel();
        let game = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for _ in 0..2 {
                    link.pass_gate(&stop);
                    passed_tx.send(()).unwrap();
                }
            })
        };
        assert!(passed.recv_timeout(Duration::from_millis(100)).is_err(), "paused: no frame passes");
        host.gate.step();
        assert!(passed.recv_timeout(Duration::from_secs(5)).is_ok(), "one step lets one frame through");
        assert!(passed.recv_timeout(Duration::from_millis(100)).is_err(), "and only one");
        stop.store(true, Ordering::Relaxed);
        assert!(passed.recv_timeout(Duration::from_secs(5)).is_ok(), "a stop ends the wait");
        game.join().unwrap();
    }
}
