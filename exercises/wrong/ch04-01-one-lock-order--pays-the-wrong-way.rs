// Mistake: the locks are taken in one order, but the guards are named
// after that order, not after the accounts: when `to` has the smaller id,
// the money goes from `to` to `from`.
// grader: fails results, saying "money went the wrong way"
fn transfer(from: &Account, to: &Account, amount: i64) {
    let (first, second) = if from.id < to.id {
        (from, to)
    } else {
        (to, from)
    };
    let mut first_balance = first.lock();
    let mut second_balance = second.lock();
    approve(from, to, amount);
    *first_balance -= amount;
    *second_balance += amount;
}
