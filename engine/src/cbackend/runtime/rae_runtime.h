/* rae_runtime.h: values, operations and natives the C backend's generated code calls; it mirrors
   the bytecode VM (engine/src/vm, engine/src/host) byte for byte in what programs print. */
#ifndef RAE_RUNTIME_H
#define RAE_RUNTIME_H

#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <math.h>

/* Tags order matters: every tag from RV_STR on owns a reference-counted object. */
enum { RV_NONE, RV_INT, RV_FLOAT, RV_BOOL, RV_CHAR, RV_STR, RV_LIST, RV_STRUCT, RV_MAP };

typedef struct RaeObj {
  int64_t rc;
} RaeObj;

/* One register, global or heap slot; like the VM's Value. Float (32-bit) values are held as a
   double that is always rounded through float, exactly as the VM holds them. */
typedef struct RaeValue {
  uint8_t tag;
  union {
    int64_t i;
    double f;
    int b;
    uint32_t c;
    RaeObj *o;
  } u;
} RaeValue;

typedef struct RaeStr {
  RaeObj h;
  size_t len;
  char data[];
} RaeStr;

typedef struct RaeList {
  RaeObj h;
  size_t len, cap, alloc;
  RaeValue *items;
} RaeList;

typedef struct RaeStruct {
  RaeObj h;
  size_t n;
  RaeValue f[];
} RaeStruct;

typedef struct RaeMap {
  RaeObj h;
  int is_int;
  size_t len, alloc, nslots;
  RaeValue *keys, *vals;
  int64_t *slots;
} RaeMap;

/* A shadow frame for stack traces: which function, and the line it is at. */
typedef struct RaeFrame {
  int32_t fn;
  uint32_t line;
} RaeFrame;

/* Filled by the generated program. */
extern const char *const rae_fn_names[];
extern const char *const rae_fn_files[];
extern const char *const *const rae_enum_names[];
extern const size_t rae_enum_counts[];

extern RaeFrame *rae_frames;
extern int64_t rae_depth;

void rae_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void rae_release(RaeValue *v);
RaeObj *rae_unshare(RaeValue *v);

static inline void rae_drop(RaeValue *v) {
  if (v->tag >= RV_STR) rae_release(v);
  v->tag = RV_NONE;
}
static inline RaeValue rae_clone(RaeValue v) {
  if (v.tag >= RV_STR) v.u.o->rc++;
  return v;
}
static inline RaeValue rae_take(RaeValue *v) {
  RaeValue x = *v;
  v->tag = RV_NONE;
  return x;
}
static inline void rae_set(RaeValue *dst, RaeValue v) {
  RaeValue old = *dst;
  *dst = v;
  if (old.tag >= RV_STR) rae_release(&old);
}
static inline RaeValue rae_int(int64_t i) {
  RaeValue v;
  v.tag = RV_INT;
  v.u.i = i;
  return v;
}
static inline RaeValue rae_float(double f) {
  RaeValue v;
  v.tag = RV_FLOAT;
  v.u.f = f;
  return v;
}
static inline RaeValue rae_bool(int b) {
  RaeValue v;
  v.tag = RV_BOOL;
  v.u.b = b != 0;
  return v;
}
static inline RaeValue rae_char(uint32_t c) {
  RaeValue v;
  v.tag = RV_CHAR;
  v.u.c = c;
  return v;
}
static inline RaeValue rae_none(void) {
  RaeValue v;
  v.tag = RV_NONE;
  v.u.i = 0;
  return v;
}
static inline double rae_bits_f64(uint64_t bits) {
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}
static inline void rae_clear(RaeValue *r, size_t n) {
  for (size_t k = 0; k < n; k++) rae_drop(&r[k]);
}

/* Integer arithmetic wraps like the VM's (unsigned arithmetic has no undefined behaviour). */
static inline int64_t rae_add(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
static inline int64_t rae_sub(int64_t a, int64_t b) { return (int64_t)((uint64_t)a - (uint64_t)b); }
static inline int64_t rae_mul(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * (uint64_t)b); }
static inline int64_t rae_neg(int64_t a) { return (int64_t)(0 - (uint64_t)a); }
static inline int64_t rae_shl(int64_t a, int64_t b) { return (int64_t)((uint64_t)a << ((uint64_t)b & 63)); }
static inline int64_t rae_shr(int64_t a, int64_t b) {
  unsigned s = (unsigned)((uint64_t)b & 63);
  return a < 0 ? (int64_t)~(~(uint64_t)a >> s) : (int64_t)((uint64_t)a >> s);
}
static inline int64_t rae_shru(int64_t a, int64_t b) { return (int64_t)((uint64_t)a >> ((uint64_t)b & 63)); }
int64_t rae_div(int64_t a, int64_t b);
int64_t rae_rem(int64_t a, int64_t b);
int64_t rae_divu(int64_t a, int64_t b);
int64_t rae_remu(int64_t a, int64_t b);
int64_t rae_wrap(int kind, int64_t v);
int64_t rae_f2i(double x);
static inline double rae_f32(double x) { return (double)(float)x; }

int rae_equal(const RaeValue *a, const RaeValue *b);
int rae_less(const RaeValue *a, const RaeValue *b, int or_equal);

/* Strings. */
RaeValue rae_str(const char *bytes, size_t len);
RaeValue rae_str_static(const char *bytes, size_t len);
RaeValue rae_concat(const RaeValue *a, const RaeValue *b);
RaeValue rae_to_str(const RaeValue *a);
RaeValue rae_enum_name(const RaeValue *a, uint32_t e);
RaeValue rae_interp(const RaeValue *first, size_t count);

/* Structs, lists and maps. */
RaeValue rae_make_struct(RaeValue *first, size_t count);
/* Inline: reading a field is the hot path of struct code. */
static inline RaeValue rae_get_field(const RaeValue *obj, size_t field) {
  if (__builtin_expect(obj->tag != RV_STRUCT, 0)) rae_fail("internal error: expected a struct");
  return rae_clone(((RaeStruct *)obj->u.o)->f[field]);
}
RaeValue *rae_path_mut(RaeValue *v, const uint16_t *path, size_t len);
RaeValue rae_make_list(RaeValue *first, size_t count);
RaeValue rae_new_map(int is_int);
int64_t rae_len(const RaeValue *a);
int64_t rae_cap(const RaeValue *a);
RaeValue rae_list_at(const RaeValue *list, int64_t index);
void rae_list_push(RaeValue *list, RaeValue v);
void rae_list_set(RaeValue *list, int64_t index, RaeValue v);
RaeValue rae_list_take(RaeValue *list, int64_t index);
void rae_map_set(RaeValue *map, const RaeValue *key, RaeValue v);

/* The C ABI of `extern` functions (docs/native.md): a String parameter is a borrowed view of
   its UTF-8 bytes (valid for the call, not NUL-terminated); a String result is copied from the
   view the C function returns, so C keeps ownership of its buffer. */
typedef struct RaeStrView {
  const char *data;
  size_t len;
} RaeStrView;
static inline RaeStrView rae_str_view(const RaeValue *v) {
  RaeStrView w = {((RaeStr *)v->u.o)->data, ((RaeStr *)v->u.o)->len};
  return w;
}
static inline RaeValue rae_str_from_view(RaeStrView w) { return rae_str(w.data, w.len); }

/* Natives: `a` is the argument window; `mod` arguments stay there for the caller. */
typedef RaeValue (*RaeNative)(RaeValue *a);
#define RAE_NATIVE(name) RaeValue name(RaeValue *a)
RAE_NATIVE(rn_log);
RAE_NATIVE(rn_logS);
RAE_NATIVE(rn_sleep);
RAE_NATIVE(rn_nowMs);
RAE_NATIVE(rn_nowNs);
RAE_NATIVE(rn_nextTick);
RAE_NATIVE(rn_toString);
RAE_NATIVE(rn_int_to_f32);
RAE_NATIVE(rn_f64_to_f32);
RAE_NATIVE(rn_float_to_int);
RAE_NATIVE(rn_char_to_int);
RAE_NATIVE(rn_createList);
RAE_NATIVE(rn_add);
RAE_NATIVE(rn_list_get);
RAE_NATIVE(rn_list_set);
RAE_NATIVE(rn_insert);
RAE_NATIVE(rn_pop);
RAE_NATIVE(rn_removeLast);
RAE_NATIVE(rn_list_remove);
RAE_NATIVE(rn_swapRemove);
RAE_NATIVE(rn_truncate);
RAE_NATIVE(rn_clear);
RAE_NATIVE(rn_swap);
RAE_NATIVE(rn_sort);
RAE_NATIVE(rn_sortDesc);
RAE_NATIVE(rn_reverse);
RAE_NATIVE(rn_isEmpty);
RAE_NATIVE(rn_list_contains);
RAE_NATIVE(rn_list_indexOf);
RAE_NATIVE(rn_join);
RAE_NATIVE(rn_createStringMap);
RAE_NATIVE(rn_createIntMap);
RAE_NATIVE(rn_map_set);
RAE_NATIVE(rn_map_get);
RAE_NATIVE(rn_map_has);
RAE_NATIVE(rn_map_remove);
RAE_NATIVE(rn_map_keys);
RAE_NATIVE(rn_map_values);
RAE_NATIVE(rn_sqrt_f32);
RAE_NATIVE(rn_sqrt_f64);
RAE_NATIVE(rn_sin_f32);
RAE_NATIVE(rn_sin_f64);
RAE_NATIVE(rn_cos_f32);
RAE_NATIVE(rn_cos_f64);
RAE_NATIVE(rn_tan_f32);
RAE_NATIVE(rn_asin_f32);
RAE_NATIVE(rn_acos_f32);
RAE_NATIVE(rn_atan_f32);
RAE_NATIVE(rn_exp_f32);
RAE_NATIVE(rn_floor_f32);
RAE_NATIVE(rn_floor_f64);
RAE_NATIVE(rn_ceil_f32);
RAE_NATIVE(rn_ceil_f64);
RAE_NATIVE(rn_round_f32);
RAE_NATIVE(rn_round_f64);
RAE_NATIVE(rn_abs_f32);
RAE_NATIVE(rn_abs_f64);
RAE_NATIVE(rn_abs_int);
RAE_NATIVE(rn_min_int);
RAE_NATIVE(rn_min_f32);
RAE_NATIVE(rn_min_f64);
RAE_NATIVE(rn_max_int);
RAE_NATIVE(rn_max_f32);
RAE_NATIVE(rn_max_f64);
RAE_NATIVE(rn_clamp_int);
RAE_NATIVE(rn_clamp_f32);
RAE_NATIVE(rn_clamp_f64);
RAE_NATIVE(rn_lerp);
RAE_NATIVE(rn_atan2);
RAE_NATIVE(rn_pow_f32);
RAE_NATIVE(rn_pow_f64);
RAE_NATIVE(rn_popcount);
RAE_NATIVE(rn_leadingZeros);
RAE_NATIVE(rn_trailingZeros);
RAE_NATIVE(rn_seed);
RAE_NATIVE(rn_random_unit);
RAE_NATIVE(rn_random_range);
RAE_NATIVE(rn_randomFloat);
RAE_NATIVE(rn_str_length);
RAE_NATIVE(rn_str_at);
RAE_NATIVE(rn_str_equals);
RAE_NATIVE(rn_str_compare);
RAE_NATIVE(rn_str_concat);
RAE_NATIVE(rn_str_sub);
RAE_NATIVE(rn_str_contains);
RAE_NATIVE(rn_str_startsWith);
RAE_NATIVE(rn_str_endsWith);
RAE_NATIVE(rn_str_indexOf);
RAE_NATIVE(rn_str_replace);
RAE_NATIVE(rn_str_split);
RAE_NATIVE(rn_str_trim);
RAE_NATIVE(rn_str_toUpper);
RAE_NATIVE(rn_str_toLower);
RAE_NATIVE(rn_str_toInt);
RAE_NATIVE(rn_str_toFloat);

/* Runs the program's init and main on a thread with a deep stack; returns the exit status. */
int rae_start(RaeValue (*init)(RaeValue *), RaeValue (*main_fn)(RaeValue *), int main_returns_int,
              size_t stack_values);

/* The VM's default call depth limit. */
#define RAE_MAX_DEPTH 10000
void rae_stack_overflow(void) __attribute__((noreturn, cold));

/* Function entry: the depth check the VM does at a call, then the shadow frame, kept in a
   local so that RAE_LINE is one store. */
static inline RaeFrame *rae_enter(int32_t fn) {
  if (__builtin_expect(rae_depth >= RAE_MAX_DEPTH, 0)) rae_stack_overflow();
  RaeFrame *f = &rae_frames[rae_depth++];
  f->fn = fn;
  f->line = 0;
  return f;
}
#define RAE_ENTER(fn_index) RaeFrame *const rae_fp = rae_enter(fn_index)
#define RAE_LINE(n) (rae_fp->line = (n))

#endif
