/// Moves `amount` from `from` to `to`.
fn transfer(from: &Account, to: &Account, amount: i64) {
    // Every transfer locks the account with the smaller `id` first,
    // whichever way the money goes. A thread that holds the first lock can
    // then always get the second: no thread holds the second lock while it
    // waits for the first, so there is no cycle of threads waiting for each
    // other.
    let (mut from_balance, mut to_balance) = if from.id < to.id {
        let from_balance = from.lock();
        (from_balance, to.lock())
    } else {
        let to_balance = to.lock();
        (from.lock(), to_balance)
    };
    approve(from, to, amount);
    // The guards are named by account, not by the order they were taken
    // in: the money goes from `from` to `to` either way.
    *from_balance -= amount;
    *to_balance += amount;
}
