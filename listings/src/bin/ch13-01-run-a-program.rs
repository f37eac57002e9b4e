use std::io::ErrorKind;
use std::process::Command;

// ANCHOR: main
fn main() {
    // Run `echo` to the end and keep what it printed.
    let out = Command::new("echo")
        .args(["hello", "from", "echo"])
        .output()
        .expect("echo is on every Linux and macOS machine");
    println!("echo: {}", out.status);
    println!("  success: {}", out.status.success());
    println!("  stdout: {:?}", String::from_utf8_lossy(&out.stdout));

    // A program that runs but fails: `ls` on a folder that is not there.
    let out = Command::new("ls")
        .arg("/no/such/folder")
        .output()
        .expect("ls is on every Linux and macOS machine");
    println!("ls: success: {}", out.status.success());
    println!("  exit code: {:?}", out.status.code());
    println!(
        "  stderr: {:?}",
        String::from_utf8_lossy(&out.stderr).trim_end()
    );

    // A program that is not there at all: the spawn itself fails.
    match Command::new("no-such-program").output() {
        Ok(out) => println!("no-such-program ran?! {}", out.status),
        Err(e) if e.kind() == ErrorKind::NotFound => println!("no-such-program: not found"),
        Err(e) => println!("no-such-program: {e}"),
    }
}
// ANCHOR_END: main
