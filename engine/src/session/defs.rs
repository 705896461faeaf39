//! The session's declarations, each kept as its source text: every input is checked together
//! with them, and `:save` writes them out.

use crate::source::SourceFile;
use crate::syntax::ast::{BindKind, ImportPath, Item};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefKind {
    Func,
    Type,
    Enum,
    /// A `let` or `var` global: its value is carried from input to input.
    Global,
    Const,
    Import,
}

/// One declaration of the session.
#[derive(Clone, Debug)]
pub struct Definition {
    pub kind: DefKind,
    /// The declared name; for an import, the module as written.
    pub name: String,
    /// The input it came from, as diagnostics name it (`<3>`).
    pub label: String,
    /// The declaration as written.
    pub text: String,
    /// A global once its initialiser ran, as `var x: Int`: checked in place of `text`, since its
    /// value is carried and the initialiser never runs again.
    pub declared: Option<String>,
}

impl Definition {
    /// The declaration `item` of the input in `file`; `None` for an unreadable one.
    pub fn from_item(item: &Item, file: &SourceFile) -> Option<Definition> {
        let (kind, name) = match item {
            Item::Func(d) => (DefKind::Func, d.name.name.clone()),
            Item::Type(d) => (DefKind::Type, d.name.name.clone()),
            Item::Enum(d) => (DefKind::Enum, d.name.name.clone()),
            Item::Global(g) if g.binding.kind == BindKind::Const => (DefKind::Const, g.binding.name.name.clone()),
            Item::Global(g) => (DefKind::Global, g.binding.name.name.clone()),
            Item::Import(d) => match &d.path {
                ImportPath::Name(n) | ImportPath::Str(n) | ImportPath::Relative(n) => (DefKind::Import, n.clone()),
            },
            Item::Error(_) => return None,
        };
        let text = format!("{}\n", file.slice(item.span()));
        Some(Definition { kind, name, label: file.path.clone(), text, declared: None })
    }

    /// The text the checker sees.
    pub fn checked_text(&self) -> &str {
        self.declared.as_deref().unwrap_or(&self.text)
    }

    /// Whether declaring `self` replaces `old`: the same name (an import: the same module).
    pub fn replaces(&self, old: &Definition) -> bool {
        (self.kind == DefKind::Import) == (old.kind == DefKind::Import) && self.name == old.name
    }
}

/// The declarations as one `.rae` file: imports first, then the rest in the order given,
/// separated by blank lines.
pub fn source_text(defs: &[Definition]) -> String {
    let imports = defs.iter().filter(|d| d.kind == DefKind::Import);
    let others = defs.iter().filter(|d| d.kind != DefKind::Import);
    let mut out = String::new();
    for d in imports {
        out.push_str(&d.text);
    }
    for d in others {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&d.text);
    }
    out
}
