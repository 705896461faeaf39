//! Build profiles: how hard the C compiler optimises and whether it keeps debug information.

/// `dev` builds fast and debuggable; `release` optimises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Profile {
    Dev,
    #[default]
    Release,
}

impl Profile {
    pub fn name(self) -> &'static str {
        match self {
            Profile::Dev => "dev",
            Profile::Release => "release",
        }
    }

    /// C compiler flags of the profile. Floating-point contraction stays off in both, so a
    /// multiply-add rounds twice exactly like the VM's.
    pub fn c_flags(self) -> &'static [&'static str] {
        match self {
            Profile::Dev => &["-O0", "-g", "-ffp-contract=off"],
            Profile::Release => &["-O2", "-ffp-contract=off"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_pick_their_optimisation_level() {
        assert!(Profile::Dev.c_flags().contains(&"-O0") && Profile::Dev.c_flags().contains(&"-g"));
        assert!(Profile::Release.c_flags().contains(&"-O2"));
        assert_eq!(Profile::default(), Profile::Release);
        assert_eq!(Profile::Dev.name(), "dev");
    }
}
