use std::sync::{Barrier, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

struct Account {
    id: u32,
    name: &'static str,
    balance: Mutex<i64>,
}

fn account(id: u32, name: &'static str, balance: i64) -> Account {
    let balance = Mutex::new(balance);
    Account { id, name, balance }
}

type Guard<'a> = MutexGuard<'a, i64>;

// ANCHOR: transfer
/// Locks both accounts, the one with the smaller `id` first, whichever
/// way the money goes. Returns the guards as (from, to).
fn lock_both<'a>(from: &'a Account, to: &'a Account) -> (Guard<'a>, Guard<'a>) {
    if from.id < to.id {
        let from_balance = from.balance.lock().unwrap();
        (from_balance, to.balance.lock().unwrap())
    } else {
        let to_balance = to.balance.lock().unwrap();
        (from.balance.lock().unwrap(), to_balance)
    }
}

fn transfer(from: &Account, to: &Account, amount: i64, barrier: &Barrier, start: Instant) {
    barrier.wait(); // both transfers set off at the same moment
    let (mut from_balance, mut to_balance) = lock_both(from, to);
    let name = format!("{} to {}", from.name, to.name);
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    *from_balance -= amount;
    *to_balance += amount;
    thread::sleep(Duration::from_millis(100)); // say, writing to a ledger
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
}
// ANCHOR_END: transfer

fn main() {
    let start = Instant::now();
    let (a, b) = (account(1, "a", 100), account(2, "b", 100));
    let barrier = Barrier::new(2);
    thread::scope(|s| {
        s.spawn(|| transfer(&a, &b, 20, &barrier, start));
        s.spawn(|| transfer(&b, &a, 10, &barrier, start));
    });
    let a = a.balance.into_inner().unwrap();
    let b = b.balance.into_inner().unwrap();
    println!("a = {a}, b = {b}, total {}", a + b);
    println!("all done in {} ms", start.elapsed().as_millis());
}
