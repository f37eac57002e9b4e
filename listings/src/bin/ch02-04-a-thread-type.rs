use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

// ANCHOR: type
/// A thread written as a type: its state lives in the struct, its work in
/// `run`, and `start` puts it on a thread of its own.
struct Ticker {
    name: String,
    ticks: u32,
    period: Duration,
    /// When the program began, for the stamps.
    clock: Instant,
    /// Filled in by `run`: how late each tick woke up.
    late: Vec<Duration>,
}

impl Ticker {
    fn new(name: &str, ticks: u32, period: Duration, clock: Instant) -> Ticker {
        Ticker {
            name: name.to_string(),
            ticks,
            period,
            clock,
            late: Vec::new(),
        }
    }

    /// The thread's work: wake up every `period`, `ticks` times.
    fn run(&mut self) {
        let ms = self.clock.elapsed().as_millis();
        println!("[{ms:4} ms] {} starts", self.name);
        let mut due = Instant::now();
        for _ in 0..self.ticks {
            due += self.period;
            thread::sleep(due.saturating_duration_since(Instant::now()));
            self.late.push(due.elapsed());
        }
        let ms = self.clock.elapsed().as_millis();
        println!("[{ms:4} ms] {} ends", self.name);
    }

    /// Moves the ticker onto a new thread named after it. Joining the
    /// handle gives the ticker back, with what `run` recorded.
    fn start(mut self) -> JoinHandle<Ticker> {
        thread::Builder::new()
            .name(self.name.clone())
            .spawn(move || {
                self.run();
                self
            })
            .expect("the system could not start a thread")
    }
}
// ANCHOR_END: type

// ANCHOR: main
fn main() {
    let clock = Instant::now();
    let fast = Ticker::new("fast", 4, Duration::from_millis(50), clock).start();
    let slow = Ticker::new("slow", 2, Duration::from_millis(100), clock).start();
    for handle in [fast, slow] {
        let ticker = handle.join().unwrap();
        let worst = ticker.late.iter().max().unwrap();
        println!(
            "{} ticked {} times, at worst {} µs late",
            ticker.name,
            ticker.late.len(),
            worst.as_micros()
        );
    }
    println!("all done in {} ms", clock.elapsed().as_millis());
}
// ANCHOR_END: main
