/* The one part of Wren's API whose layout Rust would have to mirror: the configuration a VM
   is made with. Everything else is plain functions (ffi.rs). */
#include "wren.h"

/* A Wren VM that writes `System.print` through [write] and reports errors through [error].
   It has no module loader, so `import` reaches nothing outside the script. */
WrenVM *raeWrenNew(void *userData, WrenWriteFn write, WrenErrorFn error) {
  WrenConfiguration config;
  wrenInitConfiguration(&config);
  config.writeFn = write;
  config.errorFn = error;
  config.userData = userData;
  return wrenNewVM(&config);
}
