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
    /// The summary of no reading at all: the identity of `combine`. Combined
    /// with any summary, it gives that summary back: it adds nothing to the
    /// count and the sum, and every reading is below `i32::MAX` and above
    /// `i32::MIN`. rayon may start from it once per piece of the split.
    const EMPTY: Summary = Summary {
        count: 0,
        sum: 0,
        min: i32::MAX,
        max: i32::MIN,
    };

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

/// Reads every sensor, on rayon's threads, and sums the readings up.
fn summarize(sensors: &[u32]) -> Summary {
    sensors
        .par_iter()
        .map(|&sensor| Summary::of(read(sensor)))
        .reduce(|| Summary::EMPTY, Summary::combine)
}
