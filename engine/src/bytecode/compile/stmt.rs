//! Statements: blocks and their scopes (with `defer` and write-backs run on every exit),
//! bindings and aliases, assignment, expression statements, `if`/`if let`, `ret`, `break`,
//! `continue`.

use super::place::Root;
use super::{err, ExitAction, FnState, WriteBack, R};
use crate::bytecode::opcodes::{Instr, Reg};
use crate::check::typed::LocalKind;
use crate::check::types::{LocalId, Ty};
use crate::driver::ModuleRef;
use crate::source::Span;
use crate::syntax::ast::{
    AssignOp, Binding, Block, Else, Expr, ExprKind, Ident, IfCond, IfStmt, Stmt, StmtKind, UnaryOp,
};

impl<'a> FnState<'a, '_> {
    /// A function body: its scope, then an implicit `ret` at the end.
    /// A function body; with `returns_last`, a final expression statement with a value is
    /// returned (the REPL's entry).
    pub fn body(&mut self, b: &'a Block, returns_last: bool) -> R<()> {
        self.scopes.push(Vec::new());
        let result = if returns_last { shown_result(b, &|e| self.ty(e)) } else { None };
        let leading = if result.is_some() { &b.stmts[..b.stmts.len() - 1] } else { &b.stmts[..] };
        for s in leading {
            self.stmt(s)?;
        }
        if let Some(e) = result {
            return self.ret_stmt(Some(e));
        }
        self.emit_exits(0)?;
        self.pop_scope();
        self.emit(Instr::RetNone {});
        Ok(())
    }

    /// A block in a scope of its own; its exit actions run at its end.
    pub fn block(&mut self, b: &'a Block) -> R<()> {
        self.scopes.push(Vec::new());
        for s in &b.stmts {
            self.stmt(s)?;
        }
        self.close_scope()
    }

    /// Runs the innermost scope's exit actions (reverse order) and closes it.
    pub fn close_scope(&mut self) -> R<()> {
        let depth = self.scopes.len().saturating_sub(1);
        self.emit_exits(depth)?;
        self.pop_scope();
        Ok(())
    }

    /// Emits the exit actions of every scope from the innermost down to `depth` (inclusive),
    /// as `ret`, `break` and `continue` leave them.
    pub fn emit_exits(&mut self, depth: usize) -> R<()> {
        let pending: Vec<ExitAction<'a>> =
            self.scopes.iter().skip(depth).rev().flat_map(|s| s.iter().rev().cloned()).collect();
        for action in pending {
            match action {
                ExitAction::Defer(b) => self.block(b)?,
                ExitAction::WriteBack(w) => self.write_back(&w)?,
            }
        }
        Ok(())
    }

    /// Stores a `mod` window's register back into its list element or map entry.
    pub fn write_back(&mut self, w: &WriteBack) -> R<()> {
        let store = |c, w: &WriteBack| {
            if w.map {
                Instr::MapSet { map: c, key: w.key, src: w.elem }
            } else {
                Instr::ListSet { list: c, index: w.key, src: w.elem }
            }
        };
        match w.container.as_reg() {
            Some(r) => {
                self.emit(store(r, w));
            }
            None => {
                let mark = self.next_temp;
                let c = self.temp()?;
                self.take_place(&w.container, c);
                self.emit(store(c, w));
                self.write_place(&w.container, c);
                self.next_temp = mark;
            }
        }
        Ok(())
    }

    pub fn stmt(&mut self, s: &'a Stmt) -> R<()> {
        self.set_line(s.span);
        let mark = self.next_temp;
        let outer_heap = self.heap_temp.take();
        match &s.kind {
            StmtKind::Let(b) => self.let_stmt(b)?,
            StmtKind::Assign { target, op: AssignOp::Copy, value } => {
                let place = self.target_place(target)?;
                match place.as_reg() {
                    Some(r) => self.expr_into(value, r)?,
                    None => {
                        let t = self.expr_temp(value)?;
                        self.write_place(&place, t);
                    }
                }
            }
            StmtKind::Assign { .. } => return err("internal error: rebinding an alias"),
            StmtKind::Expr(e) => self.expr_stmt(e)?,
            StmtKind::If(i) => self.if_stmt(i)?,
            StmtKind::Loop(l) => self.loop_stmt(l)?,
            StmtKind::Match(m) => self.match_stmt(m)?,
            StmtKind::Ret(value) => self.ret_stmt(value.as_ref())?,
            StmtKind::Break | StmtKind::Continue => self.jump_stmt(matches!(s.kind, StmtKind::Break))?,
            StmtKind::Defer(b) => {
                if let Some(scope) = self.scopes.last_mut() {
                    scope.push(ExitAction::Defer(b));
                }
            }
            StmtKind::Error => return err("internal error: unparsed statement"),
        }
        if let Some(h) = self.heap_temp {
            if h >= mark {
                self.emit(Instr::Clear { first: mark, count: h - mark + 1 });
            }
        }
        self.heap_temp = outer_heap;
        self.next_temp = mark;
        Ok(())
    }

    /// The slot a declaring name introduces.
    pub fn binding_slot(&self, name: &Ident) -> R<LocalId> {
        match self.c.typed.modules[self.module].bindings.get(&name.span) {
            Some(id) => Ok(*id),
            None => err(format!("internal error: binding '{}' has no slot", name.name)),
        }
    }

    pub fn local_kind(&self, slot: LocalId) -> Option<LocalKind> {
        let f = self.func?;
        self.c.typed.func(f).locals.get(slot.0 as usize).map(|l| l.kind)
    }

    fn let_stmt(&mut self, b: &'a Binding) -> R<()> {
        let slot = self.binding_slot(&b.name)?;
        let reg = self.local_reg(slot);
        let alias = matches!(self.local_kind(slot), Some(LocalKind::ViewAlias | LocalKind::ModAlias));
        match &b.init {
            Some((_, value)) if alias => match self.alias_place(value)? {
                Some(place) => {
                    // An alias has no register of its own for a debugger to show.
                    self.aliases.insert(slot, place);
                    return Ok(());
                }
                None => self.expr_into(value, reg)?,
            },
            Some((_, value)) => self.expr_into(value, reg)?,
            None => {
                let ty = self.local_ty(slot);
                self.default_into(&ty, reg)?;
            }
        }
        self.declare(slot);
        Ok(())
    }

    /// What an alias binds: a place, or the place a reference-returning call hands back.
    fn alias_place(&mut self, value: &'a Expr) -> R<Option<super::Place>> {
        if let Some(p) = self.place_of(value) {
            return Ok(Some(p));
        }
        if !matches!(value.kind, ExprKind::Call { .. }) {
            return Ok(None);
        }
        let (target, parts) = self.call_parts(value)?;
        let Some((param, path)) = super::place::ref_return(self.c.typed, self.c.program, target.func) else {
            return Ok(None);
        };
        let base = match parts.get(param) {
            Some(super::call::ArgExpr::Expr(x)) => self.place_of(x),
            _ => None,
        };
        Ok(base.map(|mut p| {
            p.path.extend(path);
            p
        }))
    }

    pub fn expr_stmt(&mut self, e: &'a Expr) -> R<()> {
        match &e.kind {
            ExprKind::Paren(inner) => self.expr_stmt(inner),
            ExprKind::Unary {
                op: op @ (UnaryOp::PreInc | UnaryOp::PreDec | UnaryOp::PostInc | UnaryOp::PostDec),
                expr,
            } => self.unary(e, *op, expr, None),
            ExprKind::Call { .. } => self.call(e, None, &[]),
            _ => self.expr_temp(e).map(|_| ()),
        }
    }

    fn if_stmt(&mut self, i: &'a IfStmt) -> R<()> {
        let else_jumps = match &i.cond {
            IfCond::Expr(c) => {
                let jumps = self.cond_false(c)?;
                self.block(&i.then)?;
                jumps
            }
            IfCond::Let { name, value, .. } => {
                let slot = self.binding_slot(name)?;
                let v = self.local_reg(slot);
                self.scopes.push(Vec::new());
                self.declare(slot);
                let window = match self.local_kind(slot) {
                    Some(LocalKind::ModAlias) => self.mod_window(value, v, &i.then)?,
                    _ => None,
                };
                if window.is_none() {
                    self.expr_into(value, v)?;
                }
                let j = self.emit(Instr::JumpIfNone { a: v, target: 0 });
                if let Some((w, taken)) = window {
                    if !taken {
                        self.detach(&w, &i.then)?;
                    }
                    if let Some(scope) = self.scopes.last_mut() {
                        scope.push(ExitAction::WriteBack(w));
                    }
                }
                self.block(&i.then)?;
                self.close_scope()?;
                vec![j]
            }
        };
        match &i.otherwise {
            None => {
                for j in else_jumps {
                    self.patch_here(j);
                }
            }
            Some(otherwise) => {
                let end = self.emit(Instr::Jump { target: 0 });
                for j in else_jumps {
                    self.patch_here(j);
                }
                match otherwise {
                    Else::Block(b) => self.block(b)?,
                    Else::If(s) => self.stmt(s)?,
                }
                self.patch_here(end);
            }
        }
        Ok(())
    }

    /// `if let v: mod T = xs.modAt(index: i)` / `m.modGet(key: k)`: the element is copied
    /// into `v` and written back when the branch `body` is left. Returns `None` (and compiles
    /// nothing) for any other value, which then binds like a copy; with the write-back, whether
    /// the element was moved out of its list already (`ListTake`, so no `detach`).
    fn mod_window(&mut self, value: &'a Expr, v: Reg, body: &Block) -> R<Option<(WriteBack, bool)>> {
        let (target, parts) = match &value.kind {
            ExprKind::Call { .. } => self.call_parts(value)?,
            _ => return Ok(None),
        };
        let info = self.c.typed.func(target.func);
        let map = match info.name.as_str() {
            "modAt" => false,
            "modGet" => true,
            _ => return Ok(None),
        };
        if info.module != ModuleRef::Library("core") {
            return Ok(None);
        }
        let (Some(super::call::ArgExpr::Expr(object)), Some(super::call::ArgExpr::Expr(key))) =
            (parts.get(1), parts.get(2))
        else {
            return Ok(None);
        };
        let Some(container) = self.place_of(object) else { return Ok(None) };
        let k = self.temp()?;
        self.expr_into(key, k)?;
        // A list in a local that the body never names: what `detach` would do after a copy,
        // in one instruction instead of a native call, its `mod` write-back and the hole's store.
        if let (Root::Reg(list), false, true) = (&container.root, map, container.path.is_empty()) {
            let list = *list;
            if !self.names_register(list, body.span) {
                self.emit(Instr::ListTake { dst: v, list, index: k });
                return Ok(Some((WriteBack { container, key: k, elem: v, map }, true)));
            }
        }
        self.call(value, Some(v), &[(2, k)])?;
        Ok(Some((WriteBack { container, key: k, elem: v, map }, false)))
    }

    /// Moves a `mod` window's element out of its container (leaving `none`) until the
    /// write-back, so writes through the window change the only copy instead of copying a
    /// value the container still shares. Done only when `body` never names the container's
    /// variable, so nothing can observe the hole; a global container is left alone (any call
    /// could read it).
    pub fn detach(&mut self, w: &WriteBack, body: &Block) -> R<()> {
        let Root::Reg(root) = w.container.root else { return Ok(()) };
        if self.names_register(root, body.span) {
            return Ok(());
        }
        let mark = self.next_temp;
        let hole = self.temp()?;
        self.emit(Instr::LoadNone { dst: hole });
        self.write_back(&WriteBack { elem: hole, ..w.clone() })?;
        self.next_temp = mark;
        Ok(())
    }

    /// Whether the source text of `span` mentions a local held in register `r`, by its own
    /// name or an alias's (conservative: any occurrence of the name counts).
    pub fn names_register(&self, r: Reg, span: Span) -> bool {
        let file = self.c.program.sources.files().get(span.file.0 as usize);
        let (Some(text), Some(f)) = (file.and_then(|f| f.text.get(span.start as usize..span.end as usize)), self.func)
        else {
            return true;
        };
        self.c.typed.func(f).locals.iter().enumerate().any(|(slot, local)| {
            let slot = LocalId(slot as u32);
            let held = self.local_reg(slot) == r || self.aliases.get(&slot).is_some_and(|p| p.root == Root::Reg(r));
            held && text.contains(local.name.as_str())
        })
    }

    fn ret_stmt(&mut self, value: Option<&'a Expr>) -> R<()> {
        let pending = self.scopes.iter().any(|s| !s.is_empty());
        match value {
            Some(v) => {
                let r = if pending { self.expr_temp(v)? } else { self.expr_reg(v)? };
                self.emit_exits(0)?;
                self.emit(Instr::Ret { src: r });
            }
            None => {
                self.emit_exits(0)?;
                self.emit(Instr::RetNone {});
            }
        }
        Ok(())
    }

    fn jump_stmt(&mut self, is_break: bool) -> R<()> {
        let Some(depth) = self.loops.last().map(|l| l.scopes) else {
            return err("internal error: 'break' outside a loop");
        };
        // `continue` leaves the body but not the loop's own scope, whose write-back runs
        // at the continue target.
        self.emit_exits(if is_break { depth } else { depth + 1 })?;
        let j = self.emit(Instr::Jump { target: 0 });
        if let Some(l) = self.loops.last_mut() {
            if is_break {
                l.breaks.push(j);
            } else {
                l.continues.push(j);
            }
        }
        Ok(())
    }
}

/// The final expression statement of a REPL entry's body, whose value the entry returns and
/// the REPL shows: it must have a value and not be an increment or decrement (whose value is
/// incidental). `ty` gives an expression's type.
pub fn shown_result<'b>(b: &'b Block, ty: &dyn Fn(&Expr) -> Ty) -> Option<&'b Expr> {
    let Some(Stmt { kind: StmtKind::Expr(e), .. }) = b.stmts.last() else {
        return None;
    };
    let step = matches!(
        &e.kind,
        ExprKind::Unary { op: UnaryOp::PreInc | UnaryOp::PreDec | UnaryOp::PostInc | UnaryOp::PostDec, .. }
    );
    (!step && !matches!(ty(e), Ty::Void | Ty::Error)).then_some(e)
}
