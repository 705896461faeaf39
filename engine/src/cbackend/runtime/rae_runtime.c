/* rae_runtime.c: the C runtime of native Rae builds: reference-counted copy-on-write values,
   the print formats, runtime errors with the Rae stack trace, and the core natives. */
#include "rae_runtime.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

RaeFrame *rae_frames;
int64_t rae_depth;
static uint64_t rae_random_state = 0x123456789ABCDEF0ULL;
static int64_t rae_next_tick = 1;

/* ---------- memory ---------- */

static void *rae_alloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) rae_fail("out of memory");
  return p;
}

static void *rae_realloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) rae_fail("out of memory");
  return q;
}

/* Immortal objects (string constants) never reach zero. */
#define RAE_IMMORTAL (INT64_MAX / 2)

static void rae_free_obj(uint8_t tag, RaeObj *o) {
  switch (tag) {
  case RV_LIST: {
    RaeList *l = (RaeList *)o;
    rae_clear(l->items, l->len);
    free(l->items);
    break;
  }
  case RV_STRUCT: {
    RaeStruct *s = (RaeStruct *)o;
    rae_clear(s->f, s->n);
    break;
  }
  case RV_MAP: {
    RaeMap *m = (RaeMap *)o;
    rae_clear(m->keys, m->len);
    rae_clear(m->vals, m->len);
    free(m->keys);
    free(m->vals);
    free(m->slots);
    break;
  }
  default:
    break;
  }
  free(o);
}

void rae_release(RaeValue *v) {
  RaeObj *o = v->u.o;
  if (--o->rc == 0) rae_free_obj(v->tag, o);
}

static RaeList *rae_list_new(size_t len, size_t cap) {
  RaeList *l = rae_alloc(sizeof *l);
  l->h.rc = 1;
  l->len = len;
  l->cap = cap;
  l->alloc = len < 16 ? 16 : len;
  l->items = rae_alloc(l->alloc * sizeof(RaeValue));
  return l;
}

static RaeValue rae_obj(uint8_t tag, RaeObj *o) {
  RaeValue v;
  v.tag = tag;
  v.u.o = o;
  return v;
}

static RaeMap *rae_map_alloc(int is_int) {
  RaeMap *m = rae_alloc(sizeof *m);
  m->h.rc = 1;
  m->is_int = is_int;
  m->len = 0;
  m->alloc = 0;
  m->nslots = 0;
  m->keys = NULL;
  m->vals = NULL;
  m->slots = NULL;
  return m;
}

static void rae_map_reindex(RaeMap *m);

/* Copy on write: a shared object is copied (its children shared) before the first write. */
RaeObj *rae_unshare(RaeValue *v) {
  RaeObj *o = v->u.o;
  if (o->rc == 1) return o;
  RaeObj *copy = NULL;
  switch (v->tag) {
  case RV_LIST: {
    RaeList *l = (RaeList *)o;
    RaeList *c = rae_list_new(l->len, l->cap);
    for (size_t k = 0; k < l->len; k++) c->items[k] = rae_clone(l->items[k]);
    copy = &c->h;
    break;
  }
  case RV_STRUCT: {
    RaeStruct *s = (RaeStruct *)o;
    RaeStruct *c = rae_alloc(sizeof *c + s->n * sizeof(RaeValue));
    c->h.rc = 1;
    c->n = s->n;
    for (size_t k = 0; k < s->n; k++) c->f[k] = rae_clone(s->f[k]);
    copy = &c->h;
    break;
  }
  case RV_MAP: {
    RaeMap *m = (RaeMap *)o;
    RaeMap *c = rae_map_alloc(m->is_int);
    c->len = m->len;
    c->alloc = m->len;
    c->keys = rae_alloc(m->len * sizeof(RaeValue));
    c->vals = rae_alloc(m->len * sizeof(RaeValue));
    for (size_t k = 0; k < m->len; k++) {
      c->keys[k] = rae_clone(m->keys[k]);
      c->vals[k] = rae_clone(m->vals[k]);
    }
    rae_map_reindex(c);
    copy = &c->h;
    break;
  }
  default:
    return o; /* strings are immutable */
  }
  o->rc--;
  v->u.o = copy;
  return copy;
}

/* ---------- errors ---------- */

void rae_fail(const char *fmt, ...) {
  fflush(stdout);
  fputs("error: ", stderr);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  /* Innermost first; a run of more than 10 identical frames shows 3 and a count (vm/error.rs). */
  int64_t k = rae_depth - 1;
  while (k >= 0) {
    int64_t run = 1;
    while (k - run >= 0 && rae_frames[k - run].fn == rae_frames[k].fn && rae_frames[k - run].line == rae_frames[k].line)
      run++;
    int64_t shown = run > 10 ? 3 : run;
    for (int64_t s = 0; s < shown; s++)
      fprintf(stderr, "  at %s (%s:%u)\n", rae_fn_names[rae_frames[k].fn], rae_fn_files[rae_frames[k].fn],
              rae_frames[k].line);
    if (shown < run) fprintf(stderr, "  ... previous frame repeated %lld more times\n", (long long)(run - 3));
    k -= run;
  }
  fflush(stderr);
  exit(1);
}

void rae_stack_overflow(void) { rae_fail("stack overflow: call depth exceeded %d", RAE_MAX_DEPTH); }

/* ---------- integers and floats ---------- */

int64_t rae_div(int64_t a, int64_t b) {
  if (b == 0) rae_fail("division by zero");
  if (b == -1) return rae_neg(a);
  return a / b;
}

int64_t rae_rem(int64_t a, int64_t b) {
  if (b == 0) rae_fail("division by zero");
  if (b == -1) return 0;
  return a % b;
}

int64_t rae_divu(int64_t a, int64_t b) {
  if (b == 0) rae_fail("division by zero");
  return (int64_t)((uint64_t)a / (uint64_t)b);
}

int64_t rae_remu(int64_t a, int64_t b) {
  if (b == 0) rae_fail("division by zero");
  return (int64_t)((uint64_t)a % (uint64_t)b);
}

int64_t rae_wrap(int kind, int64_t v) {
  switch (kind) {
  case 0: return (int8_t)(uint8_t)(uint64_t)v;
  case 1: return (int16_t)(uint16_t)(uint64_t)v;
  case 2: return (int32_t)(uint32_t)(uint64_t)v;
  case 4: return (uint8_t)(uint64_t)v;
  case 5: return (uint16_t)(uint64_t)v;
  case 6: return (uint32_t)(uint64_t)v;
  default: return v;
  }
}

/* Rust's `as i64`: truncates toward zero, saturates, NaN is 0. */
int64_t rae_f2i(double x) {
  if (x != x) return 0;
  if (x >= 9223372036854775807.0) return INT64_MAX;
  if (x <= -9223372036854775808.0) return INT64_MIN;
  return (int64_t)x;
}

/* ---------- strings ---------- */

RaeValue rae_str(const char *bytes, size_t len) {
  RaeStr *s = rae_alloc(sizeof *s + len + 1);
  s->h.rc = 1;
  s->len = len;
  if (len) memcpy(s->data, bytes, len);
  s->data[len] = 0;
  return rae_obj(RV_STR, &s->h);
}

RaeValue rae_str_static(const char *bytes, size_t len) {
  RaeValue v = rae_str(bytes, len);
  v.u.o->rc = RAE_IMMORTAL;
  return v;
}

static RaeStr *S(const RaeValue *v) { return (RaeStr *)v->u.o; }

/* A growable byte buffer for building strings. */
typedef struct {
  char *p;
  size_t len, cap;
} Buf;

static void buf_put(Buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1) cap *= 2;
    b->p = rae_realloc(b->p, cap);
    b->cap = cap;
  }
  if (n) memcpy(b->p + b->len, s, n);
  b->len += n;
}

static void buf_str(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

static RaeValue buf_done(Buf *b) {
  RaeValue v = rae_str(b->p ? b->p : "", b->len);
  free(b->p);
  return v;
}

static size_t utf8_encode(uint32_t c, char *out) {
  if (c < 0x80) {
    out[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    out[0] = (char)(0xC0 | (c >> 6));
    out[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (c >> 18));
  out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
  out[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

/* ---------- printing (host/print.rs) ---------- */

static void render(Buf *b, const RaeValue *v);

static void render_float(Buf *b, double x) {
  char tmp[64];
  snprintf(tmp, sizeof tmp, "%g", x);
  buf_str(b, tmp);
}

static void render(Buf *b, const RaeValue *v) {
  char tmp[32];
  switch (v->tag) {
  case RV_NONE: buf_str(b, "none"); break;
  case RV_INT:
    snprintf(tmp, sizeof tmp, "%" PRId64, v->u.i);
    buf_str(b, tmp);
    break;
  case RV_FLOAT: render_float(b, v->u.f); break;
  case RV_BOOL: buf_str(b, v->u.b ? "true" : "false"); break;
  case RV_CHAR: buf_put(b, tmp, utf8_encode(v->u.c, tmp)); break;
  case RV_STR: buf_put(b, S(v)->data, S(v)->len); break;
  case RV_STRUCT: {
    RaeStruct *s = (RaeStruct *)v->u.o;
    buf_str(b, "{");
    for (size_t k = 0; k < s->n; k++) {
      buf_str(b, k == 0 ? " " : ", ");
      render(b, &s->f[k]);
    }
    buf_str(b, " }");
    break;
  }
  case RV_LIST: {
    RaeList *l = (RaeList *)v->u.o;
    size_t cap = l->cap > l->len ? l->cap : l->len;
    buf_str(b, "{ #(");
    for (size_t k = 0; k < cap; k++) {
      if (k > 0) buf_str(b, ", ");
      if (k < l->len)
        render(b, &l->items[k]);
      else
        buf_str(b, "none");
    }
    snprintf(tmp, sizeof tmp, "), %zu, ", l->len);
    buf_str(b, tmp);
    snprintf(tmp, sizeof tmp, "%zu }", cap);
    buf_str(b, tmp);
    break;
  }
  case RV_MAP: {
    RaeMap *m = (RaeMap *)v->u.o;
    buf_str(b, "{");
    for (size_t k = 0; k < m->len; k++) {
      buf_str(b, k == 0 ? " " : ", ");
      render(b, &m->keys[k]);
      buf_str(b, ": ");
      render(b, &m->vals[k]);
    }
    buf_str(b, " }");
    break;
  }
  }
}

RaeValue rae_to_str(const RaeValue *a) {
  if (a->tag == RV_STR) return rae_clone(*a);
  Buf b = {0};
  render(&b, a);
  return buf_done(&b);
}

RaeValue rae_concat(const RaeValue *a, const RaeValue *b) {
  Buf out = {0};
  buf_put(&out, S(a)->data, S(a)->len);
  buf_put(&out, S(b)->data, S(b)->len);
  return buf_done(&out);
}

RaeValue rae_enum_name(const RaeValue *a, uint32_t e) {
  if (a->tag == RV_NONE) return rae_str("none", 4);
  if (a->tag == RV_INT && a->u.i >= 0 && (size_t)a->u.i < rae_enum_counts[e]) {
    const char *n = rae_enum_names[e][a->u.i];
    return rae_str(n, strlen(n));
  }
  return rae_str("?", 1);
}

RaeValue rae_interp(const RaeValue *first, size_t count) {
  Buf b = {0};
  for (size_t k = 0; k < count; k++) render(&b, &first[k]);
  return buf_done(&b);
}

/* ---------- equality and order ---------- */

static RaeValue *map_find(const RaeMap *m, const RaeValue *key);

int rae_equal(const RaeValue *a, const RaeValue *b) {
  if (a->tag != b->tag) return 0;
  switch (a->tag) {
  case RV_NONE: return 1;
  case RV_INT: return a->u.i == b->u.i;
  case RV_FLOAT: return a->u.f == b->u.f;
  case RV_BOOL: return a->u.b == b->u.b;
  case RV_CHAR: return a->u.c == b->u.c;
  case RV_STR: return S(a)->len == S(b)->len && memcmp(S(a)->data, S(b)->data, S(a)->len) == 0;
  case RV_STRUCT: {
    RaeStruct *x = (RaeStruct *)a->u.o, *y = (RaeStruct *)b->u.o;
    if (x->n != y->n) return 0;
    for (size_t k = 0; k < x->n; k++)
      if (!rae_equal(&x->f[k], &y->f[k])) return 0;
    return 1;
  }
  case RV_LIST: {
    RaeList *x = (RaeList *)a->u.o, *y = (RaeList *)b->u.o;
    if (x->len != y->len || x->cap != y->cap) return 0;
    for (size_t k = 0; k < x->len; k++)
      if (!rae_equal(&x->items[k], &y->items[k])) return 0;
    return 1;
  }
  case RV_MAP: {
    /* Like IndexMap's equality: the same entries, in any order. */
    RaeMap *x = (RaeMap *)a->u.o, *y = (RaeMap *)b->u.o;
    if (x->is_int != y->is_int || x->len != y->len) return 0;
    for (size_t k = 0; k < x->len; k++) {
      RaeValue *other = map_find(y, &x->keys[k]);
      if (!other || !rae_equal(&x->vals[k], other)) return 0;
    }
    return 1;
  }
  }
  return 0;
}

static int bytes_cmp(const RaeStr *x, const RaeStr *y) {
  size_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->data, y->data, n);
  if (c) return c < 0 ? -1 : 1;
  return x->len < y->len ? -1 : x->len > y->len;
}

int rae_less(const RaeValue *a, const RaeValue *b, int or_equal) {
  int c = 0;
  switch (a->tag) {
  case RV_STR: c = bytes_cmp(S(a), S(b)); break;
  case RV_CHAR: c = a->u.c < b->u.c ? -1 : a->u.c > b->u.c; break;
  case RV_INT: c = a->u.i < b->u.i ? -1 : a->u.i > b->u.i; break;
  case RV_BOOL: c = a->u.b < b->u.b ? -1 : a->u.b > b->u.b; break;
  case RV_FLOAT: return or_equal ? a->u.f <= b->u.f : a->u.f < b->u.f;
  default: rae_fail("internal error: expected comparable values");
  }
  return or_equal ? c <= 0 : c < 0;
}

/* ---------- structs ---------- */

RaeValue rae_make_struct(RaeValue *first, size_t count) {
  RaeStruct *s = rae_alloc(sizeof *s + count * sizeof(RaeValue));
  s->h.rc = 1;
  s->n = count;
  for (size_t k = 0; k < count; k++) s->f[k] = rae_take(&first[k]);
  return rae_obj(RV_STRUCT, &s->h);
}

RaeValue *rae_path_mut(RaeValue *v, const uint16_t *path, size_t len) {
  for (size_t k = 0; k < len; k++) {
    if (v->tag != RV_STRUCT) rae_fail("internal error: expected a struct");
    RaeStruct *s = (RaeStruct *)rae_unshare(v);
    v = &s->f[path[k]];
  }
  return v;
}

/* ---------- lists ---------- */

static RaeList *L(const RaeValue *v) {
  if (v->tag != RV_LIST) rae_fail("internal error: expected a List");
  return (RaeList *)v->u.o;
}

static RaeList *Lmut(RaeValue *v) {
  L(v);
  return (RaeList *)rae_unshare(v);
}

static void list_reserve(RaeList *l, size_t n) {
  if (n <= l->alloc) return;
  size_t a = l->alloc * 2;
  if (a < n) a = n;
  l->items = rae_realloc(l->items, a * sizeof(RaeValue));
  l->alloc = a;
}

/* Full: capacity doubles, and 0 becomes 4 (ListObj::grow_for_one). */
static void list_grow_for_one(RaeList *l) {
  if (l->len >= l->cap) l->cap = l->cap == 0 ? 4 : l->cap * 2;
  list_reserve(l, l->len + 1);
}

RaeValue rae_make_list(RaeValue *first, size_t count) {
  RaeList *l = rae_list_new(count, count);
  for (size_t k = 0; k < count; k++) l->items[k] = rae_take(&first[k]);
  return rae_obj(RV_LIST, &l->h);
}

int64_t rae_len(const RaeValue *a) {
  switch (a->tag) {
  case RV_LIST: return (int64_t)((RaeList *)a->u.o)->len;
  case RV_MAP: return (int64_t)((RaeMap *)a->u.o)->len;
  case RV_STR: return (int64_t)S(a)->len;
  default: rae_fail("internal error: expected a List or a map");
  }
}

int64_t rae_cap(const RaeValue *a) {
  RaeList *l = L(a);
  return (int64_t)(l->cap > l->len ? l->cap : l->len);
}

RaeValue rae_list_at(const RaeValue *list, int64_t index) {
  RaeList *l = L(list);
  if (index < 0 || (uint64_t)index >= l->len) return rae_none();
  return rae_clone(l->items[index]);
}

void rae_list_push(RaeValue *list, RaeValue v) {
  RaeList *l = Lmut(list);
  list_grow_for_one(l);
  l->items[l->len++] = v;
}

void rae_list_set(RaeValue *list, int64_t index, RaeValue v) {
  RaeList *l = Lmut(list);
  if (index < 0 || (uint64_t)index >= l->len) rae_fail("internal error: list index out of range");
  rae_set(&l->items[index], v);
}

RaeValue rae_list_take(RaeValue *list, int64_t index) {
  if (index < 0 || (uint64_t)index >= L(list)->len) return rae_none();
  return rae_take(&Lmut(list)->items[index]);
}

/* ---------- maps: insertion order plus an open-addressing index ---------- */

static uint64_t key_hash(const RaeValue *k) {
  uint64_t h;
  if (k->tag == RV_INT) {
    h = (uint64_t)k->u.i + 0x9E3779B97F4A7C15ULL;
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
    return h ^ (h >> 31);
  }
  h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < S(k)->len; i++) h = (h ^ (uint8_t)S(k)->data[i]) * 0x100000001b3ULL;
  return h;
}

static void map_index_insert(RaeMap *m, size_t entry) {
  size_t mask = m->nslots - 1;
  size_t at = (size_t)key_hash(&m->keys[entry]) & mask;
  while (m->slots[at] >= 0) at = (at + 1) & mask;
  m->slots[at] = (int64_t)entry;
}

static void rae_map_reindex(RaeMap *m) {
  size_t n = 8;
  while (n < m->len * 2 + 2) n *= 2;
  free(m->slots);
  m->nslots = n;
  m->slots = rae_alloc(n * sizeof(int64_t));
  for (size_t k = 0; k < n; k++) m->slots[k] = -1;
  for (size_t k = 0; k < m->len; k++) map_index_insert(m, k);
}

static int64_t map_lookup(const RaeMap *m, const RaeValue *key) {
  if (m->nslots == 0) return -1;
  size_t mask = m->nslots - 1;
  size_t at = (size_t)key_hash(key) & mask;
  while (m->slots[at] >= 0) {
    if (rae_equal(&m->keys[m->slots[at]], key)) return m->slots[at];
    at = (at + 1) & mask;
  }
  return -1;
}

static RaeValue *map_find(const RaeMap *m, const RaeValue *key) {
  int64_t k = map_lookup(m, key);
  return k < 0 ? NULL : &m->vals[k];
}

RaeValue rae_new_map(int is_int) { return rae_obj(RV_MAP, &rae_map_alloc(is_int)->h); }

static RaeMap *M(const RaeValue *v) {
  if (v->tag != RV_MAP) rae_fail("internal error: expected a map");
  return (RaeMap *)v->u.o;
}

void rae_map_set(RaeValue *map, const RaeValue *key, RaeValue v) {
  M(map);
  RaeMap *m = (RaeMap *)rae_unshare(map);
  int64_t at = map_lookup(m, key);
  if (at >= 0) {
    rae_set(&m->vals[at], v);
    return;
  }
  if (m->len == m->alloc) {
    m->alloc = m->alloc ? m->alloc * 2 : 8;
    m->keys = rae_realloc(m->keys, m->alloc * sizeof(RaeValue));
    m->vals = rae_realloc(m->vals, m->alloc * sizeof(RaeValue));
  }
  m->keys[m->len] = rae_clone(*key);
  m->vals[m->len] = v;
  m->len++;
  if (m->len * 2 + 2 > m->nslots)
    rae_map_reindex(m);
  else
    map_index_insert(m, m->len - 1);
}

/* ---------- run ---------- */

typedef struct {
  RaeValue (*init)(RaeValue *);
  RaeValue (*main_fn)(RaeValue *);
  int main_returns_int;
  size_t stack_values;
  int status;
} RaeRun;

static void *rae_thread(void *arg) {
  RaeRun *run = arg;
  RaeValue *stack = calloc(run->stack_values, sizeof(RaeValue));
  rae_frames = calloc((size_t)RAE_MAX_DEPTH + 2, sizeof(RaeFrame));
  if (!stack || !rae_frames) rae_fail("out of memory");
  RaeValue ignored = run->init(stack);
  rae_drop(&ignored);
  RaeValue v = run->main_fn(stack);
  fflush(stdout);
  run->status = run->main_returns_int && v.tag == RV_INT ? (int)(int32_t)v.u.i : 0;
  rae_drop(&v);
  free(stack);
  return NULL;
}

int rae_start(RaeValue (*init)(RaeValue *), RaeValue (*main_fn)(RaeValue *), int main_returns_int,
              size_t stack_values) {
  static char out_buf[1 << 16];
  setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
  RaeRun run = {init, main_fn, main_returns_int, stack_values, 0};
  /* Ten thousand nested Rae calls need more than the default 8 MiB of C stack at -O0. */
  pthread_attr_t attr;
  pthread_t thread;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, (size_t)1 << 30);
  if (pthread_create(&thread, &attr, rae_thread, &run) != 0) rae_thread(&run);
  else pthread_join(thread, NULL);
  fflush(stdout);
  return run.status;
}
