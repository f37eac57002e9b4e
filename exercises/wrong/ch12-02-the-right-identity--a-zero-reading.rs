// Mistake: the identity is the summary of a reading of zero. It looks
// like nothing, but it counts as one reading: rayon starts every piece of
// the split from it, so the count grows by one per piece, and a zero enters
// the min of summer and the max of winter. An identity must change nothing.
// grader: fails results, saying "once per piece"
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
    sensors
        .par_iter()
        .map(|&sensor| Summary::of(read(sensor)))
        .reduce(|| Summary::of(0), Summary::combine)
}
