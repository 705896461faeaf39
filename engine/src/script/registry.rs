//! The script VMs of this build, one [`VmFactory`] per language, and the [`VmRegistry`] a run
//! starts its VMs through: the factories under the run's [`VmConfig`] (which languages are
//! enabled, what each call may spend). The VMs a run started are its link's `ScriptVms`.

use super::config::{Limit, VmConfig, VmSettings};
use super::{ScriptError, ScriptVM, Source};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// One language's VM as this build has it.
pub trait VmFactory: Sync {
    /// Whether its VMs can stop a call at `limit`.
    fn keeps(&self, limit: Limit) -> bool;
    /// A new VM, which stops a running script once `interrupt` is raised or a call passes
    /// `settings`.
    fn create(&self, interrupt: Arc<AtomicBool>, settings: VmSettings) -> Result<Box<dyn ScriptVM>, ScriptError>;
    /// Checks that a function's source parses, without running it.
    fn check_syntax(&self, source: &Source) -> Result<(), ScriptError>;
    /// Whether a REPL input (lines, each with its newline) is whole.
    fn is_complete(&self, code: &str) -> bool;
    /// The words a parameter cannot be named in this language.
    fn keywords(&self) -> &'static [&'static str];
}

/// The factory of `lang`, if this build has its VM.
pub fn factory(lang: &str) -> Option<&'static dyn VmFactory> {
    match lang {
        "lua" => Some(&super::lua::Factory),
        #[cfg(feature = "javascript")]
        "javascript" => Some(&super::javascript::Factory),
        #[cfg(feature = "python")]
        "python" => Some(&super::python::Factory),
        #[cfg(feature = "wren")]
        "wren" => Some(&super::wren::Factory),
        _ => None,
    }
}

/// Starts script VMs as a run's configuration allows.
#[derive(Clone, Debug, Default)]
pub struct VmRegistry {
    config: VmConfig,
}

impl VmRegistry {
    pub fn new(config: VmConfig) -> VmRegistry {
        VmRegistry { config }
    }

    /// The languages of this build that the configuration enables.
    pub fn languages(&self) -> Vec<&'static str> {
        super::LANGUAGES.iter().map(|l| l.name).filter(|l| factory(l).is_some() && self.config.enables(l)).collect()
    }

    /// Why `lang` cannot be used: not in this build, or not enabled.
    pub fn refusal(&self, lang: &str) -> Option<ScriptError> {
        if factory(lang).is_none() {
            return Some(ScriptError::Disabled { lang: lang.to_string() });
        }
        let enabled = self.config.enabled.as_ref().filter(|_| !self.config.enables(lang))?;
        Some(ScriptError::NotEnabled { lang: lang.to_string(), enabled: enabled.clone() })
    }

    /// A new VM of `lang`, with its configured limits.
    pub fn create(&self, lang: &str, interrupt: Arc<AtomicBool>) -> Result<Box<dyn ScriptVM>, ScriptError> {
        match (self.refusal(lang), factory(lang)) {
            (None, Some(factory)) => factory.create(interrupt, self.config.settings(lang)),
            (refused, _) => Err(refused.unwrap_or(ScriptError::Disabled { lang: lang.to_string() })),
        }
    }
}

/// Defines a language module's `Factory`, whose VM is `$vm` (made by `$vm::new(interrupt,
/// settings)`) and which keeps the limits `$keeps` accepts; the module's `LANG`, `KEYWORDS`,
/// `check_syntax` and `is_complete` are the rest.
macro_rules! vm_factory {
    ($vm:ident, $keeps:expr) => {
        pub struct Factory;

        impl $crate::script::registry::VmFactory for Factory {
            fn keeps(&self, limit: $crate::script::config::Limit) -> bool {
                let keeps: fn($crate::script::config::Limit) -> bool = $keeps;
                keeps(limit)
            }

            fn create(
                &self,
                interrupt: std::sync::Arc<std::sync::atomic::AtomicBool>,
                settings: $crate::script::config::VmSettings,
            ) -> Result<Box<dyn ScriptVM>, ScriptError> {
                Ok(Box::new($vm::new(interrupt, settings)?))
            }

            fn check_syntax(&self, source: &Source) -> Result<(), ScriptError> {
                check_syntax(source)
            }

            fn is_complete(&self, code: &str) -> bool {
                is_complete(code)
            }

            fn keywords(&self) -> &'static [&'static str] {
                KEYWORDS
            }
        }
    };
}
pub(crate) use vm_factory;
