
/* ---------- natives (appended to rae_runtime.c; host/{core,list,map,math,string}.rs) ---------- */

#define A_INT(k) (a[k].u.i)
#define A_F(k) (a[k].u.f)

static void write_value(const RaeValue *v, int newline) {
  if (v->tag == RV_STR) {
    fwrite(S(v)->data, 1, S(v)->len, stdout);
  } else {
    Buf b = {0};
    render(&b, v);
    fwrite(b.p ? b.p : "", 1, b.len, stdout);
    free(b.p);
  }
  if (newline) fputc('\n', stdout);
}

RAE_NATIVE(rn_log) {
  write_value(&a[0], 1);
  return rae_none();
}
RAE_NATIVE(rn_logS) {
  write_value(&a[0], 0);
  return rae_none();
}
RAE_NATIVE(rn_sleep) {
  int64_t ms = A_INT(0) < 0 ? 0 : A_INT(0);
  struct timespec t = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
  while (nanosleep(&t, &t) != 0) {
  }
  return rae_none();
}
static struct timespec now_real(void) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return t;
}
RAE_NATIVE(rn_nowMs) {
  (void)a;
  struct timespec t = now_real();
  return rae_int((int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000);
}
RAE_NATIVE(rn_nowNs) {
  (void)a;
  struct timespec t = now_real();
  return rae_int((int64_t)t.tv_sec * 1000000000 + t.tv_nsec);
}
RAE_NATIVE(rn_nextTick) {
  (void)a;
  int64_t t = rae_next_tick;
  rae_next_tick = rae_add(t, 1);
  return rae_int(t);
}
RAE_NATIVE(rn_toString) { return rae_to_str(&a[0]); }
RAE_NATIVE(rn_int_to_f32) { return rae_float((double)(float)A_INT(0)); }
RAE_NATIVE(rn_f64_to_f32) { return rae_float((double)(float)A_F(0)); }
RAE_NATIVE(rn_float_to_int) { return rae_int(rae_f2i(A_F(0))); }
RAE_NATIVE(rn_char_to_int) { return rae_int((int64_t)a[0].u.c); }

/* ----- lists ----- */

static void out_of_range(int64_t n, size_t len, const char *what) {
  rae_fail("index %" PRId64 " out of range for %s of length %zu", n, what, len);
}
static size_t in_range(int64_t n, size_t len, const char *what) {
  if (n < 0 || (uint64_t)n >= len) out_of_range(n, len, what);
  return (size_t)n;
}

RAE_NATIVE(rn_createList) {
  if (A_INT(0) < 0) rae_fail("capacity must not be negative (got %" PRId64 ")", A_INT(0));
  RaeList *l = rae_list_new(0, (size_t)A_INT(0));
  return rae_obj(RV_LIST, &l->h);
}
RAE_NATIVE(rn_add) {
  rae_list_push(&a[0], rae_take(&a[1]));
  return rae_none();
}
RAE_NATIVE(rn_list_get) { return rae_list_at(&a[0], A_INT(1)); }
RAE_NATIVE(rn_list_set) {
  RaeValue v = rae_take(&a[2]);
  RaeList *l = Lmut(&a[0]);
  rae_set(&l->items[in_range(A_INT(1), l->len, "List")], v);
  return rae_none();
}
RAE_NATIVE(rn_insert) {
  RaeValue v = rae_take(&a[2]);
  RaeList *l = Lmut(&a[0]);
  int64_t k = A_INT(1);
  if (k < 0 || (uint64_t)k > l->len) out_of_range(k, l->len, "List");
  list_grow_for_one(l);
  memmove(&l->items[k + 1], &l->items[k], (l->len - (size_t)k) * sizeof(RaeValue));
  l->items[k] = v;
  l->len++;
  return rae_none();
}
static RaeValue list_pop(RaeValue *list) {
  RaeList *l = Lmut(list);
  if (l->len == 0) rae_fail("pop from an empty List");
  return l->items[--l->len];
}
RAE_NATIVE(rn_pop) { return list_pop(&a[0]); }
RAE_NATIVE(rn_removeLast) {
  RaeValue v = list_pop(&a[0]);
  rae_drop(&v);
  return rae_none();
}
RAE_NATIVE(rn_list_remove) {
  RaeList *l = Lmut(&a[0]);
  size_t k = in_range(A_INT(1), l->len, "List");
  RaeValue v = l->items[k];
  memmove(&l->items[k], &l->items[k + 1], (l->len - k - 1) * sizeof(RaeValue));
  l->len--;
  return v;
}
RAE_NATIVE(rn_swapRemove) {
  RaeList *l = Lmut(&a[0]);
  size_t k = in_range(A_INT(1), l->len, "List");
  RaeValue v = l->items[k];
  l->items[k] = l->items[--l->len];
  return v;
}
RAE_NATIVE(rn_truncate) {
  RaeList *l = Lmut(&a[0]);
  size_t n = A_INT(1) < 0 ? 0 : (size_t)A_INT(1);
  while (l->len > n) rae_drop(&l->items[--l->len]);
  return rae_none();
}
RAE_NATIVE(rn_clear) {
  RaeList *l = Lmut(&a[0]);
  while (l->len > 0) rae_drop(&l->items[--l->len]);
  return rae_none();
}
RAE_NATIVE(rn_swap) {
  size_t len = L(&a[0])->len;
  size_t i = in_range(A_INT(1), len, "List"), j = in_range(A_INT(2), len, "List");
  RaeList *l = Lmut(&a[0]);
  RaeValue t = l->items[i];
  l->items[i] = l->items[j];
  l->items[j] = t;
  return rae_none();
}

/* The total order of `sort` (host/list.rs `order`). */
static int order(const RaeValue *x, const RaeValue *y);
static int seq_order(const RaeValue *a, size_t na, const RaeValue *b, size_t nb) {
  for (size_t k = 0; k < na && k < nb; k++) {
    int c = order(&a[k], &b[k]);
    if (c) return c;
  }
  return na < nb ? -1 : na > nb;
}
static int64_t total_key(double d) {
  int64_t bits;
  memcpy(&bits, &d, sizeof bits);
  return bits ^ (int64_t)((uint64_t)(bits >> 63) >> 1);
}
static int order(const RaeValue *x, const RaeValue *y) {
  if (x->tag != y->tag) return x->tag < y->tag ? -1 : 1;
  switch (x->tag) {
  case RV_INT: return x->u.i < y->u.i ? -1 : x->u.i > y->u.i;
  case RV_FLOAT: {
    int64_t p = total_key(x->u.f), q = total_key(y->u.f);
    return p < q ? -1 : p > q;
  }
  case RV_BOOL: return x->u.b < y->u.b ? -1 : x->u.b > y->u.b;
  case RV_CHAR: return x->u.c < y->u.c ? -1 : x->u.c > y->u.c;
  case RV_STR: return bytes_cmp(S(x), S(y));
  case RV_STRUCT: {
    RaeStruct *p = (RaeStruct *)x->u.o, *q = (RaeStruct *)y->u.o;
    return seq_order(p->f, p->n, q->f, q->n);
  }
  case RV_LIST: {
    RaeList *p = (RaeList *)x->u.o, *q = (RaeList *)y->u.o;
    return seq_order(p->items, p->len, q->items, q->len);
  }
  default: return 0;
  }
}
/* Stable merge sort, like Rust's sort_by. */
static void merge_sort(RaeValue *v, RaeValue *tmp, size_t n, int desc) {
  if (n < 2) return;
  size_t h = n / 2;
  merge_sort(v, tmp, h, desc);
  merge_sort(v + h, tmp, n - h, desc);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n) {
    int c = desc ? order(&v[j], &v[i]) : order(&v[i], &v[j]);
    tmp[k++] = c <= 0 ? v[i++] : v[j++];
  }
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof(RaeValue));
}
static RaeValue sort_list(RaeValue *list, int desc) {
  RaeList *l = Lmut(list);
  RaeValue *tmp = rae_alloc(l->len * sizeof(RaeValue));
  merge_sort(l->items, tmp, l->len, desc);
  free(tmp);
  return rae_none();
}
RAE_NATIVE(rn_sort) { return sort_list(&a[0], 0); }
RAE_NATIVE(rn_sortDesc) { return sort_list(&a[0], 1); }
RAE_NATIVE(rn_reverse) {
  RaeList *l = Lmut(&a[0]);
  for (size_t i = 0, j = l->len; i + 1 < j; i++, j--) {
    RaeValue t = l->items[i];
    l->items[i] = l->items[j - 1];
    l->items[j - 1] = t;
  }
  return rae_none();
}
RAE_NATIVE(rn_isEmpty) { return rae_bool(L(&a[0])->len == 0); }
static int64_t position(RaeValue *a) {
  RaeList *l = L(&a[0]);
  for (size_t k = 0; k < l->len; k++)
    if (rae_equal(&l->items[k], &a[1])) return (int64_t)k;
  return -1;
}
RAE_NATIVE(rn_list_contains) { return rae_bool(position(a) >= 0); }
RAE_NATIVE(rn_list_indexOf) { return rae_int(position(a)); }
RAE_NATIVE(rn_join) {
  RaeList *l = L(&a[0]);
  Buf b = {0};
  for (size_t k = 0; k < l->len; k++) {
    if (k > 0) buf_put(&b, S(&a[1])->data, S(&a[1])->len);
    render(&b, &l->items[k]);
  }
  return buf_done(&b);
}

/* ----- maps ----- */

RAE_NATIVE(rn_createStringMap) {
  if (A_INT(0) < 0) rae_fail("capacity must not be negative (got %" PRId64 ")", A_INT(0));
  return rae_new_map(0);
}
RAE_NATIVE(rn_createIntMap) {
  if (A_INT(0) < 0) rae_fail("capacity must not be negative (got %" PRId64 ")", A_INT(0));
  return rae_new_map(1);
}
RAE_NATIVE(rn_map_set) {
  rae_map_set(&a[0], &a[1], rae_take(&a[2]));
  return rae_none();
}
RAE_NATIVE(rn_map_get) {
  RaeValue *v = map_find(M(&a[0]), &a[1]);
  return v ? rae_clone(*v) : rae_none();
}
RAE_NATIVE(rn_map_has) { return rae_bool(map_find(M(&a[0]), &a[1]) != NULL); }
RAE_NATIVE(rn_map_remove) {
  M(&a[0]);
  RaeMap *m = (RaeMap *)rae_unshare(&a[0]);
  int64_t k = map_lookup(m, &a[1]);
  if (k < 0) return rae_none();
  rae_drop(&m->keys[k]);
  rae_drop(&m->vals[k]);
  size_t rest = m->len - (size_t)k - 1;
  memmove(&m->keys[k], &m->keys[k + 1], rest * sizeof(RaeValue));
  memmove(&m->vals[k], &m->vals[k + 1], rest * sizeof(RaeValue));
  m->len--;
  rae_map_reindex(m);
  return rae_none();
}
static RaeValue map_column(RaeValue *a, int keys) {
  RaeMap *m = M(&a[0]);
  RaeList *l = rae_list_new(m->len, m->len);
  for (size_t k = 0; k < m->len; k++) l->items[k] = rae_clone(keys ? m->keys[k] : m->vals[k]);
  return rae_obj(RV_LIST, &l->h);
}
RAE_NATIVE(rn_map_keys) { return map_column(a, 1); }
RAE_NATIVE(rn_map_values) { return map_column(a, 0); }

/* ----- math: Float results computed in float, Float64 in double ----- */

#define F32_UNARY(name, fn) \
  RAE_NATIVE(name) { return rae_float((double)fn((float)A_F(0))); }
#define F64_UNARY(name, fn) \
  RAE_NATIVE(name) { return rae_float(fn(A_F(0))); }
F32_UNARY(rn_sqrt_f32, sqrtf)
F64_UNARY(rn_sqrt_f64, sqrt)
F32_UNARY(rn_sin_f32, sinf)
F64_UNARY(rn_sin_f64, sin)
F32_UNARY(rn_cos_f32, cosf)
F64_UNARY(rn_cos_f64, cos)
F32_UNARY(rn_tan_f32, tanf)
F32_UNARY(rn_asin_f32, asinf)
F32_UNARY(rn_acos_f32, acosf)
F32_UNARY(rn_atan_f32, atanf)
F32_UNARY(rn_exp_f32, expf)
F32_UNARY(rn_floor_f32, floorf)
F64_UNARY(rn_floor_f64, floor)
F32_UNARY(rn_ceil_f32, ceilf)
F64_UNARY(rn_ceil_f64, ceil)
F32_UNARY(rn_round_f32, roundf)
F64_UNARY(rn_round_f64, round)
F32_UNARY(rn_abs_f32, fabsf)
F64_UNARY(rn_abs_f64, fabs)
RAE_NATIVE(rn_abs_int) { return rae_int(A_INT(0) < 0 ? rae_neg(A_INT(0)) : A_INT(0)); }
/* Rust's f32::min/max ignore a NaN operand, like C's fminf/fmaxf. */
RAE_NATIVE(rn_min_int) { return rae_int(A_INT(0) < A_INT(1) ? A_INT(0) : A_INT(1)); }
RAE_NATIVE(rn_min_f32) { return rae_float((double)fminf((float)A_F(0), (float)A_F(1))); }
RAE_NATIVE(rn_min_f64) { return rae_float(fmin(A_F(0), A_F(1))); }
RAE_NATIVE(rn_max_int) { return rae_int(A_INT(0) > A_INT(1) ? A_INT(0) : A_INT(1)); }
RAE_NATIVE(rn_max_f32) { return rae_float((double)fmaxf((float)A_F(0), (float)A_F(1))); }
RAE_NATIVE(rn_max_f64) { return rae_float(fmax(A_F(0), A_F(1))); }
RAE_NATIVE(rn_clamp_int) {
  int64_t v = A_INT(0), lo = A_INT(1), hi = A_INT(2);
  return rae_int(v < lo ? lo : v > hi ? hi : v);
}
RAE_NATIVE(rn_clamp_f32) {
  float v = (float)A_F(0), lo = (float)A_F(1), hi = (float)A_F(2);
  return rae_float((double)(v < lo ? lo : v > hi ? hi : v));
}
RAE_NATIVE(rn_clamp_f64) {
  double v = A_F(0), lo = A_F(1), hi = A_F(2);
  return rae_float(v < lo ? lo : v > hi ? hi : v);
}
RAE_NATIVE(rn_lerp) {
  float from = (float)A_F(0), to = (float)A_F(1), t = (float)A_F(2);
  float d = to - from;
  float m = d * t;
  return rae_float((double)(from + m));
}
RAE_NATIVE(rn_atan2) { return rae_float((double)atan2f((float)A_F(0), (float)A_F(1))); }
RAE_NATIVE(rn_pow_f32) { return rae_float((double)powf((float)A_F(0), (float)A_F(1))); }
RAE_NATIVE(rn_pow_f64) { return rae_float(pow(A_F(0), A_F(1))); }
RAE_NATIVE(rn_popcount) { return rae_int(__builtin_popcountll((unsigned long long)A_INT(0))); }
RAE_NATIVE(rn_leadingZeros) { return rae_int(A_INT(0) == 0 ? 64 : __builtin_clzll((unsigned long long)A_INT(0))); }
RAE_NATIVE(rn_trailingZeros) { return rae_int(A_INT(0) == 0 ? 64 : __builtin_ctzll((unsigned long long)A_INT(0))); }

static uint32_t next_u32(void) {
  rae_random_state = rae_random_state * 6364136223846793005ULL + 1;
  return (uint32_t)(rae_random_state >> 32);
}
static float random_unit(void) { return (float)((double)next_u32() / 4294967295.0); }
RAE_NATIVE(rn_seed) {
  rae_random_state = (uint64_t)A_INT(0);
  return rae_none();
}
RAE_NATIVE(rn_random_unit) {
  (void)a;
  return rae_float((double)random_unit());
}
RAE_NATIVE(rn_random_range) {
  uint32_t u = next_u32();
  int64_t min = A_INT(0), max = A_INT(1);
  if (min >= max) return rae_int(min);
  __int128 span = (__int128)max - (__int128)min + 1;
  return rae_int((int64_t)((__int128)min + (__int128)u % span));
}
RAE_NATIVE(rn_randomFloat) {
  float min = (float)A_F(0), max = (float)A_F(1);
  float d = max - min;
  float m = d * random_unit();
  return rae_float((double)(min + m));
}

/* ----- strings: lengths and indices count UTF-8 bytes ----- */

static const char *SD(RaeValue *v) { return S(v)->data; }
static size_t SL(RaeValue *v) { return S(v)->len; }
static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }
static uint32_t utf8_decode(const unsigned char *p, size_t *n) {
  if (p[0] < 0x80) {
    *n = 1;
    return p[0];
  }
  if (p[0] < 0xE0) {
    *n = 2;
    return ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
  }
  if (p[0] < 0xF0) {
    *n = 3;
    return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
  }
  *n = 4;
  return ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) | ((uint32_t)(p[2] & 0x3F) << 6) |
         (p[3] & 0x3F);
}
static const char *find_bytes(const char *h, size_t hl, const char *n, size_t nl) {
  if (nl == 0) return h;
  for (size_t k = 0; k + nl <= hl; k++)
    if (memcmp(h + k, n, nl) == 0) return h + k;
  return NULL;
}

RAE_NATIVE(rn_str_length) { return rae_int((int64_t)SL(&a[0])); }
RAE_NATIVE(rn_str_at) {
  size_t k = in_range(A_INT(1), SL(&a[0]), "String");
  const unsigned char *p = (const unsigned char *)SD(&a[0]) + k;
  if (is_cont(*p)) rae_fail("index %" PRId64 " is inside a character of the String (not at the start of one)", A_INT(1));
  size_t n;
  return rae_char(utf8_decode(p, &n));
}
RAE_NATIVE(rn_str_equals) { return rae_bool(rae_equal(&a[0], &a[1])); }
RAE_NATIVE(rn_str_compare) { return rae_int(bytes_cmp(S(&a[0]), S(&a[1]))); }
RAE_NATIVE(rn_str_concat) { return rae_concat(&a[0], &a[1]); }
RAE_NATIVE(rn_str_sub) {
  size_t len = SL(&a[0]);
  int64_t start = A_INT(1), n = A_INT(2);
  size_t from = start < 0 ? 0 : (uint64_t)start > len ? len : (size_t)start;
  size_t want = n < 0 ? 0 : (size_t)n;
  size_t to = want > len - from ? len : from + want;
  const unsigned char *p = (const unsigned char *)SD(&a[0]);
  if ((from < len && is_cont(p[from])) || (to < len && is_cont(p[to])))
    rae_fail("sub(start: %" PRId64 ", len: %" PRId64 ") would cut a character of the String in two", start, n);
  return rae_str(SD(&a[0]) + from, to - from);
}
RAE_NATIVE(rn_str_contains) { return rae_bool(find_bytes(SD(&a[0]), SL(&a[0]), SD(&a[1]), SL(&a[1])) != NULL); }
RAE_NATIVE(rn_str_startsWith) {
  return rae_bool(SL(&a[1]) <= SL(&a[0]) && memcmp(SD(&a[0]), SD(&a[1]), SL(&a[1])) == 0);
}
RAE_NATIVE(rn_str_endsWith) {
  return rae_bool(SL(&a[1]) <= SL(&a[0]) && memcmp(SD(&a[0]) + SL(&a[0]) - SL(&a[1]), SD(&a[1]), SL(&a[1])) == 0);
}
RAE_NATIVE(rn_str_indexOf) {
  const char *at = find_bytes(SD(&a[0]), SL(&a[0]), SD(&a[1]), SL(&a[1]));
  return rae_int(at ? (int64_t)(at - SD(&a[0])) : -1);
}
RAE_NATIVE(rn_str_replace) {
  if (SL(&a[1]) == 0) return rae_clone(a[0]);
  Buf b = {0};
  const char *p = SD(&a[0]), *end = p + SL(&a[0]);
  for (;;) {
    const char *at = find_bytes(p, (size_t)(end - p), SD(&a[1]), SL(&a[1]));
    if (!at) break;
    buf_put(&b, p, (size_t)(at - p));
    buf_put(&b, SD(&a[2]), SL(&a[2]));
    p = at + SL(&a[1]);
  }
  buf_put(&b, p, (size_t)(end - p));
  return buf_done(&b);
}
static void push_part(RaeList *l, const char *p, size_t n) {
  list_reserve(l, l->len + 1);
  l->items[l->len++] = rae_str(p, n);
}
RAE_NATIVE(rn_str_split) {
  RaeList *l = rae_list_new(0, 0);
  const char *p = SD(&a[0]), *end = p + SL(&a[0]);
  if (SL(&a[1]) == 0) {
    while (p < end) {
      size_t n;
      utf8_decode((const unsigned char *)p, &n);
      push_part(l, p, n);
      p += n;
    }
  } else {
    for (;;) {
      const char *at = find_bytes(p, (size_t)(end - p), SD(&a[1]), SL(&a[1]));
      if (!at) break;
      push_part(l, p, (size_t)(at - p));
      p = at + SL(&a[1]);
    }
    push_part(l, p, (size_t)(end - p));
  }
  l->cap = l->len;
  return rae_obj(RV_LIST, &l->h);
}
/* Rust's char::is_whitespace (the Unicode White_Space property). */
static int is_space(uint32_t c) {
  return (c >= 9 && c <= 13) || c == 32 || c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}
RAE_NATIVE(rn_str_trim) {
  const unsigned char *p = (const unsigned char *)SD(&a[0]);
  size_t from = 0, to = SL(&a[0]), n;
  while (from < to && is_space(utf8_decode(p + from, &n))) from += n;
  while (to > from) {
    size_t k = to - 1;
    while (k > from && is_cont(p[k])) k--;
    if (!is_space(utf8_decode(p + k, &n))) break;
    to = k;
  }
  return rae_str((const char *)p + from, to - from);
}
static RaeValue ascii_case(RaeValue *a, int upper) {
  RaeValue v = rae_str(SD(&a[0]), SL(&a[0]));
  char *p = ((RaeStr *)v.u.o)->data;
  for (size_t k = 0; k < SL(&a[0]); k++) {
    if (upper && p[k] >= 'a' && p[k] <= 'z') p[k] = (char)(p[k] - 32);
    if (!upper && p[k] >= 'A' && p[k] <= 'Z') p[k] = (char)(p[k] + 32);
  }
  return v;
}
RAE_NATIVE(rn_str_toUpper) { return ascii_case(a, 1); }
RAE_NATIVE(rn_str_toLower) { return ascii_case(a, 0); }
/* Rust's i64 parsing: an optional sign, then one or more digits, nothing else. */
RAE_NATIVE(rn_str_toInt) {
  const char *p = SD(&a[0]);
  size_t n = SL(&a[0]), k = 0;
  int neg = 0;
  if (k < n && (p[k] == '+' || p[k] == '-')) neg = p[k++] == '-';
  if (k == n) return rae_none();
  uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
  for (; k < n; k++) {
    if (p[k] < '0' || p[k] > '9') return rae_none();
    uint64_t d = (uint64_t)(p[k] - '0');
    if (v > (limit - d) / 10) return rae_none();
    v = v * 10 + d;
  }
  return rae_int(neg ? (int64_t)(0 - v) : (int64_t)v);
}
/* Rust's f32 parsing: decimal forms, `inf`, `infinity` and `nan`; no spaces, no hex. */
RAE_NATIVE(rn_str_toFloat) {
  const char *p = SD(&a[0]);
  size_t n = SL(&a[0]);
  if (n == 0 || memchr(p, 0, n)) return rae_none();
  for (size_t k = 0; k < n; k++) {
    char c = p[k];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 'x' || c == 'X' || c == 'p' ||
        c == 'P' || c == '(')
      return rae_none();
  }
  char *end;
  float x = strtof(p, &end);
  if (end != p + n) return rae_none();
  return rae_float((double)x);
}
