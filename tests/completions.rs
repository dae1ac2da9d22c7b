//! The completion scripts in `completions/` match what the binary generates.
//! After changing the CLI: `UPDATE_COMPLETIONS=1 cargo test --test completions`.

mod support;

use std::path::Path;

#[test]
fn completion_scripts_are_in_sync_with_the_cli() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let env = support::Env::new();
    for (shell, file) in [("bash", "ops.bash"), ("zsh", "_ops"), ("fish", "ops.fish")] {
        let out = env.ops().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let generated = String::from_utf8(out.stdout).unwrap();
        assert!(
            generated.contains("inspect"),
            "{shell} script does not know the inspect command"
        );
        let path = dir.join(file);
        if std::env::var_os("UPDATE_COMPLETIONS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is out of date: run `UPDATE_COMPLETIONS=1 cargo test --test completions`",
            path.display()
        );
    }
}
