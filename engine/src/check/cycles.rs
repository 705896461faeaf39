//! Structs that contain themselves by value (directly, through `opt`, or through a generic
//! struct's by-value type parameter): one diagnostic per cycle, found without recursion.

use super::codes;
use super::env::Checker;
use super::types::{StructId, Ty};
use crate::diag::Diagnostic;
use crate::source::Span;
use crate::syntax::ast::Item;

/// Strongly connected component of every node (Kosaraju, iterative so long chains of
/// declarations cannot overflow the stack).
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut visited = vec![false; n];
    let mut order = Vec::with_capacity(n);
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((v, next)) = stack.last_mut() {
            if let Some(&w) = edges[*v].get(*next) {
                *next += 1;
                if !visited[w] {
                    visited[w] = true;
                    stack.push((w, 0));
                }
            } else {
                order.push(*v);
                stack.pop();
            }
        }
    }
    let mut reverse = vec![Vec::new(); n];
    for (v, out) in edges.iter().enumerate() {
        for &w in out {
            reverse[w].push(v);
        }
    }
    let mut comp = vec![usize::MAX; n];
    for (c, &start) in order.iter().rev().enumerate() {
        if comp[start] != usize::MAX {
            continue;
        }
        comp[start] = c;
        let mut stack = vec![start];
        while let Some(v) = stack.pop() {
            for &w in &reverse[v] {
                if comp[w] == usize::MAX {
                    comp[w] = c;
                    stack.push(w);
                }
            }
        }
    }
    comp
}

impl Checker<'_> {
    pub fn check_recursive_structs(&mut self) {
        let n = self.out.structs.len();
        // For each struct, the structs stored inline in each of its fields.
        let field_edges: Vec<Vec<Vec<usize>>> = (0..n)
            .map(|s| {
                self.out.structs[s]
                    .fields
                    .iter()
                    .map(|f| {
                        let mut out = Vec::new();
                        self.by_value_structs(&f.ty, &mut |id| out.push(id.0 as usize));
                        out
                    })
                    .collect()
            })
            .collect();
        let edges: Vec<Vec<usize>> = field_edges.iter().map(|fs| fs.concat()).collect();
        let comp = components(&edges);
        let mut size = vec![0usize; n];
        for &c in &comp {
            if let Some(s) = size.get_mut(c) {
                *s += 1;
            }
        }
        let mut reported = vec![false; n];
        for s in 0..n {
            let c = comp[s];
            let cyclic = size.get(c).is_some_and(|&k| k > 1) || edges[s].contains(&s);
            if !cyclic || reported.get(c).copied().unwrap_or(true) {
                continue;
            }
            reported[c] = true;
            let field = field_edges[s].iter().position(|targets| targets.iter().any(|&t| comp[t] == c)).unwrap_or(0);
            let info = &self.out.structs[s];
            let fname = info.fields.get(field).map_or("", |f| f.name.as_str()).to_string();
            let msg = format!(
                "type '{}' contains itself by value (through field '{fname}'); hold it in a List to break the cycle",
                info.name
            );
            let span = self.field_span(s, field).unwrap_or(info.span);
            self.report(Diagnostic::error(codes::RECURSIVE_TYPE, span, msg));
        }
    }

    fn field_span(&self, s: usize, field: usize) -> Option<Span> {
        let info = &self.out.structs[s];
        let m = self.mods.iter().position(|m| m.module_ref == info.module)?;
        match self.mods[m].ast.items.get(info.item)? {
            Item::Type(t) => t.fields.get(field).map(|f| f.name.span),
            _ => None,
        }
    }

    /// Calls `f` for every struct stored inline in a value of type `ty`.
    fn by_value_structs(&self, ty: &Ty, f: &mut dyn FnMut(StructId)) {
        match ty {
            Ty::Opt(inner) => self.by_value_structs(inner, f),
            Ty::Struct(id, args) => {
                f(*id);
                let Some(info) = self.out.structs.get(id.0 as usize) else { return };
                for (i, arg) in args.iter().enumerate() {
                    let inline = info.fields.iter().any(|fi| match &fi.ty {
                        Ty::Param(p) => p.index as usize == i,
                        Ty::Opt(inner) => matches!(&**inner, Ty::Param(p) if p.index as usize == i),
                        _ => false,
                    });
                    if inline {
                        self.by_value_structs(arg, f);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn components_group_cycles() {
        let edges = vec![vec![1], vec![0], vec![2], vec![0]];
        let c = components(&edges);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[0], c[2]);
        assert_ne!(c[3], c[0]);
    }
}
