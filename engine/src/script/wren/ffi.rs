//! The Wren C API (vendor/wren/wren.h) as a safe handle: one VM, owned, with the calls the
//! Wren script VM makes. Every `unsafe` of the Wren binding is in this file: each call passes
//! the VM pointer this handle owns and C strings that live through the call.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_void, CStr, CString};

#[repr(C)]
struct RawVm {
    _opaque: [u8; 0],
}

#[repr(C)]
struct RawHandle {
    _opaque: [u8; 0],
}

type WriteFn = extern "C" fn(*mut RawVm, *const c_char);
type ErrorFn = extern "C" fn(*mut RawVm, c_int, *const c_char, c_int, *const c_char);
type PollFn = extern "C" fn(*mut RawVm) -> c_int;

extern "C" {
    fn raeWrenNew(user: *mut c_void, write: WriteFn, error: ErrorFn) -> *mut RawVm;
    fn wrenFreeVM(vm: *mut RawVm);
    fn wrenSetPollFn(vm: *mut RawVm, poll: PollFn);
    fn wrenInterpret(vm: *mut RawVm, module: *const c_char, source: *const c_char) -> c_int;
    fn wrenMakeCallHandle(vm: *mut RawVm, signature: *const c_char) -> *mut RawHandle;
    fn wrenCall(vm: *mut RawVm, method: *mut RawHandle) -> c_int;
    fn wrenReleaseHandle(vm: *mut RawVm, handle: *mut RawHandle);
    fn wrenEnsureSlots(vm: *mut RawVm, slots: c_int);
    fn wrenGetSlotType(vm: *mut RawVm, slot: c_int) -> c_int;
    fn wrenGetSlotBool(vm: *mut RawVm, slot: c_int) -> bool;
    fn wrenGetSlotBytes(vm: *mut RawVm, slot: c_int, length: *mut c_int) -> *const c_char;
    fn wrenGetSlotDouble(vm: *mut RawVm, slot: c_int) -> f64;
    fn wrenGetSlotHandle(vm: *mut RawVm, slot: c_int) -> *mut RawHandle;
    fn wrenSetSlotBool(vm: *mut RawVm, slot: c_int, value: bool);
    fn wrenSetSlotBytes(vm: *mut RawVm, slot: c_int, bytes: *const c_char, length: usize);
    fn wrenSetSlotDouble(vm: *mut RawVm, slot: c_int, value: f64);
    fn wrenSetSlotNewList(vm: *mut RawVm, slot: c_int);
    fn wrenSetSlotNewMap(vm: *mut RawVm, slot: c_int);
    fn wrenSetSlotNull(vm: *mut RawVm, slot: c_int);
    fn wrenSetSlotHandle(vm: *mut RawVm, slot: c_int, handle: *mut RawHandle);
    fn wrenGetListCount(vm: *mut RawVm, slot: c_int) -> c_int;
    fn wrenGetListElement(vm: *mut RawVm, list: c_int, index: c_int, element: c_int);
    fn wrenInsertInList(vm: *mut RawVm, list: c_int, index: c_int, element: c_int);
    fn wrenSetMapValue(vm: *mut RawVm, map: c_int, key: c_int, value: c_int);
    fn wrenGetVariable(vm: *mut RawVm, module: *const c_char, name: *const c_char, slot: c_int);
    fn wrenHasVariable(vm: *mut RawVm, module: *const c_char, name: *const c_char) -> bool;
    fn wrenGetUserData(vm: *mut RawVm) -> *mut c_void;
}

/// The module every script of a VM lives in.
const MODULE: &CStr = c"main";

/// What a Wren value is, as the C API sees it (`WrenType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotType {
    Bool,
    Num,
    Foreign,
    List,
    Map,
    Null,
    String,
    Unknown,
}

/// How `interpret` or `call` ended (`WrenInterpretResult`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
    CompileError,
    RuntimeError,
}

fn outcome(result: c_int) -> Outcome {
    match result {
        0 => Outcome::Success,
        1 => Outcome::CompileError,
        _ => Outcome::RuntimeError,
    }
}

/// An error Wren reports: at compile time with the line, at run time with the message and
/// then one stack trace entry per frame, innermost first (its line).
#[derive(Clone, Debug, PartialEq)]
pub enum Report {
    Compile { line: u32, message: String },
    Runtime { message: String },
    Trace { line: u32 },
}

/// What the VM's callbacks reach: the host's side of one VM.
pub struct Callbacks {
    /// Appends what `System.print` writes.
    pub write: Box<dyn FnMut(&str)>,
    /// Takes an error report.
    pub report: Box<dyn FnMut(Report)>,
    /// Whether the running script must stop.
    pub poll: Box<dyn Fn() -> bool>,
}

/// A kept reference to a Wren value or a call signature, valid while its VM lives.
#[derive(Clone, Copy)]
pub struct Handle(*mut RawHandle);

/// One Wren VM, freed when dropped.
pub struct Vm {
    raw: *mut RawVm,
    /// Owned here, reached by the callbacks through the VM's user data.
    callbacks: *mut Callbacks,
    handles: Vec<*mut RawHandle>,
}

fn callbacks<'a>(vm: *mut RawVm) -> &'a mut Callbacks {
    // SAFETY: the user data of every VM is the `Callbacks` its `Vm` owns and frees after the VM;
    // callbacks run inside a call on that `Vm`, which touches `callbacks` only through here.
    unsafe { &mut *wrenGetUserData(vm).cast::<Callbacks>() }
}

fn text<'a>(p: *const c_char) -> std::borrow::Cow<'a, str> {
    if p.is_null() {
        return "".into();
    }
    // SAFETY: Wren hands NUL-terminated strings that live through the callback.
    unsafe { CStr::from_ptr(p) }.to_string_lossy()
}

extern "C" fn on_write(vm: *mut RawVm, message: *const c_char) {
    (callbacks(vm).write)(&text(message));
}

extern "C" fn on_error(vm: *mut RawVm, kind: c_int, _module: *const c_char, line: c_int, message: *const c_char) {
    let line = u32::try_from(line).unwrap_or(0);
    // A runaway recursion's trace has a million entries: they cost no copy of their text.
    let report = match kind {
        0 => Report::Compile { line, message: text(message).into_owned() },
        1 => Report::Runtime { message: text(message).into_owned() },
        _ => Report::Trace { line },
    };
    (callbacks(vm).report)(report);
}

extern "C" fn on_poll(vm: *mut RawVm) -> c_int {
    c_int::from((callbacks(vm).poll)())
}

/// `text` as a C string (Wren's strings end at a NUL, so one inside ends them there too).
fn c_string(text: &str) -> CString {
    CString::new(text.split('\0').next().unwrap_or_default()).unwrap_or_default()
}

impl Vm {
    pub fn new(callbacks: Callbacks) -> Option<Vm> {
        let callbacks = Box::into_raw(Box::new(callbacks));
        // SAFETY: the configuration's callbacks match Wren's signatures; the user data outlives the VM.
        let raw = unsafe { raeWrenNew(callbacks.cast(), on_write, on_error) };
        if raw.is_null() {
            // SAFETY: made by `Box::into_raw` above and not given to any VM.
            drop(unsafe { Box::from_raw(callbacks) });
            return None;
        }
        // SAFETY: `raw` is a live VM.
        unsafe { wrenSetPollFn(raw, on_poll) };
        Some(Vm { raw, callbacks, handles: Vec::new() })
    }

    /// Compiles and runs `source` in the VM's module.
    pub fn interpret(&mut self, source: &str) -> Outcome {
        let source = c_string(source);
        // SAFETY: a live VM and NUL-terminated strings.
        outcome(unsafe { wrenInterpret(self.raw, MODULE.as_ptr(), source.as_ptr()) })
    }

    /// A call signature such as `call(_,_)`, released with the VM.
    pub fn call_handle(&mut self, signature: &str) -> Handle {
        let signature = c_string(signature);
        // SAFETY: a live VM and a NUL-terminated signature.
        let handle = unsafe { wrenMakeCallHandle(self.raw, signature.as_ptr()) };
        self.handles.push(handle);
        Handle(handle)
    }

    /// Calls `method` on the receiver in slot 0 with the arguments in the slots after it; the
    /// result is in slot 0.
    pub fn call(&mut self, method: &Handle) -> Outcome {
        // SAFETY: a live VM and a handle it made.
        outcome(unsafe { wrenCall(self.raw, method.0) })
    }

    /// A handle to the value in `slot`, released with the VM.
    pub fn keep(&mut self, slot: i32) -> Handle {
        // SAFETY: a live VM; `ensure` made the slot.
        let handle = unsafe { wrenGetSlotHandle(self.raw, slot) };
        self.handles.push(handle);
        Handle(handle)
    }

    /// Releases a handle of this VM before the VM goes.
    pub fn release(&mut self, handle: Handle) {
        if let Some(at) = self.handles.iter().position(|&h| h == handle.0) {
            self.handles.swap_remove(at);
            // SAFETY: a handle of this VM, released once (it was still in `handles`).
            unsafe { wrenReleaseHandle(self.raw, handle.0) };
        }
    }

    pub fn ensure(&mut self, slots: i32) {
        // SAFETY: a live VM.
        unsafe { wrenEnsureSlots(self.raw, slots) }
    }

    pub fn slot_type(&self, slot: i32) -> SlotType {
        // SAFETY: a live VM; `ensure` made the slot.
        match unsafe { wrenGetSlotType(self.raw, slot) } {
            0 => SlotType::Bool,
            1 => SlotType::Num,
            2 => SlotType::Foreign,
            3 => SlotType::List,
            4 => SlotType::Map,
            5 => SlotType::Null,
            6 => SlotType::String,
            _ => SlotType::Unknown,
        }
    }

    // The getters below are called only on a slot `slot_type` said holds that type.
    pub fn get_bool(&self, slot: i32) -> bool {
        // SAFETY: as above.
        unsafe { wrenGetSlotBool(self.raw, slot) }
    }

    pub fn get_num(&self, slot: i32) -> f64 {
        // SAFETY: as above.
        unsafe { wrenGetSlotDouble(self.raw, slot) }
    }

    pub fn get_bytes(&self, slot: i32) -> Vec<u8> {
        let mut length: c_int = 0;
        // SAFETY: as above; Wren gives the string's bytes and their count.
        unsafe {
            let bytes = wrenGetSlotBytes(self.raw, slot, &mut length);
            std::slice::from_raw_parts(bytes.cast::<u8>(), usize::try_from(length).unwrap_or(0)).to_vec()
        }
    }

    pub fn list_count(&self, slot: i32) -> i32 {
        // SAFETY: as above.
        unsafe { wrenGetListCount(self.raw, slot) }
    }

    pub fn list_element(&mut self, list: i32, index: i32, element: i32) {
        // SAFETY: as above, `index` below the count.
        unsafe { wrenGetListElement(self.raw, list, index, element) }
    }

    pub fn set_bool(&mut self, slot: i32, value: bool) {
        // SAFETY: a live VM; `ensure` made the slot.
        unsafe { wrenSetSlotBool(self.raw, slot, value) }
    }

    pub fn set_num(&mut self, slot: i32, value: f64) {
        // SAFETY: as above.
        unsafe { wrenSetSlotDouble(self.raw, slot, value) }
    }

    pub fn set_str(&mut self, slot: i32, value: &str) {
        // SAFETY: as above; Wren copies the bytes.
        unsafe { wrenSetSlotBytes(self.raw, slot, value.as_ptr().cast(), value.len()) }
    }

    pub fn set_null(&mut self, slot: i32) {
        // SAFETY: as above.
        unsafe { wrenSetSlotNull(self.raw, slot) }
    }

    pub fn set_new_list(&mut self, slot: i32) {
        // SAFETY: as above.
        unsafe { wrenSetSlotNewList(self.raw, slot) }
    }

    pub fn set_new_map(&mut self, slot: i32) {
        // SAFETY: as above.
        unsafe { wrenSetSlotNewMap(self.raw, slot) }
    }

    pub fn set_handle(&mut self, slot: i32, handle: &Handle) {
        // SAFETY: as above, with a handle of this VM.
        unsafe { wrenSetSlotHandle(self.raw, slot, handle.0) }
    }

    /// Appends the value in `element` to the list in `list`.
    pub fn push(&mut self, list: i32, element: i32) {
        // SAFETY: as above; `-1` appends.
        unsafe { wrenInsertInList(self.raw, list, -1, element) }
    }

    pub fn map_insert(&mut self, map: i32, key: i32, value: i32) {
        // SAFETY: as above.
        unsafe { wrenSetMapValue(self.raw, map, key, value) }
    }

    pub fn has_variable(&self, name: &str) -> bool {
        let name = c_string(name);
        // SAFETY: a live VM and NUL-terminated strings; the module exists once anything ran.
        unsafe { wrenHasVariable(self.raw, MODULE.as_ptr(), name.as_ptr()) }
    }

    /// Module variable `name` (which must exist) into `slot`.
    pub fn get_variable(&mut self, name: &str, slot: i32) {
        let name = c_string(name);
        // SAFETY: as above.
        unsafe { wrenGetVariable(self.raw, MODULE.as_ptr(), name.as_ptr(), slot) }
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        // SAFETY: the handles are this VM's and released once; the VM is freed before the
        // callbacks its user data points to.
        unsafe {
            for &handle in &self.handles {
                wrenReleaseHandle(self.raw, handle);
            }
            wrenFreeVM(self.raw);
            drop(Box::from_raw(self.callbacks));
        }
    }
}
