//! Answers worked out another way than the listings work them out, for
//! their tests to check against: a listing that counts primes by trial
//! division is checked against a sieve, so that one mistake cannot sit in
//! both.

/// How many primes there are below `n`, by the sieve of Eratosthenes.
pub fn primes_below(n: u64) -> u64 {
    let n = n as usize;
    let mut composite = vec![false; n];
    let mut count = 0;
    for k in 2..n {
        if !composite[k] {
            count += 1;
            for multiple in (k * k..n).step_by(k) {
                composite[multiple] = true;
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_known_primes() {
        assert_eq!(primes_below(0), 0);
        assert_eq!(primes_below(2), 0);
        assert_eq!(primes_below(3), 1);
        assert_eq!(primes_below(10), 4);
        assert_eq!(primes_below(100), 25);
        assert_eq!(primes_below(1_000_000), 78_498);
    }
}
