/* The raylib natives of native builds: the C side of engine/src/bundled/raylib.rae, through
   the extern ABI of docs/native.md, behaving like engine/src/host/raylib (window mode). Built
   into programs that import raylib and linked with the raylib static library. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "raylib.h"
#include "rae_runtime.h"

static int rae_rl_open;

static int rl_int(int64_t v) { return v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : (int)v; }

static Color rl_color(RaeValue *c) {
  unsigned char ch[4];
  for (size_t i = 0; i < 4; i++) {
    int64_t v = rae_get_field(c, i).u.i;
    ch[i] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
  }
  return (Color){ch[0], ch[1], ch[2], ch[3]};
}

/* raylib reads C strings: the text up to its first NUL, copied into a buffer kept for reuse. */
static const char *rl_text(RaeStrView s) {
  static char *buf;
  static size_t cap;
  size_t n = strnlen(s.data, s.len);
  if (n + 1 > cap) {
    cap = n + 1;
    buf = realloc(buf, cap);
    if (!buf) rae_fail("out of memory");
  }
  memcpy(buf, s.data, n);
  buf[n] = 0;
  return buf;
}

static void rl_need_window(const char *fn) {
  if (!rae_rl_open) rae_fail("%s: no window is open (call initWindow first)", fn);
}

/* raylib's warnings and errors go to stderr: stdout is the program's. */
static void rl_log(int level, const char *fmt, va_list ap) {
  if (level < LOG_WARNING) return;
  fputs("raylib: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
}

void initWindow(int64_t width, int64_t height, RaeStrView title) {
  if (rae_rl_open) rae_fail("initWindow: the window is already open");
  if (width < 1 || width > 16384 || height < 1 || height > 16384)
    rae_fail("initWindow: a window of %lldx%lld pixels cannot open (1 to 16384 each)", (long long)width,
             (long long)height);
  if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY"))
    rae_fail("initWindow: there is no display to open a window on (DISPLAY is not set); run it in a desktop "
             "session, under xvfb-run, or in the workbench");
  SetTraceLogLevel(LOG_WARNING);
  SetTraceLogCallback(rl_log);
  InitWindow((int)width, (int)height, rl_text(title));
  if (!IsWindowReady()) rae_fail("initWindow: raylib could not open a window");
  rae_rl_open = 1;
}

void closeWindow(void) {
  if (rae_rl_open) CloseWindow();
  rae_rl_open = 0;
}

int windowShouldClose(void) { rl_need_window("windowShouldClose"); return WindowShouldClose(); }
void setTargetFPS(int64_t fps) {
  rl_need_window("setTargetFPS");
  SetTargetFPS(fps < 0 ? 0 : fps > 10000 ? 10000 : (int)fps);
}
float getFrameTime(void) { rl_need_window("getFrameTime"); return GetFrameTime(); }
double getTime(void) { rl_need_window("getTime"); return GetTime(); }
int64_t getFPS(void) { rl_need_window("getFPS"); return GetFPS(); }
int64_t getScreenWidth(void) { rl_need_window("getScreenWidth"); return GetScreenWidth(); }
int64_t getScreenHeight(void) { rl_need_window("getScreenHeight"); return GetScreenHeight(); }

void beginDrawing(void) { rl_need_window("beginDrawing"); BeginDrawing(); }
void endDrawing(void) { rl_need_window("endDrawing"); EndDrawing(); }
void clearBackground(RaeValue *color) { rl_need_window("clearBackground"); ClearBackground(rl_color(color)); }
void drawPixel(int64_t x, int64_t y, RaeValue *color) {
  rl_need_window("drawPixel");
  DrawPixel(rl_int(x), rl_int(y), rl_color(color));
}
void drawLine(int64_t x0, int64_t y0, int64_t x1, int64_t y1, RaeValue *color) {
  rl_need_window("drawLine");
  DrawLine(rl_int(x0), rl_int(y0), rl_int(x1), rl_int(y1), rl_color(color));
}
void drawRectangle(int64_t x, int64_t y, int64_t w, int64_t h, RaeValue *color) {
  rl_need_window("drawRectangle");
  DrawRectangle(rl_int(x), rl_int(y), rl_int(w), rl_int(h), rl_color(color));
}
void drawRectangleLines(int64_t x, int64_t y, int64_t w, int64_t h, RaeValue *color) {
  rl_need_window("drawRectangleLines");
  DrawRectangleLines(rl_int(x), rl_int(y), rl_int(w), rl_int(h), rl_color(color));
}
void drawCircle(int64_t x, int64_t y, float radius, RaeValue *color) {
  rl_need_window("drawCircle");
  DrawCircle(rl_int(x), rl_int(y), radius, rl_color(color));
}
void drawCircleLines(int64_t x, int64_t y, float radius, RaeValue *color) {
  rl_need_window("drawCircleLines");
  DrawCircleLines(rl_int(x), rl_int(y), radius, rl_color(color));
}
void drawText(RaeStrView text, int64_t x, int64_t y, int64_t size, RaeValue *color) {
  rl_need_window("drawText");
  DrawText(rl_text(text), rl_int(x), rl_int(y), rl_int(size), rl_color(color));
}
void drawFPS(int64_t x, int64_t y) { rl_need_window("drawFPS"); DrawFPS(rl_int(x), rl_int(y)); }
int64_t measureText(RaeStrView text, int64_t size) {
  rl_need_window("measureText");
  return MeasureText(rl_text(text), rl_int(size));
}

int isKeyDown(int64_t key) { rl_need_window("isKeyDown"); return IsKeyDown(rl_int(key)); }
int isKeyUp(int64_t key) { rl_need_window("isKeyUp"); return IsKeyUp(rl_int(key)); }
int isKeyPressed(int64_t key) { rl_need_window("isKeyPressed"); return IsKeyPressed(rl_int(key)); }
int isKeyReleased(int64_t key) { rl_need_window("isKeyReleased"); return IsKeyReleased(rl_int(key)); }
int64_t getMouseX(void) { rl_need_window("getMouseX"); return GetMouseX(); }
int64_t getMouseY(void) { rl_need_window("getMouseY"); return GetMouseY(); }
int isMouseButtonDown(int64_t button) {
  rl_need_window("isMouseButtonDown");
  return button >= 0 && button <= 2 && IsMouseButtonDown((int)button);
}
int isMouseButtonPressed(int64_t button) {
  rl_need_window("isMouseButtonPressed");
  return button >= 0 && button <= 2 && IsMouseButtonPressed((int)button);
}
