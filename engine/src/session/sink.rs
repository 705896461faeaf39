//! The host's output sink, shared by the VMs of successive inputs.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

/// A handle on the session's one output stream; each input's `HostState` writes through a clone.
#[derive(Clone)]
pub struct SharedSink(Rc<RefCell<Box<dyn Write>>>);

impl SharedSink {
    pub fn new(out: Box<dyn Write>) -> SharedSink {
        SharedSink(Rc::new(RefCell::new(out)))
    }
}

impl Write for SharedSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.borrow_mut().flush()
    }
}
