//! Which script VMs a program may use and what one call of each may spend: the `scripting`
//! section of the project file, `rae.ron` beside the program's main file.
//!
//! ```ron
//! (
//!     scripting: (
//!         enabled: ["lua", "python"],
//!         default: "lua",
//!         vms: {
//!             "lua": (max_instructions: 5000000, max_memory: 8000000, timeout: 0.5),
//!             "python": (timeout: 2.0),
//!         },
//!     ),
//! )
//! ```

use super::registry::factory;
use super::{language, LANGUAGES};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The project file's name; it sits in the directory of the program's main file.
pub const PROJECT_FILE: &str = "rae.ron";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VmConfig {
    /// The languages script functions may use (`None`: every language of this build).
    pub enabled: Option<Vec<String>>,
    /// The language a REPL session starts in (`None`: Rae).
    pub default: Option<String>,
    /// What one call of each language's VM may spend.
    pub vms: BTreeMap<String, VmSettings>,
}

/// Limits of one script VM; each is checked per call, beside the run's own limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VmSettings {
    /// Instructions one call may run (counted every 1000).
    pub max_instructions: Option<u64>,
    /// Bytes the VM's heap may hold.
    pub max_memory: Option<u64>,
    /// Seconds one call may run.
    pub timeout: Option<f64>,
}

/// A limit a VM can be given, and what a VM that cannot keep it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Instructions,
    Memory,
    Timeout,
}

impl Limit {
    pub fn name(self) -> &'static str {
        match self {
            Limit::Instructions => "max_instructions",
            Limit::Memory => "max_memory",
            Limit::Timeout => "timeout",
        }
    }
}

impl VmSettings {
    /// The limits these settings set.
    pub fn set(&self) -> impl Iterator<Item = Limit> {
        [
            self.max_instructions.map(|_| Limit::Instructions),
            self.max_memory.map(|_| Limit::Memory),
            self.timeout.map(|_| Limit::Timeout),
        ]
        .into_iter()
        .flatten()
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Project {
    scripting: VmConfig,
}

impl VmConfig {
    /// Parses a project file's text; `name` is how messages call the file.
    pub fn parse(name: &str, text: &str) -> Result<VmConfig, String> {
        // `timeout: 0.5`, not `timeout: Some(0.5)`.
        let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let project: Project = options.from_str(text).map_err(|e| {
            let at = e.span.start;
            format!("error: {name}:{}:{}: {}", at.line, at.col, e.code)
        })?;
        project.scripting.validate().map_err(|e| format!("error: {name}: {e}"))?;
        Ok(project.scripting)
    }

    /// The project file beside `main`, if there is one.
    pub fn project_path(main: &Path) -> Option<PathBuf> {
        let path = main.parent().unwrap_or(Path::new("")).join(PROJECT_FILE);
        path.is_file().then_some(path)
    }

    /// The project file beside `main` (`rae.ron` in its directory), or the default
    /// configuration when there is none.
    pub fn for_program(main: &Path) -> Result<VmConfig, String> {
        VmConfig::in_dir(main.parent().unwrap_or(Path::new("")))
    }

    /// The project file of directory `dir`, or the default configuration.
    pub fn in_dir(dir: &Path) -> Result<VmConfig, String> {
        let path = dir.join(PROJECT_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => VmConfig::parse(&path.display().to_string(), &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(VmConfig::default()),
            Err(e) => Err(format!("error: cannot read '{}': {e}", path.display())),
        }
    }

    /// Every language named is a script language, and every limit one its VM keeps.
    fn validate(&self) -> Result<(), String> {
        let named = self.enabled.iter().flatten().chain(&self.default).chain(self.vms.keys());
        for lang in named {
            if language(lang).is_none() {
                let known: Vec<&str> = LANGUAGES.iter().map(|l| l.name).collect();
                return Err(format!("unknown script language '{lang}'; expected one of: {}", known.join(", ")));
            }
        }
        for (lang, settings) in &self.vms {
            // A language this build lacks is refused where a script uses it, with its feature.
            let Some(factory) = factory(lang) else { continue };
            if let Some(limit) = settings.set().find(|l| !factory.keeps(*l)) {
                return Err(format!("the {lang} VM cannot keep a {} limit", limit.name()));
            }
            if settings.timeout.is_some_and(|t| !(t > 0.0 && t.is_finite())) {
                return Err(format!("the {lang} timeout must be a positive number of seconds"));
            }
            // Lua and QuickJS read a limit of 0 as none.
            if settings.max_memory == Some(0) || settings.max_instructions == Some(0) {
                return Err(format!("the {lang} limits must be above 0 (leave one out for no limit)"));
            }
        }
        Ok(())
    }

    /// Whether script functions may use `lang`.
    pub fn enables(&self, lang: &str) -> bool {
        self.enabled.as_ref().is_none_or(|langs| langs.iter().any(|l| l == lang))
    }

    pub fn settings(&self, lang: &str) -> VmSettings {
        self.vms.get(lang).copied().unwrap_or_default()
    }
}
