use std::sync::{Barrier, Mutex};
use std::thread;

struct Account {
    name: &'static str,
    balance: Mutex<i64>,
}

fn account(name: &'static str, balance: i64) -> Account {
    let balance = Mutex::new(balance);
    Account { name, balance }
}

// ANCHOR: transfer
fn transfer(from: &Account, to: &Account, amount: i64, barrier: &Barrier) {
    let mut from_balance = from.balance.lock().unwrap();
    println!("{} to {}: locked {}", from.name, to.name, from.name);
    // Neither thread goes on until both hold their first lock.
    barrier.wait();
    println!("{} to {}: waiting for {}", from.name, to.name, to.name);
    let mut to_balance = to.balance.lock().unwrap(); // never returns
    *from_balance -= amount;
    *to_balance += amount;
}

fn main() {
    let (a, b) = (account("a", 100), account("b", 100));
    let barrier = Barrier::new(2);
    thread::scope(|s| {
        s.spawn(|| transfer(&a, &b, 20, &barrier));
        s.spawn(|| transfer(&b, &a, 10, &barrier));
    });
    let a = a.balance.into_inner().unwrap();
    let b = b.balance.into_inner().unwrap();
    println!("a = {a}, b = {b}, total {}", a + b);
}
// ANCHOR_END: transfer
