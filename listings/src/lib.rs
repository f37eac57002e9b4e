//! The listings of the book are the programs in `src/bin/`. This library
//! holds only what must *not* compile: each listing in `compile_fail/` is
//! checked here, by a rustdoc doctest, for the exact error the book
//! explains. (The book's own test proves each such block fails at all, and
//! that the page names the same error code as this file.)

/// Declares that a listing of `compile_fail/` fails with one error code;
/// or, for an error that rustc gives no code, that it fails at all, with
/// `words = [...]` that the book's test (`check::blocks`) finds in the
/// compiler's message.
macro_rules! compile_fail {
    ($listing:literal, words = [$($words:literal),+ $(,)?]) => {
        #[doc = concat!("`compile_fail/", $listing, ".rs` fails with an error that has no code, saying:")]
        $(#[doc = concat!("- ", $words)])+
        ///
        /// ```compile_fail
        #[doc = include_str!(concat!("../compile_fail/", $listing, ".rs"))]
        /// ```
        pub mod _listing {}
    };
    ($listing:literal, $code:literal) => {
        #[doc = concat!("`compile_fail/", $listing, ".rs` fails with ", $code, ".")]
        ///
        #[doc = concat!("```compile_fail,", $code)]
        #[doc = include_str!(concat!("../compile_fail/", $listing, ".rs"))]
        /// ```
        pub mod _listing {}
    };
}

/// Chapter 1: a spawned closure that borrows instead of owning.
pub mod ch01_03_borrowing_closure {
    compile_fail!("ch01-03-borrowing-closure", "E0373");
}

/// Chapter 2: a vector used after it was moved into a thread.
pub mod ch02_02_used_after_move {
    compile_fail!("ch02-02-used-after-move", "E0382");
}

/// Chapter 2: borrowed halves of a local vector handed to `thread::spawn`.
pub mod ch02_06_borrowed_into_spawn {
    compile_fail!("ch02-06-borrowed-into-spawn", "E0597");
}

/// Chapter 3: assigning through an `Arc`, which gives only shared access.
pub mod ch03_02_assign_through_arc {
    compile_fail!("ch03-02-assign-through-arc", "E0594");
}

/// Chapter 4: a spawned closure that borrows a local `Vec`.
pub mod ch04_01_borrowed_names {
    compile_fail!("ch04-01-borrowed-names", "E0373");
}

/// Chapter 4: an `Rc` sent to threads (not `Send`).
pub mod ch04_03_rc_to_threads {
    compile_fail!("ch04-03-rc-to-threads", "E0277");
}

/// Chapter 4: two scoped threads pushing to one `Vec`.
pub mod ch04_05_two_pushers {
    compile_fail!("ch04-05-two-pushers", "E0499");
}

/// Chapter 4: a `RefCell` shared by two threads (not `Sync`).
pub mod ch04_06_refcell_pushers {
    compile_fail!("ch04-06-refcell-pushers", "E0277");
}

/// Chapter 4: an `Arc<Cell<i32>>` sent to a thread (`Arc<T>` is `Send`
/// only if `T` is `Send` and `Sync`).
pub mod ch04_09_arc_of_cell {
    compile_fail!("ch04-09-arc-of-cell", "E0277");
}

/// Chapter 4: an `RwLock<Cell<i32>>` shared by two threads (`RwLock<T>` is
/// `Sync` only if `T` is `Send` and `Sync`).
pub mod ch04_10_rwlock_of_cell {
    compile_fail!("ch04-10-rwlock-of-cell", "E0277");
}

/// Chapter 5: a value used after it was sent down a channel.
pub mod ch05_02_use_after_send {
    compile_fail!("ch05-02-use-after-send", "E0382");
}

/// Chapter 6: a job given to rayon's `spawn` borrows a local variable.
pub mod ch06_05_spawn_borrows {
    compile_fail!("ch06-05-spawn-borrows", "E0597");
}

/// Chapter 8: a spawned task's async block borrows a local variable.
pub mod ch08_06_spawn_borrows {
    compile_fail!("ch08-06-spawn-borrows", "E0373");
}

/// Chapter 10: a `std::sync::MutexGuard` moved into `spawn_blocking` (not
/// `Send`).
pub mod ch10_07_guard_to_the_pool {
    compile_fail!("ch10-07-guard-to-the-pool", "E0277");
}

/// Chapter 6: std's channel rebuilt from loom's primitives, for the model
/// checks of the chapter's thread pool (`--features loom`).
#[cfg(feature = "loom")]
pub mod ch06_loom;

/// The quizzes' "Which of these can it print?" questions, checked against
/// every output loom finds their programs can print (`--features loom`).
#[cfg(feature = "loom")]
pub mod outcomes;

/// Chapter 7: an async block polled through `Pin::new`, which needs `Unpin`.
pub mod ch07_05_unpinned_poll {
    compile_fail!("ch07-05-unpinned-poll", "E0277");
}

/// Chapter 10: a `std::sync::MutexGuard` held across an `.await` in a
/// spawned task (the future is not `Send`; rustc gives this error no code).
pub mod ch10_08_guard_across_await {
    compile_fail!(
        "ch10-08-guard-across-await",
        words = [
            "future cannot be sent between threads safely",
            "std::sync::MutexGuard",
            "await occurs here",
            "required by a bound in `tokio::spawn`",
        ]
    );
}

/// Chapter 12: a parallel `for_each` that adds to a captured variable.
pub mod ch12_02_shared_total {
    compile_fail!("ch12-02-shared-total", "E0594");
}

/// Chapter 19: an `Rc` held across an `.await` in a task given to
/// `tokio::spawn` (the future is not `Send`; rustc gives this error no code).
pub mod ch19_07_rc_across_await {
    compile_fail!(
        "ch19-07-rc-across-await",
        words = [
            "future cannot be sent between threads safely",
            "has type `Rc<Cell<i32>>` which is not `Send`",
            "await occurs here",
            "required by a bound in `tokio::spawn`",
        ]
    );
}

/// Chapter 20: a `JoinSet` given a future that borrows a local.
pub mod ch20_04_joinset_borrows {
    compile_fail!("ch20-04-joinset-borrows", "E0597");
}

/// Chapter 20: the future of a trait's `async fn` given to `tokio::spawn`
/// by a generic caller (not known to be `Send`; rustc gives this error no
/// code).
pub mod ch20_05_trait_future_not_send {
    compile_fail!(
        "ch20-05-trait-future-not-send",
        words = [
            "future cannot be sent between threads safely",
            "the trait `Send` is not implemented for `impl Future<Output = String>`",
            "required by a bound in `tokio::spawn`",
        ]
    );
}

/// Chapter 20: an `async fn` that calls itself without a box.
pub mod ch20_07_unboxed_recursion {
    compile_fail!("ch20-07-unboxed-recursion", "E0733");
}

/// Chapter 22: a second consumer of std's `mpsc::Receiver` by `clone`,
/// which it does not have.
pub mod ch22_02_cloned_std_receiver {
    compile_fail!("ch22-02-cloned-std-receiver", "E0599");
}

/// Chapter 22: one std `mpsc::Receiver` borrowed by two threads (it is
/// `Send` but not `Sync`).
pub mod ch22_03_shared_std_receiver {
    compile_fail!("ch22-03-shared-std-receiver", "E0277");
}
