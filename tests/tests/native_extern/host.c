/* The C side of ext.rae: the extern ABI of docs/native.md. */
#include <ctype.h>
#include "rae_runtime.h"

RaeStrView shout(RaeStrView s) {
  static char buf[64];
  size_t n = s.len < 63 ? s.len : 63;
  for (size_t i = 0; i < n; i++) buf[i] = (char)toupper((unsigned char)s.data[i]);
  buf[n] = '!';
  RaeStrView out = {buf, n + 1};
  return out;
}

int64_t total(RaeValue *xs) {
  int64_t sum = 0;
  for (int64_t i = 0; i < rae_len(xs); i++) sum += rae_list_at(xs, i).u.i;
  return sum;
}

void pushSquares(RaeValue *xs, int64_t n) {
  for (int64_t i = 1; i <= n; i++) rae_list_push(xs, rae_int(i * i));
}

RaeValue mirror(RaeValue *p) {
  RaeValue fields[2] = {rae_get_field(p, 1), rae_get_field(p, 0)};
  return rae_make_struct(fields, 2);
}
