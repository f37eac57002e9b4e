// Mistake: locking `to` first instead of `from` changes nothing: the two
// transfers still lock the two accounts in opposite orders (a then b, b
// then a), so each can hold one lock and wait for the other.
// grader: fails no deadlock, saying "each holds one account's lock"
fn transfer(from: &Account, to: &Account, amount: i64) {
    let mut to_balance = to.lock();
    approve(from, to, amount);
    let mut from_balance = from.lock();
    *from_balance -= amount;
    *to_balance += amount;
}
