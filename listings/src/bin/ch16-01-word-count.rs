use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

use timely::dataflow::operators::vec::Map;
use timely::dataflow::operators::{Exchange, Input, Inspect, Probe};
use timely::dataflow::{InputHandleVec, ProbeHandle};

// ANCHOR: text
/// The text to count, one line per round.
const TEXT: &str = "the map is not the territory
the dataflow is the program
every worker counts the words it owns
no worker counts the words it does not own";
// ANCHOR_END: text

// ANCHOR: owner
/// The number every worker computes for a word, the same everywhere: the
/// sum of its bytes. `exchange` sends the word to worker `key % peers`.
fn key(word: &str) -> u64 {
    word.bytes().map(u64::from).sum()
}
// ANCHOR_END: owner

// ANCHOR: hosts
/// Timely reads the addresses of the processes from a host file, one
/// `host:port` a line, in the order of their `-p`. This program takes them
/// as `--hosts host:port,host:port` instead, writes that file, and hands
/// timely `-h FILE` with the rest of the arguments.
fn timely_args() -> Vec<String> {
    let mut args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--hosts") {
        let hosts = args.remove(at + 1).replace(',', "\n");
        args.remove(at);
        let file = std::env::temp_dir().join(format!("ch16-hosts-{}.txt", std::process::id()));
        std::fs::write(&file, hosts + "\n").unwrap();
        args.extend(["-h".into(), file.display().to_string()]);
        // Process 0 listens, the others connect to it, and timely tries a
        // refused connection again only a second later: the others give it
        // a head start.
        if args.windows(2).any(|w| w[0] == "-p" && w[1] != "0") {
            std::thread::sleep(Duration::from_millis(300));
        }
    }
    args
}
// ANCHOR_END: hosts

// ANCHOR: stop
/// `--stop-after-round R`: this process dies once round `R` is complete,
/// to see what its peers do then.
fn stop_after_round(args: &mut Vec<String>) -> Option<usize> {
    let at = args.iter().position(|a| a == "--stop-after-round")?;
    let round = args.remove(at + 1).parse().unwrap();
    args.remove(at);
    Some(round)
}
// ANCHOR_END: stop

fn main() {
    // ANCHOR: workers
    let mut args = timely_args();
    let stop = stop_after_round(&mut args);
    timely::execute_from_args(args.into_iter(), move |worker| {
        let start = Instant::now();
        let (index, peers) = (worker.index(), worker.peers());
        let mut lines = InputHandleVec::<usize, String>::new();
        let mut report = InputHandleVec::<usize, (usize, String, u64)>::new();
        let probe = ProbeHandle::new();
        let counts = Rc::new(RefCell::new(BTreeMap::<String, u64>::new()));
        let gathered = Rc::new(RefCell::new(Vec::new()));
        // ANCHOR_END: workers

        // ANCHOR: dataflow
        worker.dataflow::<usize, _, _>(|scope| {
            let mine = counts.clone();
            scope
                .input_from(&mut lines)
                .flat_map(|line: String| {
                    let words: Vec<String> = line.split_whitespace().map(String::from).collect();
                    words
                })
                .exchange(|word: &String| key(word))
                .inspect(move |word| *mine.borrow_mut().entry(word.clone()).or_insert(0) += 1)
                .probe_with(&probe);

            let all = gathered.clone();
            scope
                .input_from(&mut report)
                .exchange(|_: &(usize, String, u64)| 0)
                .inspect(move |entry| all.borrow_mut().push(entry.clone()))
                .probe_with(&probe);
        });
        // ANCHOR_END: dataflow

        // ANCHOR: rounds
        for (round, line) in TEXT.lines().enumerate() {
            if round % peers == index {
                lines.send(line.to_string());
            }
            lines.advance_to(round + 1);
            report.advance_to(round + 1);
            while probe.less_than(lines.time()) {
                worker.step();
            }
            if index == 0 {
                println!(
                    "round {round} complete: every worker has counted line {}",
                    round + 1
                );
            }
            if stop == Some(round) {
                std::process::exit(1);
            }
        }
        // ANCHOR_END: rounds

        // ANCHOR: report
        for (word, count) in counts.borrow().iter() {
            report.send((index, word.clone(), *count));
        }
        lines.close();
        report.close();
        while worker.step() {}

        if index == 0 {
            let mut gathered = gathered.borrow_mut();
            gathered.sort();
            for w in 0..peers {
                let words: Vec<String> = gathered
                    .iter()
                    .filter(|(by, _, _)| *by == w)
                    .map(|(_, word, count)| format!("{word}={count}"))
                    .collect();
                println!("worker {w} of {peers} counted: {}", words.join(" "));
            }
            let total: u64 = gathered.iter().map(|(_, _, count)| count).sum();
            println!("{total} words, {} different", gathered.len());
            println!(
                "counted in {:.1} ms",
                start.elapsed().as_secs_f64() * 1000.0
            );
        }
        // ANCHOR_END: report
    })
    .unwrap();
}
