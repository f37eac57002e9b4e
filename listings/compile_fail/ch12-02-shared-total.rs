use rayon::prelude::*;

fn main() {
    let items: Vec<u64> = (1..=8).collect();
    // ANCHOR: total
    let mut total = 0;
    items.par_iter().for_each(|&x| {
        total += x * x;
    });
    // ANCHOR_END: total
    println!("sum of squares: {total}");
}
