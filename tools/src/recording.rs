//! Recorded outputs, and the shape a new run must keep.
//!
//! A page shows a listing's output exactly as one real run printed it, saved
//! in `listings/recorded/<listing>.txt` by `cargo book record`. A new run
//! will not print the same bytes: times differ, and where threads race, the
//! order of lines differs too. So the tests compare *shapes*: every number
//! followed by a time unit is replaced by `#`, thread ids likewise, and then
//! the lines must be equal, in the same order or, where the listing's test
//! says the order is free, as a multiset.

/// How far the order of a listing's output lines is fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// One thread prints everything: the order never changes.
    Exact,
    /// Threads race to print: any order of the same lines is valid. The
    /// listing's tests check the rules an order must keep.
    Free,
}

const TIME_UNITS: &[&str] = &["ns", "us", "µs", "ms", "s"];

/// A line with what varies from run to run taken out: each number followed
/// by a time unit becomes `#` with the unit, `ThreadId(n)` becomes
/// `ThreadId(#)`, and the spaces that pad numbers are folded away.
pub fn normalize(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let (before, from_digits) = rest.split_at(start);
        out.push_str(before);
        let digits = from_digits
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(from_digits.len());
        let (number, after) = from_digits.split_at(digits);
        let spaced = after.trim_start_matches(' ');
        let unit = TIME_UNITS.iter().find(|unit| {
            spaced.starts_with(**unit)
                && !spaced[unit.len()..].starts_with(|c: char| c.is_alphanumeric())
        });
        if let Some(unit) = unit {
            out.push_str("# ");
            out.push_str(unit);
            rest = &spaced[unit.len()..];
        } else if out.ends_with("ThreadId(") {
            out.push('#');
            rest = after;
        } else {
            out.push_str(number);
            rest = after;
        }
    }
    out.push_str(rest);
    // Padding: `[   5 ms]` and `[ 205 ms]` are the same shape.
    out.split(' ')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .replace("[ ", "[")
}

/// Checks that `actual` has the shape of `recorded`, or says how it differs.
pub fn check_shape(recorded: &str, actual: &str, order: Order) -> Result<(), String> {
    let shape = |text: &str| text.lines().map(normalize).collect::<Vec<_>>();
    let (mut want, mut got) = (shape(recorded), shape(actual));
    if order == Order::Free {
        want.sort();
        got.sort();
    }
    if want == got {
        return Ok(());
    }
    let mut report = format!(
        "the run printed {} lines, the recording has {} ({order:?} order)\n",
        got.len(),
        want.len()
    );
    if order == Order::Exact {
        let at = want.iter().zip(&got).take_while(|(w, g)| w == g).count();
        report += &format!(
            "first difference at line {}:\n  recorded: {:?}\n  this run: {:?}\n",
            at + 1,
            want.get(at),
            got.get(at)
        );
    } else {
        let missing: Vec<_> = want.iter().filter(|l| !got.contains(l)).collect();
        let extra: Vec<_> = got.iter().filter(|l| !want.contains(l)).collect();
        report +=
            &format!("  recorded, not printed: {missing:?}\n  printed, not recorded: {extra:?}\n");
    }
    Err(report + "If the listing changed on purpose, run `cargo book record`.")
}

/// `text` with every number (`42`, `0.374`) replaced by `#`: for outputs
/// whose counts, ratios and process ids vary from run to run as well as
/// their times, which only their words and layout can be compared by.
pub fn blank_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii_digit() {
            out.push(c);
            continue;
        }
        out.push('#');
        while let Some(&next) = chars.peek() {
            let decimal = next == '.' && {
                let mut ahead = chars.clone();
                ahead.next();
                ahead.peek().is_some_and(char::is_ascii_digit)
            };
            if !(next.is_ascii_digit() || decimal) {
                break;
            }
            chars.next();
        }
    }
    out
}

/// As [`check_shape`], with every number aside, not only times (see
/// [`blank_numbers`]).
pub fn check_words(recorded: &str, actual: &str, order: Order) -> Result<(), String> {
    check_shape(&blank_numbers(recorded), &blank_numbers(actual), order)
}

/// One line saying where the recordings were made, for the pages to include
/// (`cargo book record` writes it to `listings/recorded/machine.txt`), or
/// where the local runner of `cargo book serve` ran a listing.
/// The count is `available_parallelism`: logical CPUs (hardware threads, as
/// the operating system schedules them), not physical cores.
pub fn machine_description() -> String {
    let output = |program: &str, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .output()
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let plural = if cpus == 1 { "" } else { "s" };
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
    format!(
        "{cpus} logical CPU{plural} ({cpu}), {}, {}\n",
        output("uname", &["-sr"]),
        output("rustc", &["--version"])
    )
}

/// The figure drawn from listing `name`'s recording `text` (read from
/// `file`, for messages): a scaling curve's ([`crate::scaling`]), or the
/// timeline of the tasks it stamps ([`crate::timeline`]); `None` if it is
/// neither.
pub fn figure(name: &str, file: &str, text: &str) -> Result<Option<String>, String> {
    match crate::scaling::figure(name, file, text)? {
        Some(curve) => Ok(Some(curve)),
        None => crate::timeline::figure(name, file, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_is_blanked_for_words_only() {
        assert_eq!(
            blank_numbers("pid 4121 answered 7 in 0.374 ms, 1.95x."),
            "pid # answered # in # ms, #x."
        );
        assert!(
            check_words(
                "speedup 1.93 on 2 cores\n",
                "speedup  11.4 on 16 cores\n",
                Order::Exact
            )
            .is_ok()
        );
        assert!(check_words("speedup 1.93\n", "slowdown 1.93\n", Order::Exact).is_err());
    }

    #[test]
    fn times_and_thread_ids_vary_words_and_counts_do_not() {
        assert_eq!(normalize("[   0 ms] task 1 starts"), "[# ms] task 1 starts");
        assert_eq!(normalize("[ 201 ms] task 1 ends"), "[# ms] task 1 ends");
        assert_eq!(normalize("all done in 1.25s"), "all done in # s");
        assert_eq!(normalize("on ThreadId(7)"), "on ThreadId(#)");
        assert_eq!(normalize("3 tasks, 12 msgs"), "3 tasks, 12 msgs");
        assert_eq!(normalize("total = 4950"), "total = 4950");
    }

    const RECORDED: &str =
        "[   0 ms] a starts\n[   1 ms] b starts\n[ 200 ms] a ends\nall done in 200 ms\n";

    #[test]
    fn exact_order_accepts_other_times_only() {
        let run = "[   0 ms] a starts\n[   2 ms] b starts\n[ 213 ms] a ends\nall done in 214 ms\n";
        assert_eq!(check_shape(RECORDED, run, Order::Exact), Ok(()));
        let swapped =
            "[   0 ms] b starts\n[   2 ms] a starts\n[ 213 ms] a ends\nall done in 214 ms\n";
        let err = check_shape(RECORDED, swapped, Order::Exact).unwrap_err();
        assert!(err.contains("first difference at line 1"), "{err}");
    }

    #[test]
    fn free_order_accepts_any_order_of_the_same_lines() {
        let swapped =
            "[   0 ms] b starts\n[   2 ms] a starts\n[ 213 ms] a ends\nall done in 214 ms\n";
        assert_eq!(check_shape(RECORDED, swapped, Order::Free), Ok(()));
        let missing = "[   0 ms] b starts\n[ 213 ms] a ends\nall done in 214 ms\n";
        let err = check_shape(RECORDED, missing, Order::Free).unwrap_err();
        assert!(
            err.contains("recorded, not printed: [\"[# ms] a starts\"]"),
            "{err}"
        );
        let other =
            "[   0 ms] b starts\n[   2 ms] a starts\n[ 213 ms] a ends\nall done in 214 ms\noops\n";
        assert!(check_shape(RECORDED, other, Order::Free).is_err());
    }
}
