//! `rae parse`: an indented, span-free dump of the tree. (Being written.)

use super::ast::Module;

pub fn dump_module(module: &Module) -> String {
    format!("{module:#?}")
}
