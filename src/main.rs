fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(ops::run(std::env::args_os()))
}
