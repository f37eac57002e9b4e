// Mistake: approving before locking shrinks the window between the two
// locks, so a run usually gets through, but the two transfers still lock
// in opposite orders: when both take their first lock at the same moment,
// they deadlock. A bug that shows once in a while is still a bug.
// grader: fails lock order, saying "In opposite orders"
fn transfer(from: &Account, to: &Account, amount: i64) {
    approve(from, to, amount);
    let mut from_balance = from.lock();
    let mut to_balance = to.lock();
    *from_balance -= amount;
    *to_balance += amount;
}
