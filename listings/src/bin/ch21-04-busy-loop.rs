// ANCHOR: main
fn main() {
    println!("spinning");
    let mut n: u64 = 0;
    loop {
        // black_box: the compiler may not prove the loop does nothing.
        n = std::hint::black_box(n.wrapping_add(1));
    }
}
// ANCHOR_END: main
