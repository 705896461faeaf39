//! docs/cli.md must describe the command line that `rae --help` shows: every command has a
//! section and every long flag of a command appears in that section. A flag added to the CLI
//! without documentation fails here.

use rae_tests::{run_rae, workspace_root};

/// The subcommand names listed under "Commands:" in `rae --help` (without `help`).
fn commands() -> Vec<String> {
    let out = run_rae(&workspace_root(), &["--help"]);
    assert_eq!(out.status, 0, "{out:?}");
    let listing = out.stdout.split("Commands:").nth(1).expect("a Commands: section");
    listing
        .lines()
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// The long flags (`--name`) of one command's `--help`, without --help and --version.
fn long_flags(command: &str) -> Vec<String> {
    let out = run_rae(&workspace_root(), &[command, "--help"]);
    assert_eq!(out.status, 0, "{out:?}");
    let mut flags: Vec<String> = out
        .stdout
        .split(|c: char| c.is_whitespace() || c == ',' || c == '=')
        .filter(|word| word.starts_with("--") && word.len() > 2)
        .map(|word| word.trim_end_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|flag| flag != "--help" && flag != "--version")
        .collect();
    flags.sort();
    flags.dedup();
    flags
}

/// The text of the `## ` section whose heading names `` `rae NAME` `` (up to the next `## `).
fn section<'a>(doc: &'a str, command: &str) -> Option<&'a str> {
    let name = format!("`rae {command}`");
    let start = doc
        .match_indices("\n## ")
        .map(|(at, _)| at + 1)
        .find(|&at| doc[at..].lines().next().is_some_and(|heading| heading.contains(&name)))?;
    let body = &doc[start + 3..];
    Some(&body[..body.find("\n## ").unwrap_or(body.len())])
}

#[test]
fn every_command_and_flag_is_documented() {
    let doc = std::fs::read_to_string(workspace_root().join("docs/cli.md")).unwrap();
    let commands = commands();
    assert!(commands.len() >= 5, "too few commands parsed: {commands:?}");
    let mut missing = Vec::new();
    for command in &commands {
        let Some(text) = section(&doc, command) else {
            missing.push(format!("no section \"## `rae {command}`\""));
            continue;
        };
        for flag in long_flags(command) {
            if !text.contains(&flag) {
                missing.push(format!("`rae {command}` section does not mention {flag}"));
            }
        }
    }
    assert!(missing.is_empty(), "docs/cli.md is behind `rae --help`:\n{}", missing.join("\n"));
}
