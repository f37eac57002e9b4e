// Mistake: rayon's `fold` is not the sequential `fold`: it folds each
// piece of the split on its own, and gives a parallel iterator of the
// pieces' summaries, not one value. Keeping the first of them keeps the
// summary of one piece only; `reduce` must combine them all.
// grader: fails results, saying "one partial summary per piece"
use rayon::prelude::*;

/// How many readings, their sum, the lowest and the highest.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Summary {
    count: usize,
    sum: i64,
    min: i32,
    max: i32,
}

impl Summary {
    /// The summary of one reading.
    fn of(reading: i32) -> Summary {
        Summary {
            count: 1,
            sum: i64::from(reading),
            min: reading,
            max: reading,
        }
    }

    /// The summary of two groups of readings, from theirs.
    fn combine(self, other: Summary) -> Summary {
        Summary {
            count: self.count + other.count,
            sum: self.sum + other.sum,
            min: self.min.min(other.min),
            max: self.max.max(other.max),
        }
    }
}

fn summarize(sensors: &[u32]) -> Summary {
    let pieces: Vec<Summary> = sensors
        .par_iter()
        .fold(
            || Summary {
                count: 0,
                sum: 0,
                min: i32::MAX,
                max: i32::MIN,
            },
            |summary, &sensor| summary.combine(Summary::of(read(sensor))),
        )
        .collect();
    pieces[0]
}
